/**
 * Fingerprints are what the journal and report keep instead of a secret: a
 * label plus 12 hex characters. Enough to match an envelope to a record.
 *
 * Why scrypt and not a plain hash: a Temporary Access Pass has only ~40–50
 * bits of entropy, and a 48-bit sha256 prefix of it could be searched
 * offline by whoever holds a journal or a report. scrypt (Node's own,
 * memory-hard, ~40 ms) makes that search hopeless. The salt is fixed on
 * purpose: equal secrets must give equal fingerprints (a recovered
 * passphrase is matched against the one recorded when it was made).
 */
import { createHash, scryptSync } from 'node:crypto';

const SALT = 'breakglass secret fingerprint v1';
const COST = { N: 2 ** 14, r: 8, p: 1 } as const;

const scryptHex = (value: string | Uint8Array): string => scryptSync(value, SALT, 6, COST).toString('hex');

export function fingerprint(label: string, value: string | Uint8Array): string {
  return `${label}:scrypt:${scryptHex(value)}`;
}

/**
 * Does `value` have the recorded fingerprint `expected`? Also accepts the
 * `label:sha256:<12 hex>` form runs wrote before fingerprints used scrypt, so a
 * fingerprint copied from an older report still checks a recovered passphrase.
 */
export function matchesFingerprint(expected: string, value: string | Uint8Array): boolean {
  const m = /^(?:[^:]+):(scrypt|sha256):([0-9a-f]{12})$/.exec(expected.trim());
  if (!m) return false;
  const hex = m[1] === 'sha256' ? createHash('sha256').update(value).digest('hex').slice(0, 12) : scryptHex(value);
  return hex === m[2];
}
