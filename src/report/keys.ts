/**
 * Ed25519 signing keys (node:crypto only). Private keys live on disk only
 * sealed with a passphrase through scrypt (util/sealed-key.ts), mode 0600; the
 * passphrase never touches argv, the journal or the report. A key made by an
 * older version (PKCS#8 PEM with PBKDF2 at 2,048 iterations) still opens, and
 * is sealed again with scrypt right after it opens (the file is replaced
 * atomically; the key itself does not change). A key is named by its short fingerprint
 * (keyid): the first 16 hex characters of sha256 over the SPKI DER of the
 * public key — stable, and easy to read aloud to a witness.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSealedKey, openSealedKey, resealKeyFile, sealPrivateKey, SealedKeyError } from '../util/sealed-key.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export const MIN_PASSPHRASE = 12;

export class KeyError extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.FAIL });
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function publicPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** "ab12 cd34 ef56 7890": the keyid grouped for reading aloud. */
export function spaced(keyid: string): string {
  return keyid.replace(/(.{4})(?=.)/g, '$1 ');
}

export function fileSafe(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'key';
}

export interface CreatedKey {
  privatePath: string;
  publicPath: string;
  publicKeyPem: string;
  keyid: string;
}

export async function createKeyPair(opts: { name: string; dir: string; passphrase: string }): Promise<CreatedKey> {
  if (opts.passphrase.length < MIN_PASSPHRASE) {
    throw new KeyError(
      `the passphrase is too short: use at least ${MIN_PASSPHRASE} characters (a few random words work well)`,
    );
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const encrypted = await sealPrivateKey(privateKey, opts.passphrase);
  const keyid = keyIdOf(publicKey);
  const base = `${fileSafe(opts.name)}-${keyid}`;
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const privatePath = join(opts.dir, `${base}.key.pem`);
  const publicPath = join(opts.dir, `${base}.pub.pem`);
  // 'wx': never overwrite an existing key (that would orphan every report it signed).
  await writeFile(privatePath, encrypted, { mode: 0o600, flag: 'wx' });
  await chmod(privatePath, 0o600); // umask cannot widen it, but be explicit
  const pem = publicPem(publicKey);
  await writeFile(publicPath, pem, { mode: 0o644, flag: 'wx' });
  return { privatePath, publicPath, publicKeyPem: pem, keyid };
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KeyError(
      code === 'ENOENT' ? `key file not found: ${path}` : `cannot read key file ${path}: ${code ?? String(e)}`,
    );
  }
}

export interface LoadedKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyid: string;
  /** An older PBKDF2 key file: 'sealed' when it was re-encrypted with scrypt now, else why not. */
  migration?: { done: true } | { done: false; why: string };
}

/** Loads an encrypted private key. A wrong passphrase is a clear error, not an OpenSSL trace. */
export async function loadPrivateKey(path: string, passphrase: string): Promise<LoadedKey> {
  const pem = await readKeyFile(path);
  if (isSealedKey(pem)) {
    let privateKey: KeyObject;
    try {
      privateKey = await openSealedKey(pem, passphrase);
    } catch (e) {
      throw new KeyError(
        e instanceof SealedKeyError && e.message === 'wrong passphrase'
          ? `wrong passphrase for ${path} (or the file is damaged)`
          : `cannot open ${path}: ${(e as Error).message}`,
      );
    }
    return checkedEd25519(path, privateKey);
  }
  if (!pem.includes('PRIVATE KEY'))
    throw new KeyError(
      `${path} is not a private key (expected an encrypted PKCS#8 PEM from \`breakglass keys create\`)`,
    );
  if (!pem.includes('ENCRYPTED PRIVATE KEY'))
    throw new KeyError(
      `${path} is not passphrase-protected; breakglass only signs with encrypted keys (create one with \`breakglass keys create\`)`,
    );
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw new KeyError(`wrong passphrase for ${path} (or the file is damaged)`);
  }
  const loaded = checkedEd25519(path, privateKey);
  // Opened with the right passphrase: seal it again with scrypt (next use of an older key).
  const why = await resealKeyFile(path, privateKey, passphrase);
  return { ...loaded, migration: why === undefined ? { done: true } : { done: false, why } };
}

function checkedEd25519(path: string, privateKey: KeyObject): LoadedKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new KeyError(`${path} is a ${privateKey.asymmetricKeyType} key; breakglass signs with Ed25519 keys`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyid: keyIdOf(publicKey) };
}

export function parsePublicKey(pem: string, where: string): { publicKey: KeyObject; keyid: string } {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new KeyError(`${where} is not a public key PEM (expected "-----BEGIN PUBLIC KEY-----")`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519')
    throw new KeyError(`${where} is a ${publicKey.asymmetricKeyType} key; breakglass reports are signed with Ed25519`);
  return { publicKey, keyid: keyIdOf(publicKey) };
}

export async function loadPublicKey(path: string): Promise<{ publicKey: KeyObject; keyid: string; pem: string }> {
  const pem = await readKeyFile(path);
  if (pem.includes('PRIVATE KEY'))
    throw new KeyError(
      `${path} is a private key; pass the public key (.pub.pem) to --pubkey — never hand out the private key`,
    );
  return { ...parsePublicKey(pem, path), pem };
}
