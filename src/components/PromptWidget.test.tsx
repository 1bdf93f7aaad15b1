import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { Prompt } from '../core/events.js';
import { KEY, result, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { PROMPT_KEYS, PromptWidget, widgetRows } from './PromptWidget.js';

afterEach(() => cleanup());

function show(prompt: Prompt) {
  const onAnswer = vi.fn();
  const app = render(
    <PromptWidget prompt={prompt} active width={80} rows={20} onAnswer={onAnswer} setTyping={() => {}} />,
  );
  return { app, onAnswer, frame: () => stripAnsi(app.lastFrame() ?? '') };
}

describe('PromptWidget', () => {
  it('shows the widget for each kind of prompt, and its answer comes back', async () => {
    const c = show({ type: 'confirm', instanceId: 'c', message: 'Continue?' });
    await waitFor(c.frame, (f) => f.includes('Continue? [Y/n]'));
    await type(c.app.stdin, 'n');
    expect(c.onAnswer).toHaveBeenCalledWith(false);
    cleanup();

    const ch = show({
      type: 'choice',
      instanceId: 'p',
      message: 'Which door?',
      choices: [
        { value: 'a', label: 'Account' },
        { value: 'b', label: 'Application' },
      ],
    });
    await waitFor(ch.frame, (f) => f.includes('Which door?') && f.includes('2. Application'));
    await type(ch.app.stdin, '2');
    expect(ch.onAnswer).toHaveBeenCalledWith('b');
    cleanup();

    const s = show({ type: 'show', instanceId: 's', title: 'Read this', lines: ['then go on'] });
    await waitFor(s.frame, (f) => f.includes('Read this') && f.includes('then go on'));
    await type(s.app.stdin, KEY.enter);
    expect(s.onAnswer).toHaveBeenCalledWith({ acknowledged: true });
  });

  it('a failed step offers what to do next', async () => {
    const f = show({
      type: 'failure',
      instanceId: 'x',
      result: result({ status: 'error', summary: 'Graph refused the read' }),
      canRetry: true,
    });
    await waitFor(f.frame, (x) => x.includes('Graph refused the read') && /retry/i.test(x));
  });

  it('every kind of prompt has keys for `?`', () => {
    for (const keys of Object.values(PROMPT_KEYS)) expect(keys.length).toBeGreaterThan(0);
  });

  it('asks for room by what the prompt holds: a QR code only on a tall screen', () => {
    const p: Prompt = { type: 'show', instanceId: 's', title: 'T', lines: ['a', 'b'], qr: 'https://aka.ms/x' };
    expect(widgetRows(p, 40)).toBe(2 + 2 + 17);
    expect(widgetRows(p, 20)).toBe(2 + 2 + 1);
    expect(widgetRows(undefined, 40)).toBe(0);
  });
});
