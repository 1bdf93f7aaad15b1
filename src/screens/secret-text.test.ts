import { describe, expect, it } from 'vitest';
import { secretScreenText } from './secret-text.js';

describe('secret screen text', () => {
  it('boxes the secret, names the audience and fingerprint, and says how to clear it', () => {
    const t = secretScreenText(
      { title: 'Half 1', lines: ['correct horse battery'], fingerprint: 'part:scrypt:abc', audience: 'custodian 1' },
      80,
      { color: false },
    );
    expect(t).toContain('For: custodian 1 — everyone else look away.');
    expect(t).toContain('║ correct horse battery');
    expect(t).toContain('Fingerprint (recorded instead of the secret): part:scrypt:abc');
    expect(t).toContain('Press Enter when it is recorded');
    expect(t).not.toContain('\x1b');
  });

  it('wraps a long secret inside the box and strips escape sequences from it', () => {
    const t = secretScreenText({ title: 't', lines: ['x'.repeat(150) + '\x1b]0;evil\x07'], fingerprint: 'f' }, 60, {
      color: false,
    });
    for (const l of t.split('\n').filter((l) => /^[║╔╚]/.test(l))) expect([...l].length).toBeLessThanOrEqual(60);
    expect(t).not.toContain('evil');
  });

  it('adds a QR code only for an http(s) URL', () => {
    expect(
      secretScreenText({ title: 't', lines: ['s'], fingerprint: 'f', qr: 'https://aka.ms/mysecurityinfo' }, 80, {
        color: false,
      }),
    ).toMatch(/[▀▄█]/);
    expect(
      secretScreenText({ title: 't', lines: ['s'], fingerprint: 'f', qr: 'not a url' }, 80, { color: false }),
    ).not.toMatch(/[▀▄]/);
  });
});
