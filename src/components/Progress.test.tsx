import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { bar, Progress } from './Progress.js';

afterEach(() => cleanup());

describe('Progress', () => {
  it('shows the message, a bar and the percentage as text', () => {
    const app = render(<Progress message="Waiting for the sign-in log" fraction={0.25} width={60} />);
    const [msg, line] = stripAnsi(app.lastFrame() ?? '').split('\n');
    expect(msg).toBe('⏳ Waiting for the sign-in log');
    // 30 cells at width 60: a quarter full, then the number (no colour needed to read it).
    expect(line).toBe(`${'█'.repeat(8)}${'░'.repeat(22)} 25%`);
  });

  it('counts down to a deadline, and says when it has passed', () => {
    const soon = new Date(Date.now() + 90_000 + 500).toISOString();
    const app = render(<Progress message="Polling" deadline={soon} width={60} />);
    expect(stripAnsi(app.lastFrame() ?? '').split('\n')[1]).toBe('  01:30 left');
    cleanup();
    const past = render(<Progress message="Polling" deadline={new Date(Date.now() - 1000).toISOString()} width={60} />);
    expect(stripAnsi(past.lastFrame() ?? '')).toContain('deadline passed');
  });

  it('shows only the message when there is neither a fraction nor a deadline', () => {
    const app = render(<Progress message="Reading the tenant" width={60} />);
    expect(stripAnsi(app.lastFrame() ?? '')).toBe('⏳ Reading the tenant');
  });

  it('keeps the bar inside 0–100 %', () => {
    expect(bar(-1, 4)).toBe('░░░░');
    expect(bar(2, 4)).toBe('████');
  });
});
