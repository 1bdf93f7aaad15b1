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

  // One row per removed range: [what, input, single-line output, multi-line output].
  const REMOVED: [string, string, string, string][] = [
    ['C0 controls (NUL, BEL, BS, VT, FF)', 'a\u0000b\u0007c\u0008d\u000be\u000cf', 'abcdef', 'abcdef'],
    ['DEL and C1 controls', 'a\u007fb\u0080c\u0085d\u008ae', 'abcde', 'abcde'],
    ['ESC CSI sequence', 'a\u001b[31mb', 'ab', 'ab'],
    ['lone ESC', 'a\u001bb', 'a', 'a'],
    ['line separator U+2028', 'a\u2028b', 'a b', 'a\nb'],
    ['paragraph separator U+2029', 'a\u2029b', 'a b', 'a\nb'],
    ['bidi embeddings/overrides U+202A–202E', 'a\u202ab\u202bc\u202cd\u202de\u202ef', 'abcdef', 'abcdef'],
    ['bidi isolates U+2066–2069', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde', 'abcde'],
    ['LRM/RLM U+200E/200F', 'a\u200eb\u200fc', 'abc', 'abc'],
    ['Arabic letter mark U+061C', 'a\u061cb', 'ab', 'ab'],
    ['zero-width space/non-joiner/joiner U+200B–200D', 'a\u200bb\u200cc\u200dd', 'abcd', 'abcd'],
    ['word joiner U+2060', 'a\u2060b', 'ab', 'ab'],
    ['BOM / ZWNBSP U+FEFF', '\ufeffa\ufeffb', 'ab', 'ab'],
    ['soft hyphen U+00AD', 'ad\u00admin', 'admin', 'admin'],
    ['tag characters U+E0000–E007F', 'a\u{e0000}b\u{e0041}\u{e0069}\u{e007f}c', 'abc', 'abc'],
    ['stacked variation selectors', 'x\ufe00\ufe01\ufe0fy', 'xy', 'xy'],
    ['stacked supplementary variation selectors', 'x\u{e0100}\u{e0101}\u{e01ef}y', 'xy', 'xy'],
    ['lone high surrogate', 'a\ud800b', 'a\ufffdb', 'a\ufffdb'],
    ['lone low surrogate', 'a\udc00b', 'a\ufffdb', 'a\ufffdb'],
  ];
  it.each(REMOVED)('removes or neutralises %s', (_what, input, one, multi) => {
    expect(sanitize(input)).toBe(one);
    expect(sanitize(input, { multiline: true })).toBe(multi);
    expect(isSuspicious(input)).toBe(true);
  });

  const ORDINARY: [string, string][] = [
    ['Latin with diacritics', 'Zoë Ångström'],
    ['Japanese', '緊急アクセス用アカウント'],
    ['Arabic letters (no controls)', 'حساب الطوارئ'],
    ['Hebrew', 'חשבון חירום'],
    ['Devanagari (needs ZWJ-free shaping)', 'आपातकालीन खाता'],
    ['Cyrillic', 'Аварийный доступ'],
    ['emoji with one variation selector', 'on call ❤️ ☎️'],
    ['emoji sequence without ZWJ and a flag', '🚨 🇩🇪 👍🏽'],
    ['CJK ideograph with one ideographic variation selector', '葛\u{e0100}'],
    ['a pair of surrogates (astral character)', '𝒜 𠀋'],
  ];
  it.each(ORDINARY)('keeps %s unchanged', (_what, text) => {
    expect(sanitize(text)).toBe(text);
    expect(sanitize(text, { multiline: true })).toBe(text);
    expect(isSuspicious(text)).toBe(false);
  });

  it('keeps tabs when asked, turns them into spaces otherwise', () => {
    expect(sanitize('a\tb', { keepTabs: true })).toBe('a\tb');
    expect(sanitize('a\tb')).toBe('a b');
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
