/**
 * Fixtures for the tenant-connection integration tests: the REAL practice
 * server (C1) with the in-test world of test/practice-server.helpers.ts plus
 * a paged /users collection, a users-by-id route and a 403-prone route, and
 * certificate material made with @peculiar/x509 (RSA, like Entra app certs).
 */
import { webcrypto, X509Certificate, createPrivateKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import type { FaultConfig } from '../src/practice/faults.js';
import type { PracticeRoute } from '../src/practice/types.js';
import { makeWorld, testRoutes, type TestWorld } from './practice-server.helpers.js';

export {
  PUBLIC_CLIENT_ID,
  SECRET_APP_ID,
  CERT_APP_ID,
  NO_PERMS_APP_ID,
  APP_SECRET,
} from './practice-server.helpers.js';

/** GET /users with $top / $skiptoken paging and @odata.nextLink, like Graph. */
function usersRoute(): PracticeRoute {
  return {
    host: 'graph',
    method: 'GET',
    pattern: '/users',
    permissions: ['User.Read.All'],
    mutates: false,
    handler: (req, world) => {
      const users = (world as TestWorld).users;
      const top = Math.min(999, Number(req.query.get('$top') ?? '100') || 100);
      const skip = Number(req.query.get('$skiptoken') ?? '0') || 0;
      const page = users.slice(skip, skip + top);
      const body: Record<string, unknown> = {
        '@odata.context': `https://graph.microsoft.com/${req.version}/$metadata#users`,
        value: page,
      };
      if (skip + top < users.length) {
        const q = new URLSearchParams(req.query);
        q.set('$skiptoken', String(skip + top));
        q.set('$top', String(top));
        body['@odata.nextLink'] = `${req.baseUrl}/${req.version}/users?${q.toString()}`;
      }
      return { status: 200, body };
    },
  };
}

/** Needs a permission the default grant lacks: for 403 explanations. */
function policiesRoute(): PracticeRoute {
  return {
    host: 'graph',
    method: 'GET',
    pattern: '/identity/conditionalAccess/policies',
    permissions: ['Policy.Read.All'],
    mutates: false,
    handler: () => ({ status: 200, body: { value: [] } }),
  };
}

export interface Practice {
  server: PracticeServer;
  world: TestWorld;
}

export async function startPractice(
  opts: { faults?: FaultConfig; seed?: number; world?: TestWorld } = {},
): Promise<Practice> {
  const world = opts.world ?? makeWorld();
  const server = await startPracticeServer({
    world,
    routes: [...testRoutes(), usersRoute(), policiesRoute()],
    ...(opts.faults ? { faults: opts.faults } : {}),
    seed: opts.seed ?? 7,
  });
  return { server, world };
}

export interface TestCert {
  dir: string;
  pemPath: string;
  encryptedPemPath: string;
  pfxPath?: string;
  passphrase: string;
  thumbprintSha256: string;
  certPem: string;
}

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A self-signed RSA app certificate in PEM, encrypted PEM and (when openssl exists) PFX with passphrase. */
export async function makeAppCertificate(opts: { notAfter?: Date } = {}): Promise<TestCert> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=breakglass-test-app',
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: opts.notAfter ?? new Date(Date.now() + 30 * 86_400_000),
      keys,
      signingAlgorithm: RSA,
    },
    webcrypto,
  );
  const certPem = cert.toString('pem') + '\n';
  const keyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const passphrase = 'correct horse battery staple';
  const encKey = createPrivateKey(keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
  const dir = mkdtempSync(join(tmpdir(), 'bg-tenant-cert-'));
  const pemPath = join(dir, 'app.pem');
  const encryptedPemPath = join(dir, 'app-encrypted.pem');
  writeFileSync(pemPath, certPem + keyPem, { mode: 0o600 });
  writeFileSync(encryptedPemPath, certPem + encKey, { mode: 0o600 });
  let pfxPath: string | undefined;
  try {
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    writeFileSync(certFile, certPem);
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    pfxPath = join(dir, 'app.pfx');
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-in', certFile, '-inkey', keyFile, '-out', pfxPath, '-passout', 'env:BG_PFX_PASS'],
      {
        env: { ...process.env, BG_PFX_PASS: passphrase },
        stdio: 'ignore',
      },
    );
  } catch {
    pfxPath = undefined;
  }
  const thumbprintSha256 = new X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase();
  return { dir, pemPath, encryptedPemPath, ...(pfxPath ? { pfxPath } : {}), passphrase, thumbprintSha256, certPem };
}
