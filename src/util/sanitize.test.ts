import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSuspicious, sanitize } from './sanitize.js';

describe('sanitize', () => {
  it('keeps ordinary names, including non-Latin scripts and emoji', () => {
    expect(sanitize('Break Glass 01')).toBe('Break Glass 01');
    expect(sanitize('Zoë Ångström — 緊急 🚨')).toBe('Zoë Ångström — 緊急 🚨');
  });

  it('strips CSI sequences that would recolour, move the cursor or clear the screen', () => {
    expect(sanitize('\x1b[31mred\x1b[0m')).toBe('red');
    expect(sanitize('ok\x1b[2J\x1b[Hwiped')).toBe('okwiped');
    expect(sanitize('a\x1b[1Ab')).toBe('ab');
    expect(sanitize('\x1b[?1049hhidden')).toBe('hidden');
  });

  it('strips OSC window-title and hyperlink sequences (BEL and ST terminated)', () => {
    expect(sanitize('\x1b]0;pwned\x07name')).toBe('name');
    expect(sanitize('\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\')).toBe('click');
    expect(sanitize('\x1b]52;c;ZXZpbA==\x07x')).toBe('x'); // clipboard write
  });

  it('strips 8-bit C1 CSI/OSC and lone C0/C1 controls', () => {
    expect(sanitize('\u009b31mred')).toBe('red');
    expect(sanitize('\u009d0;title\u009cname')).toBe('name');
    expect(sanitize('be\x07ll\x08\x00\x7f')).toBe('bell');
    expect(sanitize('a\u0085b')).toBe('ab');
  });

  it('removes bidi overrides and isolates (Trojan Source) and zero-width characters', () => {
    expect(sanitize('admin\u202egpj.exe')).toBe('admingpj.exe');
    expect(sanitize('\u2066x\u2069\u2067y\u2068z')).toBe('xyz');
    expect(sanitize('bre\u200bak\u200d\u2060gl\ufeffass')).toBe('breakglass');
    expect(sanitize('tag\u{e0041}\u{e0042}s')).toBe('tags');
  });

  it('keeps newlines only when multiline is asked for; tabs become spaces', () => {
    expect(sanitize('a\nb\r\nc')).toBe('a b c');
    expect(sanitize('a\nb\r\nc\td', { multiline: true })).toBe('a\nb\nc d');
  });

  it('truncates with an ellipsis', () => {
    expect(sanitize('abcdefghij', { max: 5 })).toBe('abcd…');
  });

  it('handles non-strings', () => {
    expect(sanitize(undefined)).toBe('');
    expect(sanitize(42)).toBe('42');
  });

  it('flags suspicious names', () => {
    expect(isSuspicious('Alice')).toBe(false);
    expect(isSuspicious('Alice\u202e')).toBe(true);
  });

  it('never lets ESC, C1 controls or bidi overrides through (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = sanitize(s, { multiline: true });

        expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
      }),
      { numRuns: 500 },
    );
  });
});
