/**
 * Certificate client credentials on the practice tenant, through the real MSAL confidential client:
 *  - the service-principal sign-in row names the key the client actually presented (keyId and SHA-1
 *    thumbprint — ServicePrincipalCredentialKeyId / ServicePrincipalCredentialThumbprint,
 *    https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs),
 *    not the app's first credential;
 *  - a certificate credential outside its startDateTime..endDateTime is refused with AADSTS700027
 *    (the stricter reading documented in src/practice/identity/client-auth.ts), and the failure is logged
 *    with that key.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { createPracticeNetworkModule } from '../src/practice/identity/msal-network.js';
import { spSignInRow } from '../src/practice/world/monitoring.js';
import type { ApplicationRec, SpSignInRec } from '../src/practice/world/state.js';
import type { WorldState } from '../src/practice/world/world-state.js';
import { makeAppCertificate, type TestCert } from './tenant-fixtures.js';

const APP_ID = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c'; // BreakGlass-App in sp-break-glass-healthy

interface WorldView {
  applicationByAppId(appId: string): ApplicationRec | undefined;
  addCertificate(app: ApplicationRec, pem: string, name: string): string;
  spSignIns: SpSignInRec[];
}

const sha1 = (pem: string) => createHash('sha1').update(new X509Certificate(pem).raw).digest('hex').toUpperCase();

describe('certificate client credentials: validity and the key used', () => {
  let server: PracticeServer;
  let world: WorldView;
  let first: TestCert;
  let second: TestCert;
  let secondKey: ApplicationRec['keyCredentials'][number];

  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'sp-break-glass-healthy' });
    world = server.world as unknown as WorldView;
    [first, second] = [await makeAppCertificate(), await makeAppCertificate()];
    const app = world.applicationByAppId(APP_ID)!;
    world.addCertificate(app, first.certPem, 'first');
    world.addCertificate(app, second.certPem, 'second');
    secondKey = app.keyCredentials.find((k) => k.displayName === 'second')!;
  }, 60_000);
  afterAll(async () => server?.close());

  const signIn = (cert: TestCert) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: APP_ID,
        authority: `${server.url}/${server.tenantId}`,
        clientCertificate: {
          thumbprintSha256: cert.thumbprintSha256,
          privateKey: readFileSync(cert.pemPath, 'utf8').replace(/^[\s\S]*?(-----BEGIN PRIVATE KEY-----)/, '$1'),
        },
        knownAuthorities: [new URL(server.url).host],
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });

  const lastRow = () => world.spSignIns.filter((s) => s.appId === APP_ID).at(-1)!;

  it('logs the key id and thumbprint of the certificate actually used, not the first one', async () => {
    const token = await signIn(second);
    expect(token?.accessToken).toBeTruthy();
    const row = lastRow();
    expect(row.errorCode).toBe(0);
    expect(row.credentialKeyId).toBe(secondKey.keyId);
    expect(world.applicationByAppId(APP_ID)!.keyCredentials[0]!.keyId).not.toBe(secondKey.keyId);
    expect(row.credentialThumbprint).toBe(sha1(second.certPem));
    // What Log Analytics holds for it.
    const la = spSignInRow(server.world as unknown as WorldState, row);
    expect(la).toMatchObject({
      ServicePrincipalCredentialKeyId: secondKey.keyId,
      ServicePrincipalCredentialThumbprint: sha1(second.certPem),
      ResultType: '0',
    });
  });

  it('refuses a certificate credential that has expired, and logs the failure with its key', async () => {
    const saved = secondKey.endDateTime;
    secondKey.endDateTime = new Date(Date.now() - 86_400_000).toISOString();
    try {
      await expect(signIn(second)).rejects.toThrow(/AADSTS700027[\s\S]*expired/);
      const row = lastRow();
      expect(row.errorCode).toBe(700027);
      expect(row.credentialKeyId).toBe(secondKey.keyId);
    } finally {
      secondKey.endDateTime = saved;
    }
  });

  it('refuses a certificate credential that is not yet valid', async () => {
    const saved = secondKey.startDateTime;
    secondKey.startDateTime = new Date(Date.now() + 7 * 86_400_000).toISOString();
    try {
      await expect(signIn(second)).rejects.toThrow(/AADSTS700027[\s\S]*not yet valid/);
      expect(lastRow().errorCode).toBe(700027);
    } finally {
      secondKey.startDateTime = saved;
    }
    // Back inside its validity, it works again.
    expect((await signIn(second))?.accessToken).toBeTruthy();
  });
});
