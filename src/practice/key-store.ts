/**
 * The practice tenant's key material, kept between starts in the state folder
 * so a start does not pay for making it: the TLS CA and server certificate
 * (tls.ts) and the RSA key that signs its tokens (identity/signing.ts).
 *
 * One file, `practice-keys.json`, owner-only (0600) in an owner-only folder
 * (0700), written whole (temp file + rename) so a reader never sees half of
 * it. It is used only when it is owned by this user, not readable by others,
 * and its certificates are sound and valid for another day; otherwise new
 * material is made and the file replaced. Two processes starting at once
 * may both make material; each uses its own, the last write stays.
 *
 * The material is only the practice tenant's: nothing here can reach a real
 * tenant, and the CA's private key is never kept.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, importJWK, type JWK, type CryptoKey } from 'jose';
import { createPracticeTls, tlsProblem, type PracticeTls } from './tls.js';
import { generateSigningKeys, type SigningKeys } from './identity/signing.js';

export const KEY_FILE = 'practice-keys.json';
const MIN_VALID_MS = 86_400_000;

export interface PracticeKeys {
  tls: PracticeTls;
  signing: SigningKeys;
  /** 'stored': read from the key store; 'made': made now (and stored, when a folder was given). */
  origin: 'stored' | 'made';
}

interface KeyFile {
  version: 1;
  tls: PracticeTls;
  /** RS256 private key as a JWK (RFC 7517). */
  signingKey: JWK;
}

async function make(): Promise<{ tls: PracticeTls; signing: SigningKeys }> {
  // RSA generation runs on libuv's thread pool while the certificates are made here.
  const [signing, tls] = await Promise.all([generateSigningKeys(), createPracticeTls()]);
  return { tls, signing };
}

async function signingFromJwk(jwk: JWK): Promise<SigningKeys> {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string' || typeof jwk.d !== 'string')
    throw new Error('not an RSA private key');
  const asKey = (k: CryptoKey | Uint8Array): CryptoKey => {
    if (k instanceof Uint8Array) throw new Error('not an asymmetric key');
    return k;
  };
  const privateKey = asKey(await importJWK({ ...jwk, alg: 'RS256' }, 'RS256', { extractable: true }));
  const publicKey = asKey(
    await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256' }, 'RS256', { extractable: true }),
  );
  return { privateKey, publicKey };
}

/** The stored material when it may be used; undefined (never an error) when it must be made anew. */
async function readStored(file: string, now: Date): Promise<{ tls: PracticeTls; signing: SigningKeys } | undefined> {
  try {
    const st = statSync(file);
    // Someone else's file, or one others can read or change, is not trusted.
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) return undefined;
    const k = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile>;
    if (k.version !== 1 || !k.tls || !k.signingKey) return undefined;
    const tls = { caPem: String(k.tls.caPem), certPem: String(k.tls.certPem), keyPem: String(k.tls.keyPem) };
    if (tlsProblem(tls, now, MIN_VALID_MS)) return undefined;
    return { tls, signing: await signingFromJwk(k.signingKey) };
  } catch {
    return undefined; // missing, unreadable or malformed: make new material
  }
}

function store(dir: string, file: string, m: { tls: PracticeTls; signing: SigningKeys }, signingKey: JWK): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const body: KeyFile = { version: 1, tls: m.tls, signingKey };
    writeFileSync(tmp, JSON.stringify(body) + '\n', { mode: 0o600, flag: 'wx' });
    try {
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  } catch {
    // A read-only state folder only costs the next start the time to make keys again.
  }
}

/**
 * Key material for one practice server. `dir` undefined: made for this server
 * only, never written. `dir` given: read from `dir/practice-keys.json` when
 * usable, else made and stored there.
 */
export async function practiceKeys(dir?: string, now: Date = new Date()): Promise<PracticeKeys> {
  if (!dir) return { ...(await make()), origin: 'made' };
  const file = join(dir, KEY_FILE);
  const stored = await readStored(file, now);
  if (stored) return { ...stored, origin: 'stored' };
  const made = await make();
  store(dir, file, made, await exportJWK(made.signing.privateKey));
  return { ...made, origin: 'made' };
}
