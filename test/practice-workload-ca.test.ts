/**
 * Conditional Access for workload identities at the practice tenant's token endpoint, through the real
 * MSAL confidential client with a certificate (sp-break-glass-healthy: BreakGlass-App may get tokens only
 * from BG-App-Vault-Network, 198.51.100.0/24; the scenario's simulation.servicePrincipalSignInIp is the
 * caller's address):
 *  - inside the allowed location a token is issued;
 *  - outside it the request is refused with AADSTS53003, "Access has been blocked by Conditional Access
 *    policies. The access policy does not allow token issuance."
 *    (https://learn.microsoft.com/entra/identity-platform/reference-error-codes), and the app's sign-in log
 *    row says so (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity);
 *  - a report-only policy blocks nothing (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only).
 */
import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { createPracticeNetworkModule } from '../src/practice/identity/msal-network.js';
import type { ApplicationRec, SpSignInRec } from '../src/practice/world/state.js';
import { makeAppCertificate, type TestCert } from './tenant-fixtures.js';

const APP_ID = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c'; // BreakGlass-App in sp-break-glass-healthy

interface WorldView {
  applicationByAppId(appId: string): ApplicationRec | undefined;
  addCertificate(app: ApplicationRec, pem: string, name: string): string;
  spSignIns: SpSignInRec[];
  servicePrincipalSignInIp: string;
  caPolicies: Map<string, Record<string, unknown>>;
}

describe('Conditional Access for workload identities at the token endpoint', () => {
  let server: PracticeServer;
  let world: WorldView;
  let cert: TestCert;

  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'sp-break-glass-healthy' });
    world = server.world as unknown as WorldView;
    cert = await makeAppCertificate();
    world.addCertificate(world.applicationByAppId(APP_ID)!, cert.certPem, 'drill');
  }, 60_000);
  afterAll(async () => server?.close());

  const signIn = () =>
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
    }).acquireTokenByClientCredential({ scopes: ['https://management.azure.com/.default'], skipCache: true });
  const lastRow = () => world.spSignIns.filter((s) => s.appId === APP_ID).at(-1)!;

  it('issues a token to the app from inside its allowed named location', async () => {
    world.servicePrincipalSignInIp = '198.51.100.20';
    expect((await signIn())?.accessToken).toBeTruthy();
    expect(lastRow()).toMatchObject({ errorCode: 0, ipAddress: '198.51.100.20' });
  });

  it('refuses it from anywhere else with AADSTS53003, and the sign-in log records the block', async () => {
    world.servicePrincipalSignInIp = '203.0.113.50';
    const err = await signIn().then(
      () => undefined,
      (e: unknown) => e as { errorCode?: string; errorMessage?: string },
    );
    expect(err?.errorCode).toBe('invalid_grant');
    expect(err?.errorMessage).toMatch(
      /^AADSTS53003: Access has been blocked by Conditional Access policies\. The access policy does not allow token issuance\./,
    );
    expect(lastRow()).toMatchObject({
      errorCode: 53003,
      failureReason: 'Access has been blocked due to Conditional Access policies.',
      ipAddress: '203.0.113.50',
    });
  });

  it('a report-only policy blocks nothing', async () => {
    const p = [...world.caPolicies.values()].find(
      (x) => x.displayName === 'CA400-BreakGlass-App-Only-From-Vault-Network',
    )!;
    p.state = 'enabledForReportingButNotEnforced';
    world.servicePrincipalSignInIp = '203.0.113.50';
    expect((await signIn())?.accessToken).toBeTruthy();
    p.state = 'enabled';
  });
});
