/**
 * A private key sealed with a passphrase through a memory-hard KDF: scrypt
 * (node:crypto, i.e. OpenSSL's implementation) derives a 256-bit key that
 * encrypts the PKCS#8 DER with AES-256-GCM (node:crypto). Node can only write
 * PKCS#8 PEM with PBKDF2 at 2,048 iterations, which a GPU searches quickly;
 * this container replaces it for signing keys.
 *
 *   -----BEGIN BREAKGLASS ENCRYPTED PRIVATE KEY-----
 *   base64 of JSON { v, kdf: "scrypt", N, r, p, salt, cipher: "aes-256-gcm", iv, tag, data }
 *   -----END BREAKGLASS ENCRYPTED PRIVATE KEY-----
 *
 * The header fields (everything but tag and data) are authenticated as the
 * cipher's additional data, so a changed parameter fails like a wrong passphrase.
 *
 * Parameters: N = 2^17, r = 8, p = 1 (128 MiB, the OWASP Password Storage
 * Cheat Sheet's scrypt recommendation; RFC 7914 section 2 explains N, r, p).
 */
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, scrypt, type KeyObject } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const SEALED_LABEL = 'BREAKGLASS ENCRYPTED PRIVATE KEY';
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
/** A file may not make us spend more than this (a hostile N would otherwise exhaust memory). */
const MAX_N = 2 ** 20;
const MAX_R = 16;
const MAX_P = 4;

interface Header {
  v: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  cipher: 'aes-256-gcm';
  iv: string;
}

function derive(passphrase: string, salt: Buffer, h: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N: h.N, r: h.r, p: h.p, maxmem: 256 * h.N * h.r + 16 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

const aad = (h: Header) => Buffer.from(JSON.stringify([h.v, h.kdf, h.N, h.r, h.p, h.salt, h.cipher, h.iv]));

export function isSealedKey(text: string): boolean {
  return text.includes(`-----BEGIN ${SEALED_LABEL}-----`);
}

/** Seals a private key with `passphrase` (scrypt, AES-256-GCM). */
export async function sealPrivateKey(key: KeyObject, passphrase: string): Promise<string> {
  const header: Header = {
    v: 1,
    kdf: 'scrypt',
    ...SCRYPT_PARAMS,
    salt: randomBytes(16).toString('base64'),
    cipher: 'aes-256-gcm',
    iv: randomBytes(12).toString('base64'),
  };
  const k = await derive(passphrase, Buffer.from(header.salt, 'base64'), header);
  const c = createCipheriv('aes-256-gcm', k, Buffer.from(header.iv, 'base64'));
  c.setAAD(aad(header));
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const data = Buffer.concat([c.update(der), c.final()]);
  const body = Buffer.from(
    JSON.stringify({ ...header, tag: c.getAuthTag().toString('base64'), data: data.toString('base64') }),
  ).toString('base64');
  return `-----BEGIN ${SEALED_LABEL}-----\n${body.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END ${SEALED_LABEL}-----\n`;
}

export class SealedKeyError extends Error {}

/** Opens a sealed key. Throws SealedKeyError('wrong passphrase') or a message naming what is damaged. */
export async function openSealedKey(text: string, passphrase: string): Promise<KeyObject> {
  const m = new RegExp(`-----BEGIN ${SEALED_LABEL}-----([\\s\\S]*?)-----END ${SEALED_LABEL}-----`).exec(text);
  if (!m) throw new SealedKeyError('not a sealed key');
  let f: Header & { tag: string; data: string };
  try {
    f = JSON.parse(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8')) as typeof f;
  } catch {
    throw new SealedKeyError('the key file is damaged (its body is not readable)');
  }
  const int = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
  if (f.v !== 1 || f.kdf !== 'scrypt' || f.cipher !== 'aes-256-gcm')
    throw new SealedKeyError('the key file uses a format this version does not know');
  if (!int(f.N, MAX_N) || (f.N & (f.N - 1)) !== 0 || !int(f.r, MAX_R) || !int(f.p, MAX_P))
    throw new SealedKeyError('the key file has scrypt parameters out of range (damaged or hostile)');
  const header: Header = { v: f.v, kdf: f.kdf, N: f.N, r: f.r, p: f.p, salt: f.salt, cipher: f.cipher, iv: f.iv };
  const k = await derive(passphrase, Buffer.from(String(f.salt), 'base64'), header);
  let der: Buffer;
  try {
    const d = createDecipheriv('aes-256-gcm', k, Buffer.from(String(f.iv), 'base64'));
    d.setAAD(aad(header));
    d.setAuthTag(Buffer.from(String(f.tag), 'base64'));
    der = Buffer.concat([d.update(Buffer.from(String(f.data), 'base64')), d.final()]);
  } catch {
    throw new SealedKeyError('wrong passphrase');
  }
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/**
 * Replaces an older key file (PKCS#8 PEM under PBKDF2) with the same key sealed through scrypt: a
 * new file beside it (wx, 0600), then renamed over it, so a crash leaves one or the other, never
 * half a key. Returns why it could not, or undefined.
 */
export async function resealKeyFile(path: string, key: KeyObject, passphrase: string): Promise<string | undefined> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, await sealPrivateKey(key, passphrase), { mode: 0o600, flag: 'wx' });
    await rename(tmp, path);
    return undefined;
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}
