/**
 * `a.localeCompare(b)`, without building ICU's collator when the answer is plain.
 *
 * The first localeCompare of a process loads and builds the collation tables: 10 ms and more on
 * a busy machine, spent by the home screen to sort a dozen titles before its first frame. For
 * printable-ASCII text the default collation (CLDR root, tertiary strength, punctuation not
 * ignored) compares the letters case-blind first, character by character, and orders space before
 * digits before letters, as their lower-case code units do. So when the first case-blind
 * difference is between two of space, digits and letters, or one text is a case-blind prefix of
 * the other, that decides. Anything else (punctuation or symbols at the difference, a difference
 * in case only, any other character) is left to localeCompare itself. collate.test.ts holds this
 * to localeCompare.
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Lower-case letters, digits and space: the characters whose collation order is their code-unit order. */
const isPlain = (c: number): boolean => c === 0x20 || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);

export function compareText(a: string, b: string): number {
  if (!PRINTABLE_ASCII.test(a) || !PRINTABLE_ASCII.test(b)) return a.localeCompare(b);
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x.charCodeAt(i);
    const cy = y.charCodeAt(i);
    if (cx === cy) continue;
    return isPlain(cx) && isPlain(cy) ? (cx < cy ? -1 : 1) : a.localeCompare(b);
  }
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return a === b ? 0 : a.localeCompare(b);
}
