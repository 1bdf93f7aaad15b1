import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { SecretNotice, SecretSurfaceContext, type SecretSurface } from './SecretNotice.js';
import type { SecretDisplay } from '../core/events.js';

afterEach(() => cleanup());

const secret: SecretDisplay = {
  title: 'Temporary Access Pass for bg1',
  lines: ['TAP: s3cr3t-tap'],
  fingerprint: 'tap:0a1b2c',
};
const prompt = { type: 'secret' as const, instanceId: 'tap', secret };

function surface() {
  const calls: string[] = [];
  const s: SecretSurface = {
    show: (d) => calls.push(`show ${d.title}`),
    hide: () => calls.push('hide'),
  };
  return { s, calls };
}

describe('SecretNotice', () => {
  it('draws the secret on the secret surface, never in its own frame; Enter clears it and answers', async () => {
    const { s, calls } = surface();
    const onAnswer = vi.fn();
    const app = render(
      <SecretSurfaceContext.Provider value={s}>
        <SecretNotice prompt={prompt} active width={80} rows={10} onAnswer={onAnswer} setTyping={() => {}} />
      </SecretSurfaceContext.Provider>,
    );
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    const f = await waitFor(frame, (x) => x.includes('shown on a separate screen'));
    expect(f).toContain('Temporary Access Pass for bg1 — shown on a separate screen');
    expect(f).toContain('Fingerprint recorded: tap:0a1b2c');
    expect(calls).toEqual(['show Temporary Access Pass for bg1']);
    await type(app.stdin, KEY.enter);
    expect(calls).toEqual(['show Temporary Access Pass for bg1', 'hide']);
    expect(onAnswer).toHaveBeenCalledWith({ acknowledged: true });
    for (const fr of app.frames) expect(fr).not.toContain('s3cr3t');
  });

  it('gives the main screen back while an overlay has the keyboard, and shows it again after', async () => {
    const { s, calls } = surface();
    const view = (active: boolean) => (
      <SecretSurfaceContext.Provider value={s}>
        <SecretNotice prompt={prompt} active={active} width={80} rows={10} onAnswer={() => {}} setTyping={() => {}} />
      </SecretSurfaceContext.Provider>
    );
    const app = render(view(true));
    await waitFor(
      () => calls.join(','),
      (c) => c === 'show Temporary Access Pass for bg1',
    );
    app.rerender(view(false));
    await waitFor(
      () => calls.join(','),
      (c) => c.endsWith('hide'),
    );
    app.rerender(view(true));
    await waitFor(
      () => calls.join(','),
      (c) => c === 'show Temporary Access Pass for bg1,hide,show Temporary Access Pass for bg1',
    );
  });

  it('without a secret screen says the secret cannot be shown safely', () => {
    const app = render(
      <SecretNotice prompt={prompt} active width={80} rows={10} onAnswer={() => {}} setTyping={() => {}} />,
    );
    const f = stripAnsi(app.lastFrame() ?? '');
    expect(f).toContain('No secret screen is available; the secret cannot be shown safely.');
    expect(f).not.toContain('s3cr3t');
  });
});
