/**
 * Opening a signer's private key, in two steps a sign-off form can take as the
 * person types: is this file a private key, and does it need a passphrase
 * (readSigningKey); does this passphrase open it (unlockSigningKey). Each says
 * what is wrong in words — "wrong passphrase for <key file>" — so the form
 * keeps the field and the person types again, instead of learning it after
 * the next signer has entered everything.
 */
import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isSealedKey, openSealedKey } from '../util/sealed-key.js';

/** How the key is protected: sealed (ours, scrypt), a PKCS#8 ENCRYPTED PEM, or not at all. */
export type KeyLock = 'sealed' | 'encrypted' | 'none';

export type KeyRead = { ok: true; lock: KeyLock; text: string } | { ok: false; problem: string };
export type KeyUnlock = { ok: true; fingerprint: string } | { ok: false; problem: string };

export async function readSigningKey(keyPath: string): Promise<KeyRead> {
  let text: string;
  try {
    text = await readFile(keyPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: `no key file at ${keyPath}` };
    if (code === 'EISDIR') return { ok: false, problem: `${keyPath} is a folder, not a key file` };
    return { ok: false, problem: `cannot read the key file ${keyPath}: ${code ?? String(err)}` };
  }
  const trimmed = text.trim();
  if (isSealedKey(text)) return { ok: true, lock: 'sealed', text };
  if (trimmed.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) return { ok: true, lock: 'encrypted', text };
  if (trimmed.startsWith('{') || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed))
    return { ok: true, lock: 'none', text };
  return { ok: false, problem: `${keyPath} is not a private key file (a .pub.pem is the public half)` };
}

/** Opens the key with the passphrase and returns sha256 hex of its public key (SPKI DER). */
export async function unlockSigningKey(keyPath: string, passphrase: string | undefined): Promise<KeyUnlock> {
  const read = await readSigningKey(keyPath);
  if (!read.ok) return read;
  let key: KeyObject;
  try {
    if (read.lock === 'sealed') key = await openSealedKey(read.text, passphrase ?? '');
    else if (read.lock === 'encrypted') key = createPrivateKey({ key: read.text, passphrase: passphrase ?? '' });
    else if (read.text.trim().startsWith('{'))
      key = createPrivateKey({ key: JSON.parse(read.text.trim()) as JsonWebKey, format: 'jwk' });
    else key = createPrivateKey({ key: read.text });
  } catch (err) {
    if (read.lock === 'none') return { ok: false, problem: `${keyPath} is not a private key file` };
    // A damaged or foreign sealed file says so; only a failed decryption is a wrong passphrase.
    const why = (err as Error).message;
    if (read.lock === 'sealed' && why !== 'wrong passphrase') return { ok: false, problem: `${keyPath}: ${why}` };
    return { ok: false, problem: `wrong passphrase for ${keyPath}` };
  }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { ok: true, fingerprint: createHash('sha256').update(spki).digest('hex') };
}
