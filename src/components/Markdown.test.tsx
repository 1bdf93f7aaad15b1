import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { Markdown } from './Markdown.js';

afterEach(() => cleanup());

const source = Array.from({ length: 10 }, (_, i) => `Line ${i + 1} of the instructions.`).join('\n\n');

describe('Markdown', () => {
  it('shows everything when it fits, without a scroll hint', () => {
    const app = render(<Markdown source="Sign in as **bg1** and open `My Sign-ins`." width={80} />);
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toContain('Sign in as bg1 and open My Sign-ins.');
    expect(f).not.toContain('PgUp/PgDn');
  });

  it('with a row budget shows what fits and says how much more there is', () => {
    const app = render(<Markdown source={source} width={80} height={4} />);
    const lines = stripAnsi(app.lastFrame() ?? '').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('Line 1 of the instructions.');
    expect(lines[3]).toMatch(/^↓ \d+ more line\(s\) — PgUp\/PgDn to scroll$/);
  });

  it('scrolled down, says what is above; at the bottom, says end', () => {
    const app = render(<Markdown source={source} width={80} height={4} offset={1000} />);
    const lines = stripAnsi(app.lastFrame() ?? '').split('\n');
    expect(lines.slice(0, 3).join('\n')).toContain('Line 10 of the instructions.');
    expect(lines[3]).toMatch(/^↑ \d+ line\(s\) above · end — PgUp\/PgDn to scroll$/);
  });
});
