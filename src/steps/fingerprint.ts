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
import { scryptSync } from 'node:crypto';

const SALT = 'breakglass secret fingerprint v1';
const COST = { N: 2 ** 14, r: 8, p: 1 } as const;

export function fingerprint(label: string, value: string | Uint8Array): string {
  const hex = scryptSync(value, SALT, 6, COST).toString('hex');
  return `${label}:scrypt:${hex}`;
}
