import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { TextInput } from './TextInput.js';

afterEach(() => cleanup());

/** A field holding its own value, as a form does. */
function Field(props: { mask?: boolean; placeholder?: string; focus?: boolean; onSubmit?(v: string): void }) {
  const [value, setValue] = React.useState('');
  return <TextInput value={value} onChange={setValue} {...props} />;
}

describe('TextInput', () => {
  it('shows what is typed; Backspace deletes the last character, Ctrl+U clears, Enter submits', async () => {
    const onSubmit = vi.fn();
    const app = render(<Field onSubmit={onSubmit} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await type(app.stdin, 'b', 'g', '1', 'x', KEY.backspace);
    // The cursor is an inverse space after the text; Ink trims a line's trailing blanks.
    await waitFor(frame, (f) => f === 'bg1');
    await type(app.stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith('bg1');
    await type(app.stdin, '\x15');
    await waitFor(frame, (f) => f === '');
  });

  it('a paste with a newline keeps one clean line and submits', async () => {
    const onSubmit = vi.fn();
    const app = render(<Field onSubmit={onSubmit} />);
    await type(app.stdin, 'KEY-7\r');
    expect(onSubmit).toHaveBeenCalledWith('KEY-7');
  });

  it('masked, shows only bullets, never what was typed', async () => {
    const app = render(<Field mask />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await type(app.stdin, 's', '3', 'c', 'r', '3', 't');
    await waitFor(frame, (f) => f.startsWith('••••••'));
    for (const f of app.frames) expect(stripAnsi(f)).not.toMatch(/s3|cr3|3t/);
  });

  it('shows the placeholder until something is typed, and takes no keys without focus', async () => {
    const focused = render(<Field placeholder="bg1@contoso.onmicrosoft.com" />);
    const frame = () => stripAnsi(focused.lastFrame() ?? '');
    expect(frame()).toBe('bg1@contoso.onmicrosoft.com');
    await type(focused.stdin, 'a');
    await waitFor(frame, (f) => f === 'a');
    cleanup();
    const unfocused = render(<Field placeholder="bg1@contoso.onmicrosoft.com" focus={false} />);
    await type(unfocused.stdin, 'a');
    expect(stripAnsi(unfocused.lastFrame() ?? '')).toBe('bg1@contoso.onmicrosoft.com');
  });

  it('arrow keys and Escape do not type anything', async () => {
    const app = render(<Field />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await type(app.stdin, 'a', KEY.left, KEY.up, KEY.esc, 'b');
    await waitFor(frame, (f) => f === 'ab');
  });
});
