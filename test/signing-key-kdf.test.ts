/**
 * Signing keys are sealed with scrypt (memory-hard), not Node's default
 * PKCS#8 encryption (PBKDF2, 2,048 iterations); an older key opens once more
 * and is sealed again with scrypt right after.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyPair, KeyError, keyIdOf, loadPrivateKey } from '../src/report/keys.js';
import { keyFingerprint } from '../src/steps/signoff.js';
import { SEALED_LABEL } from '../src/util/sealed-key.js';

const PASS = 'correct horse battery staple';

function header(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  const body = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as Record<string, unknown>;
}

describe('signing keys: memory-hard KDF', () => {
  it('a new key is sealed with scrypt (N=2^17, r=8, p=1) and AES-256-GCM, never PBKDF2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-kdf-'));
    const k = await createKeyPair({ name: 'Olivia', dir, passphrase: PASS });
    const text = readFileSync(k.privatePath, 'utf8');
    expect(text.startsWith(`-----BEGIN ${SEALED_LABEL}-----`)).toBe(true);
    expect(text).not.toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(header(k.privatePath)).toMatchObject({ kdf: 'scrypt', N: 131072, r: 8, p: 1, cipher: 'aes-256-gcm' });
    expect(statSync(k.privatePath).mode & 0o777).toBe(0o600);
    const loaded = await loadPrivateKey(k.privatePath, PASS);
    expect(loaded.keyid).toBe(k.keyid);
    expect(loaded.migration).toBeUndefined();
    await expect(loadPrivateKey(k.privatePath, 'not the passphrase')).rejects.toThrow(/wrong passphrase/);
    // The sign-off step opens the same file.
    expect(await keyFingerprint(k.privatePath, PASS)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an older PBKDF2 key opens, is sealed again with scrypt, and stays the same key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-kdf-'));
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const path = join(dir, 'old.key.pem');
    // What earlier versions wrote: Node's PKCS#8 export, PBES2 with PBKDF2 (2,048 iterations).
    const legacy = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS });
    writeFileSync(path, legacy, { mode: 0o600 });

    // A wrong passphrase changes nothing.
    await expect(loadPrivateKey(path, 'not the passphrase')).rejects.toBeInstanceOf(KeyError);
    expect(readFileSync(path, 'utf8')).toBe(legacy);

    const first = await loadPrivateKey(path, PASS);
    expect(first.keyid).toBe(keyIdOf(publicKey));
    expect(first.migration).toEqual({ done: true });
    expect(readFileSync(path, 'utf8').startsWith(`-----BEGIN ${SEALED_LABEL}-----`)).toBe(true);
    expect(header(path)).toMatchObject({ kdf: 'scrypt', N: 131072 });
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const second = await loadPrivateKey(path, PASS);
    expect(second.keyid).toBe(keyIdOf(publicKey));
    expect(second.migration).toBeUndefined();
  });

  it('a changed scrypt parameter is refused like a wrong passphrase, a hostile one before any work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-kdf-'));
    const k = await createKeyPair({ name: 'Wes', dir, passphrase: PASS });
    const h = header(k.privatePath);
    const write = (over: Record<string, unknown>) =>
      writeFileSync(
        k.privatePath,
        `-----BEGIN ${SEALED_LABEL}-----\n${Buffer.from(JSON.stringify({ ...h, ...over })).toString('base64')}\n-----END ${SEALED_LABEL}-----\n`,
      );
    write({ N: 2 ** 16 });
    await expect(loadPrivateKey(k.privatePath, PASS)).rejects.toThrow(/wrong passphrase/);
    write({ N: 2 ** 30 });
    await expect(loadPrivateKey(k.privatePath, PASS)).rejects.toThrow(/scrypt parameters out of range/);
  });
});
