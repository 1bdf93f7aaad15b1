import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFrontEnd, NoTerminalError, plainReason } from './index.js';

const pipe = () => new PassThrough() as unknown as NodeJS.ReadStream & NodeJS.WriteStream;

describe('front-end selection', () => {
  it('chooses plain for --plain, screen readers and dumb terminals; the TUI otherwise', () => {
    expect(plainReason({ plain: true, env: {} })).toBe('--plain');
    expect(plainReason({ env: { INK_SCREEN_READER: 'true' } })).toBe('INK_SCREEN_READER=true');
    expect(plainReason({ env: { BREAKGLASS_SCREEN_READER: '1' } })).toBe('BREAKGLASS_SCREEN_READER');
    expect(plainReason({ env: { BREAKGLASS_SCREEN_READER: '0' } })).toBeUndefined();
    expect(plainReason({ env: { TERM: 'dumb' } })).toBe('TERM=dumb');
    expect(plainReason({ env: { TERM: 'xterm-256color' } })).toBeUndefined();
  });

  it('refuses the TUI without a terminal, saying what to use instead', async () => {
    const err = await createFrontEnd({ stdin: pipe(), stdout: pipe(), env: { TERM: 'xterm' } }).catch((e) => e);
    expect(err).toBeInstanceOf(NoTerminalError);
    expect(err.message).toContain('--plain');
    expect(err.message).toContain('breakglass check');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('gives plain mode over pipes when asked', async () => {
    const fe = await createFrontEnd({ plain: true, stdin: pipe(), stdout: pipe(), env: {} });
    expect(fe.mode).toBe('plain');
    await fe.close();
  });
});
