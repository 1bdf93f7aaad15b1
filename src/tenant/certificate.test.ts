import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAppCertificate, type TestCert } from '../../test/tenant-fixtures.js';
import { loadCertificate } from './certificate.js';
import { TenantError } from '../core/tenant.js';
import { SCRYPT_PARAMS, sealPrivateKey } from '../util/sealed-key.js';

let c: TestCert;
beforeAll(async () => {
  c = await makeAppCertificate();
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('loadCertificate', () => {
  it('PEM: computes the SHA-256 thumbprint and returns an unencrypted PKCS#8 key and the chain', async () => {
    const l = await loadCertificate(c.pemPath);
    expect(l.thumbprintSha256).toBe(c.thumbprintSha256);
    expect(l.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(l.chainPem).toContain('BEGIN CERTIFICATE');
    expect(l.subject).toContain('breakglass-test-app');
  });

  it('encrypted PEM: needs the passphrase; a wrong one is explained', async () => {
    await expect(loadCertificate(c.encryptedPemPath)).rejects.toThrow(/encrypted and no passphrase/);
    await expect(loadCertificate(c.encryptedPemPath, 'wrong')).rejects.toThrow(/passphrase is wrong/);
    expect((await loadCertificate(c.encryptedPemPath, c.passphrase)).thumbprintSha256).toBe(c.thumbprintSha256);
  });

  it.runIf(hasOpenssl())('PFX (OpenSSL 3 default AES) and legacy 3DES PFX with passphrase', async () => {
    expect((await loadCertificate(c.pfxPath!, c.passphrase)).thumbprintSha256).toBe(c.thumbprintSha256);
    await expect(loadCertificate(c.pfxPath!, 'nope')).rejects.toThrow(/passphrase is wrong/);
    await expect(loadCertificate(c.pfxPath!)).rejects.toThrow(TenantError);
    const legacy = join(c.dir, 'legacy.pfx');
    writeFileSync(join(c.dir, 'k.pem'), (await loadCertificate(c.pemPath)).privateKeyPem);
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-in',
        c.pemPath,
        '-inkey',
        join(c.dir, 'k.pem'),
        '-out',
        legacy,
        '-passout',
        'pass:legacy-pass',
        '-keypbe',
        'PBE-SHA1-3DES',
        '-certpbe',
        'PBE-SHA1-3DES',
        '-macalg',
        'sha1',
      ],
      { stdio: 'ignore' },
    );
    expect((await loadCertificate(legacy, 'legacy-pass')).thumbprintSha256).toBe(c.thumbprintSha256);
  });

  it('explains missing files, key-only PEMs, mismatched pairs and expired certificates', async () => {
    await expect(loadCertificate('/nonexistent/app.pem')).rejects.toThrow(/does not exist/);
    const dir = mkdtempSync(join(tmpdir(), 'bg-cert-bad-'));
    const keyOnly = join(dir, 'key.pem');
    writeFileSync(keyOnly, (await loadCertificate(c.pemPath)).privateKeyPem);
    await expect(loadCertificate(keyOnly)).rejects.toThrow(/no certificate/);
    const other = await makeAppCertificate();
    const mismatched = join(dir, 'mismatch.pem');
    writeFileSync(mismatched, other.certPem + (await loadCertificate(c.pemPath)).privateKeyPem);
    await expect(loadCertificate(mismatched)).rejects.toThrow(/matches its private key/);
    await expect(loadCertificate(c.pemPath, undefined, new Date(Date.now() + 365 * 86_400_000))).rejects.toThrow(
      /expired on/,
    );
    const junk = join(dir, 'junk.pfx');
    writeFileSync(junk, Buffer.from('not a certificate at all'));
    await expect(loadCertificate(junk, 'x')).rejects.toThrow(/neither a PEM file nor a readable PFX/);
  });
});

describe('certificate private keys: scrypt, and older key files migrated on next use', () => {
  /** A key-only file beside its certificate (<key>, <key>.crt): the layout app.addCertificate writes. */
  function keyFile(name: string, keyPem: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'bg-certkey-'));
    const path = join(dir, name);
    writeFileSync(path, keyPem, { mode: 0o600 });
    writeFileSync(`${path}.crt`, c.certPem);
    return path;
  }
  const plainKey = () => createPrivateKey({ key: readFileSync(c.pemPath, 'utf8'), format: 'pem' });
  const sealedHeader = (pem: string) =>
    JSON.parse(Buffer.from(pem.split('\n').slice(1, -2).join(''), 'base64').toString('utf8')) as Record<
      string,
      unknown
    >;

  it('a sealed key file (what app.addCertificate now writes) opens with its passphrase, and only with it', async () => {
    const path = keyFile('sealed.key', await sealPrivateKey(plainKey(), 'correct horse'));
    await expect(loadCertificate(path)).rejects.toThrow(/encrypted and no passphrase/);
    await expect(loadCertificate(path, 'wrong')).rejects.toThrow(/passphrase is wrong/);
    const l = await loadCertificate(path, 'correct horse');
    expect(l.thumbprintSha256).toBe(c.thumbprintSha256);
    expect(l.migration).toBeUndefined();
  });

  it("a PBKDF2 key file is re-sealed with scrypt (the signing keys' parameters) on its next use, atomically, 0600", async () => {
    const pbkdf2 = plainKey()
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    const path = keyFile('old.key', pbkdf2);
    const first = await loadCertificate(path, 'pw');
    expect(first.migration).toEqual({ done: true });
    expect(first.thumbprintSha256).toBe(c.thumbprintSha256);
    const now = readFileSync(path, 'utf8');
    expect(now).toMatch(/^-----BEGIN BREAKGLASS ENCRYPTED PRIVATE KEY-----/);
    expect(now).not.toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(sealedHeader(now)).toMatchObject({ kdf: 'scrypt', ...SCRYPT_PARAMS });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // The same key, now sealed: the next use needs no migration and signs in as before.
    const second = await loadCertificate(path, 'pw');
    expect(second.migration).toBeUndefined();
    expect(second.privateKeyPem).toBe(first.privateKeyPem);
    await expect(loadCertificate(path, 'wrong')).rejects.toThrow(/passphrase is wrong/);
  });

  it('a wrong passphrase migrates nothing; a PEM bundle the operator brought is left as it is', async () => {
    const pbkdf2 = plainKey()
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    const path = keyFile('old2.key', pbkdf2);
    await expect(loadCertificate(path, 'nope')).rejects.toThrow(/passphrase is wrong/);
    expect(readFileSync(path, 'utf8')).toBe(pbkdf2);
    const bundle = readFileSync(c.encryptedPemPath, 'utf8');
    const l = await loadCertificate(c.encryptedPemPath, c.passphrase);
    expect(l.migration).toBeUndefined();
    expect(readFileSync(c.encryptedPemPath, 'utf8')).toBe(bundle);
  });
});
