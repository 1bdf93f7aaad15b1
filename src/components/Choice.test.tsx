import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { Choice } from './Choice.js';
import { Show } from './Show.js';

afterEach(() => cleanup());

const prompt = {
  type: 'choice' as const,
  instanceId: 'c',
  message: 'Which path?',
  choices: [
    { value: 'fido2', label: 'FIDO2 key', hint: 'recommended' },
    { value: 'sp', label: 'Service principal' },
    { value: 'abort', label: 'Stop here' },
  ],
};

describe('Choice', () => {
  it('arrows move the highlight and Enter picks it', async () => {
    const onAnswer = vi.fn();
    const app = render(<Choice prompt={prompt} active width={80} rows={10} onAnswer={onAnswer} setTyping={() => {}} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    const f = await waitFor(frame, (f) => f.includes('Which path?'));
    expect(f).toContain('▸ 1. FIDO2 key — recommended');
    await type(app.stdin, KEY.down, KEY.down, KEY.down, KEY.up, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith('abort');
  });

  it('a number picks directly', async () => {
    const onAnswer = vi.fn();
    const app = render(<Choice prompt={prompt} active width={80} rows={10} onAnswer={onAnswer} setTyping={() => {}} />);
    await type(app.stdin, '2');
    expect(onAnswer).toHaveBeenCalledWith('sp');
  });
});

describe('Show', () => {
  it('shows lines and a QR code for a URL when there is room; Enter continues', async () => {
    const onAnswer = vi.fn();
    const app = render(
      <Show
        prompt={{
          type: 'show',
          instanceId: 's',
          title: 'Register the key',
          lines: ['Sign in as bg1 and add the key'],
          qr: 'https://aka.ms/mysecurityinfo',
        }}
        active
        width={80}
        rows={30}
        onAnswer={onAnswer}
        setTyping={() => {}}
      />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    const f = await waitFor(frame, (f) => f.includes('Register the key'));
    expect(f).toContain('Scan to open on your phone:');
    expect(f).toMatch(/[▀▄█]/);
    expect(f).toContain('https://aka.ms/mysecurityinfo');
    await type(app.stdin, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({ acknowledged: true });
  });

  it('falls back to the link when the terminal is too short for a QR code', async () => {
    const app = render(
      <Show
        prompt={{ type: 'show', instanceId: 's', title: 'T', lines: [], qr: 'https://aka.ms/mysecurityinfo' }}
        active
        width={80}
        rows={8}
        onAnswer={() => {}}
        setTyping={() => {}}
      />,
    );
    const f = await waitFor(
      () => stripAnsi(app.lastFrame() ?? ''),
      (f) => f.includes('Link:'),
    );
    expect(f).not.toMatch(/[▀▄]/);
  });
});
