import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { KeyHelpPanel } from './KeyHelp.js';

afterEach(() => cleanup());

describe('KeyHelpPanel', () => {
  it("lists the widget's keys first, then the keys that work everywhere, and how to close it", () => {
    const app = render(
      <KeyHelpPanel
        title="Confirm"
        keys={[
          ['y', 'yes'],
          ['n', 'no'],
        ]}
      />,
    );
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toContain('Keys — Confirm');
    const lines = f.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('yes')).toBeGreaterThan(at('Keys — Confirm'));
    expect(at('no')).toBeGreaterThan(at('yes'));
    expect(at('quit; the run is saved and can be resumed')).toBeGreaterThan(at('no'));
    expect(f).toContain('Ctrl+C');
    expect(lines[at('Esc or ? to close')]).toBeDefined();
    // Keys line up in one column, whatever their length.
    expect(lines[at(' yes')]!.indexOf('yes')).toBe(lines[at('quit;')]!.indexOf('quit;'));
  });

  it('without a title says only "Keys"', () => {
    const app = render(<KeyHelpPanel keys={[]} />);
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toMatch(/│ Keys\s+│/);
    expect(f).toContain('show these keys');
  });
});
