import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { Prompt } from '../core/events.js';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { Failure } from './Failure.js';

afterEach(() => cleanup());

const prompt: Extract<Prompt, { type: 'failure' }> = {
  type: 'failure',
  instanceId: 'sign-in',
  canRetry: true,
  result: {
    status: 'error',
    summary: 'No user "bg-admin-01@contoso.onmicrosoft.com" in this tenant.',
    outputs: {},
    evidence: [],
    startedAt: '',
    finishedAt: '',
    error: {
      what: 'No user "bg-admin-01@contoso.onmicrosoft.com" in this tenant.',
      cause: 'Graph returned 404',
      todo: 'Check the UPN',
    },
  },
  inputs: [
    {
      name: 'account',
      type: 'upn',
      label: 'Break-glass account to use',
      required: true,
      default: 'bg-admin-01@contoso.onmicrosoft.com',
    },
  ],
};

describe('Failure', () => {
  it('offers to correct an input: shown with its value now, edited, and retried from this step', async () => {
    const onAnswer = vi.fn();
    const app = render(
      <Failure prompt={prompt} active onAnswer={onAnswer} setTyping={() => {}} width={80} rows={20} />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    let f = await waitFor(frame, (f) => f.includes('c correct an input and retry'));
    expect(f).toContain('r retry');
    await type(app.stdin, 'c');
    f = await waitFor(frame, (f) => f.includes('Correct an input, then retry from this step'));
    // The value the step used is there to edit, not an empty field.
    expect(f).toMatch(/Break-glass account to use: bg-admin-01@contoso\.onmicrosoft\.com\W*✓ ok/);
    await type(app.stdin, '\x15', ...'bg-admin-02@contosopractice.onmicrosoft.com'.split(''), KEY.enter);
    expect(onAnswer).toHaveBeenCalledWith({
      choice: 'correct',
      inputs: { account: 'bg-admin-02@contosopractice.onmicrosoft.com' },
    });
  });

  it('Esc goes back from the correction to the choices; without inputs there is nothing to correct', async () => {
    const onAnswer = vi.fn();
    const app = render(
      <Failure prompt={prompt} active onAnswer={onAnswer} setTyping={() => {}} width={80} rows={20} />,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitFor(frame, (f) => f.includes('c correct an input'));
    await type(app.stdin, 'c');
    await waitFor(frame, (f) => f.includes('Correct an input'));
    await type(app.stdin, KEY.esc);
    await waitFor(frame, (f) => f.includes('c correct an input and retry'));
    expect(onAnswer).not.toHaveBeenCalled();
    cleanup();

    const bare = render(
      <Failure
        prompt={{ ...prompt, inputs: undefined }}
        active
        onAnswer={onAnswer}
        setTyping={() => {}}
        width={80}
        rows={20}
      />,
    );
    const f = await waitFor(
      () => stripAnsi(bare.lastFrame() ?? ''),
      (f) => f.includes('r retry'),
    );
    expect(f).not.toContain('correct an input');
  });
});
