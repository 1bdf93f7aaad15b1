// The baseline for bench/startup.js: the smallest Ink app that shows a frame
// and waits for a key — what "Ink + React start-up" costs on its own.
import React from 'react';
import { render, Text, useApp, useInput } from 'ink';

function Hello() {
  const { exit } = useApp();
  useInput(() => exit());
  return React.createElement(Text, null, 'hello from ink — press a key');
}

render(React.createElement(Hello));
