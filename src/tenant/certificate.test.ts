import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAppCertificate, type TestCert } from '../../test/tenant-fixtures.js';
import { loadCertificate } from './certificate.js';
import { TenantError } from '../core/tenant.js';

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
