/**
 * Fingerprints are what the journal and report keep instead of a secret:
 * a label plus the first 12 hex characters of sha256. Enough to match an
 * envelope to a record; far too short to help anyone guess the secret
 * (which has >= 100 bits of entropy).
 */
import { createHash } from 'node:crypto';

export function fingerprint(label: string, value: string | Uint8Array): string {
  const hex = createHash('sha256').update(value).digest('hex').slice(0, 12);
  return `${label}:sha256:${hex}`;
}
