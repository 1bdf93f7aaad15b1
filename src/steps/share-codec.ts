/**
 * Human encoding for Shamir shares written on paper: RFC 4648 base32 in
 * groups of four, with a 2-byte sha256 checksum appended, so a typo made
 * while typing a share back in is caught before the shares are combined.
 * Decoding forgives case, spaces, dashes, and the look-alikes 0/O, 1/I, 8/B.
 */
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CHECKSUM_BYTES = 2;

function checksum(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest().subarray(0, CHECKSUM_BYTES);
}

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`"${ch}" is not a share character (A–Z, 2–7)`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

export function encodeShare(share: Uint8Array): string {
  const body = new Uint8Array(share.length + CHECKSUM_BYTES);
  body.set(share);
  body.set(checksum(share), share.length);
  return base32Encode(body)
    .match(/.{1,4}/g)!
    .join('-');
}

/** Throws with a message the operator understands when the share was mistyped. */
export function decodeShare(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B');
  const body = base32Decode(clean);
  if (body.length <= CHECKSUM_BYTES) throw new Error('the share is too short: check you typed all of it');
  const share = body.subarray(0, body.length - CHECKSUM_BYTES);
  const sum = body.subarray(body.length - CHECKSUM_BYTES);
  const expect = checksum(share);
  if (sum[0] !== expect[0] || sum[1] !== expect[1]) {
    throw new Error('the share’s checksum does not match: a character is mistyped or missing');
  }
  return Uint8Array.from(share);
}
