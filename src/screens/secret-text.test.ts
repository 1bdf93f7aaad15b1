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

  const tap = {
    title: 'Temporary Access Pass for breakglass-emergency-admin-01@contoso-holdings.onmicrosoft.com',
    lines: ['!xMsUH5zzH6dNV_838fM'],
    fingerprint: 'secret:scrypt:6c8db89fb38c',
    qr: 'https://aka.ms/mysecurityinfo',
  };

  it('draws the QR code when the terminal has room for the whole page', () => {
    const t = secretScreenText(tap, 120, { color: false, rows: 40 });
    expect(t).toMatch(/[▀▄]{3}/);
    expect(t).not.toContain('QR code left out');
    expect(t.split('\n').length).toBeLessThanOrEqual(39);
  });

  it.each([
    [80, 24],
    [60, 15],
  ])('at %ix%i leaves the QR code out, says so, keeps the link, and fits', (cols, rows) => {
    const t = secretScreenText(tap, cols, { color: false, rows });
    const lines = t.split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
    expect(lines[0]).toMatch(/^🔒 Temporary Access Pass for/);
    expect(lines.join(' ').replace(/\s+/g, '')).toContain(
      'breakglass-emergency-admin-01@contoso-holdings.onmicrosoft.com',
    );
    expect(t).not.toMatch(/[▀▄]{3}/);
    expect(t).toContain('QR code left out: the terminal is too short.');
    expect(t).toContain('https://aka.ms/mysecurityinfo');
    expect(t).toContain('║ !xMsUH5zzH6dNV_838fM');
    expect(t).toContain('Press Enter when it is recorded');
  });

  it('keeps the title, the secret and the way out even in a very short terminal', () => {
    const t = secretScreenText({ ...tap, audience: 'custodian 1' }, 60, { color: false, rows: 10 });
    expect(t.split('\n')[0]).toMatch(/^🔒 Temporary/);
    expect(t).toContain('For: custodian 1');
    expect(t).toContain('║ !xMsUH5zzH6dNV_838fM');
    expect(t).toContain('Press Enter');
  });
});
