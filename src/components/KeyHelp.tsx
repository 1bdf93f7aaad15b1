/** The `?` overlay: global keys, then the keys of the widget on screen. Esc or ? closes it. */
import type React from 'react';
import { Box, Text } from 'ink';
import { GLOBAL_KEYS, type KeyHelp } from './widget-types.js';

export function KeyHelpPanel({ keys, title }: { keys: KeyHelp; title?: string }): React.ReactElement {
  const all = [...keys, ...GLOBAL_KEYS];
  const w = Math.max(...all.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys{title ? ` — ${title}` : ''}</Text>
      {keys.map(([k, what]) => (
        <Text key={`w${k}`}>
          <Text bold>{k.padEnd(w)}</Text>
          {what}
        </Text>
      ))}
      {GLOBAL_KEYS.map(([k, what]) => (
        <Text key={`g${k}`} dimColor>
          <Text bold>{k.padEnd(w)}</Text>
          {what}
        </Text>
      ))}
      <Text dimColor>Esc or ? to close</Text>
    </Box>
  );
}
