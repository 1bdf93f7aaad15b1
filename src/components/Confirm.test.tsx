import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { Confirm } from './Confirm.js';

afterEach(() => cleanup());

function confirm(defaultYes?: boolean, active = true) {
  const onAnswer = vi.fn();
  const prompt = { type: 'confirm' as const, instanceId: 'c', message: 'Sign in as bg1 now?', defaultYes };
  const app = render(
    <Confirm prompt={prompt} active={active} width={80} rows={5} onAnswer={onAnswer} setTyping={() => {}} />,
  );
  return { app, onAnswer, frame: () => stripAnsi(app.lastFrame() ?? '') };
}

describe('Confirm', () => {
  it('asks with the default in capitals; Enter takes it', async () => {
    const { app, onAnswer, frame } = confirm();
    expect(await waitFor(frame, (f) => f.includes('Sign in as bg1 now?'))).toContain('[Y/n]');
    await type(app.stdin, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith(true);
  });

  it('a "no" default shows [y/N] and Enter answers no', async () => {
    const { app, onAnswer, frame } = confirm(false);
    expect(await waitFor(frame, (f) => f.includes('[y/N]'))).toContain('Sign in as bg1 now?');
    await type(app.stdin, KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith(false);
  });

  it('y and n answer whatever the default; other keys do nothing', async () => {
    const yes = confirm(false);
    await type(yes.app.stdin, 'x', 'Y');
    expect(yes.onAnswer.mock.calls).toEqual([[true]]);
    cleanup();
    const no = confirm(true);
    await type(no.app.stdin, 'n');
    expect(no.onAnswer.mock.calls).toEqual([[false]]);
  });

  it('ignores keys while an overlay has the keyboard', async () => {
    const { app, onAnswer } = confirm(true, false);
    await type(app.stdin, 'y', KEY.enter);
    expect(onAnswer).not.toHaveBeenCalled();
  });
});
