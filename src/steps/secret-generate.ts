/**
 * Generates passwords and passphrases with node:crypto's unbiased randomInt.
 * There is no dictionary here, so a "passphrase" is groups of characters from
 * an alphabet without look-alikes — easy to read aloud and to copy onto paper,
 * with its entropy computed exactly.
 */
import { randomInt } from 'node:crypto';

/** 31 lowercase letters and digits without look-alikes (no 0/o, 1/l/i): ~4.95 bits each. */
export const PASSPHRASE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-.:=?@^_~';
export const PASSWORD_ALPHABET = UPPER + LOWER + DIGITS + SYMBOLS;

function pick(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

export function passphraseEntropyBits(groups: number, groupLength: number): number {
  return groups * groupLength * Math.log2(PASSPHRASE_ALPHABET.length);
}

export function passwordEntropyBits(length: number): number {
  // Lower bound: the four forced classes are counted as if drawn from their own (smaller) set.
  return (
    (length - 4) * Math.log2(PASSWORD_ALPHABET.length) +
    Math.log2(UPPER.length * LOWER.length * DIGITS.length * SYMBOLS.length)
  );
}

export function generatePassphrase(groups: number, groupLength: number): string {
  const parts: string[] = [];
  for (let i = 0; i < groups; i++) parts.push(pick(PASSPHRASE_ALPHABET, groupLength));
  return parts.join('-');
}

/** Entra complexity: at least one of each class, shuffled with randomInt (Fisher–Yates). */
export function generatePassword(length: number): string {
  const chars = [
    pick(UPPER, 1),
    pick(LOWER, 1),
    pick(DIGITS, 1),
    pick(SYMBOLS, 1),
    ...pick(PASSWORD_ALPHABET, length - 4),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
