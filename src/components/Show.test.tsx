import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { Show } from './Show.js';

afterEach(() => cleanup());

const prompt = (qr?: string) => ({
  type: 'show' as const,
  instanceId: 's',
  title: 'Register the key',
  lines: ['Sign in as bg1', 'Add the security key'],
  ...(qr ? { qr } : {}),
});

describe('Show', () => {
  it('on a short terminal gives the link as text instead of a QR code', async () => {
    const app = render(
      <Show
        prompt={prompt('https://aka.ms/mysecurityinfo')}
        active
        width={80}
        rows={10}
        onAnswer={() => {}}
        setTyping={() => {}}
      />,
    );
    const f = await waitFor(
      () => stripAnsi(app.lastFrame() ?? ''),
      (x) => x.includes('Register the key'),
    );
    expect(f).toContain('  Sign in as bg1\n  Add the security key');
    expect(f).toContain('Link: https://aka.ms/mysecurityinfo');
    expect(f).not.toContain('Scan to open on your phone');
    expect(f).toContain('Press Enter to continue.');
  });

  it('shows no link and no QR code for a QR payload that is not a web address', async () => {
    const app = render(
      <Show prompt={prompt('not a url')} active width={80} rows={40} onAnswer={() => {}} setTyping={() => {}} />,
    );
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).not.toContain('Scan to open');
    expect(f).toContain('Link: not a url');
  });

  it('prints a hostile line without its escape sequences', async () => {
    const app = render(
      <Show
        prompt={{ ...prompt(), lines: ['safe\x1b]0;owned\x07 text\x1b[2J'] }}
        active
        width={80}
        rows={10}
        onAnswer={() => {}}
        setTyping={() => {}}
      />,
    );
    const raw = app.lastFrame() ?? '';
    expect(raw).not.toContain('\x1b]0;');
    expect(raw).not.toContain('\x1b[2J');
    expect(stripAnsi(raw)).toContain('safe text');
  });

  it('only Enter continues, and not while inactive', async () => {
    const onAnswer = vi.fn();
    const app = render(
      <Show prompt={prompt()} active={false} width={80} rows={10} onAnswer={onAnswer} setTyping={() => {}} />,
    );
    await type(app.stdin, KEY.enter);
    expect(onAnswer).not.toHaveBeenCalled();
    app.rerender(<Show prompt={prompt()} active width={80} rows={10} onAnswer={onAnswer} setTyping={() => {}} />);
    await type(app.stdin, 'x', KEY.enter);
    expect(onAnswer.mock.calls).toEqual([[{ acknowledged: true }]]);
  });
});
