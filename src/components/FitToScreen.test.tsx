import React from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { FitToScreen } from './FitToScreen.js';

afterEach(() => cleanup());

const lines = (n: number) => Array.from({ length: n }, (_, i) => <Text key={i}>{`line ${i + 1}`}</Text>);
const rowsOf = (frame: string | undefined) => (frame ? stripAnsi(frame).split('\n') : []);

// The limit comes from the caller (the step runner passes the terminal's rows minus its header and
// footer), not from the terminal: ink-testing-library's fake terminal has no rows to read.
describe('FitToScreen', () => {
  it('never draws more rows than allowed, and what it drops is the top, never the prompt at the bottom', () => {
    const app = render(
      <FitToScreen maxRows={4}>
        {lines(9)}
        <Text>Press Enter to continue.</Text>
      </FitToScreen>,
    );
    expect(rowsOf(app.lastFrame())).toEqual(['line 7', 'line 8', 'line 9', 'Press Enter to continue.']);
    // Every frame Ink painted, not only the last: one frame as tall as the screen makes Ink wipe the scrollback.
    for (const f of app.frames) expect(rowsOf(f).length).toBeLessThanOrEqual(4);
  });

  it('draws everything when it fits, and a new limit applies to the very frame drawn with it', () => {
    const view = (maxRows: number) => <FitToScreen maxRows={maxRows}>{lines(3)}</FitToScreen>;
    const app = render(view(10));
    expect(rowsOf(app.lastFrame())).toEqual(['line 1', 'line 2', 'line 3']);
    const painted = app.frames.length;
    app.rerender(view(2));
    expect(app.frames.slice(painted).map(rowsOf)).toEqual([['line 2', 'line 3']]);
    app.rerender(view(3));
    expect(rowsOf(app.lastFrame())).toEqual(['line 1', 'line 2', 'line 3']);
  });
});
