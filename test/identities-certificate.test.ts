/**
 * Certificate sign-in from a key file alone: `app.addCertificate` writes the
 * encrypted private key to <keyPath> and the certificate to <keyPath>.crt;
 * loadCertificate finds the certificate beside the key, and says how to fix
 * it when it is missing. A wrong passphrase is a clear error.
 */
import { createPrivateKey, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { loadCertificate } from '../src/tenant/certificate.js';

const PASS = 'amber-otter-violin-42-kite';
let dir: string;
let keyPath: string;

beforeAll(async () => {
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=emergency',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: alg,
    keys,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  dir = mkdtempSync(join(tmpdir(), 'bg-cert-'));
  keyPath = join(dir, 'emergency-access-key.pem');
  writeFileSync(
    keyPath,
    createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: PASS,
    }),
  );
  writeFileSync(`${keyPath}.crt`, cert.toString('pem'));
}, 30_000);

describe('key file + sibling .crt', () => {
  it('loads the certificate from <key>.crt and decrypts the key', async () => {
    const c = await loadCertificate(keyPath, PASS);
    expect(c.subject).toContain('CN=emergency');
    expect(c.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
  });

  it('a wrong passphrase is named as such', async () => {
    await expect(loadCertificate(keyPath, 'not-it')).rejects.toMatchObject({
      explanation: { cause: expect.stringMatching(/passphrase is wrong/) },
    });
  });

  it('without the .crt the error says where to put it', async () => {
    rmSync(`${keyPath}.crt`);
    await expect(loadCertificate(keyPath, PASS)).rejects.toMatchObject({
      explanation: { cause: expect.stringMatching(/no certificate/), todo: expect.stringContaining(`${keyPath}.crt`) },
    });
  });
});
