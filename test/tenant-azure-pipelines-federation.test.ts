/**
 * Workload identity federation from an Azure Pipelines job: breakglass asks
 * the job's OIDC token service (simulated by the practice server, modelled on
 * Oidctoken - Create and the Azure DevOps issuer/subject format Learn
 * documents) for a token and the real MSAL exchanges it over TLS at the
 * practice login endpoint, which matches it against the app's federated
 * identity credential like Entra does.
 *
 * Both issuer forms a service connection can use are rehearsed, as Learn's
 * "Check the issuer URL for accuracy" table gives them
 * (https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity):
 * the Azure DevOps issuer https://vstoken.dev.azure.com/<organization id> with
 * subject sc://<organization>/<project>/<connection name>, and the Microsoft
 * Entra issuer https://login.microsoftonline.com/<tenant id>/v2.0 with subject
 * <prefix>/sc/<organization id>/<connection id> (the default for newer
 * connections; https://learn.microsoft.com/azure/devops/pipelines/release/convert-service-connections).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { AuthSession } from '../src/tenant/auth.js';
import { EvidenceLog } from '../src/tenant/evidence.js';
import { cloudProfile } from '../src/config/clouds.js';
import { TenantError } from '../src/core/tenant.js';
import { serviceConnectionFederation } from '../src/practice/identity/azure-devops-issuer.js';

const root = resolve(import.meta.dirname, '..');
const APP = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const JOB = {
  organization: 'contoso',
  organizationId: '0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f',
  project: 'breakglass',
  serviceConnection: { id: '6e5d4c3b-2a19-4807-96a5-b4c3d2e1f0a9', name: 'breakglass-wif' },
};

/** A second connection of the same project, converted to the Microsoft Entra issuer. */
const ENTRA_CONNECTION = { id: '2b3c4d5e-6f70-4819-a2b3-c4d5e6f7a8b9', name: 'breakglass-wif-entra' };
let server: PracticeServer;
let tenantId = '';
const entraJob = () => ({
  ...JOB,
  serviceConnection: ENTRA_CONNECTION,
  issuer: { kind: 'entra' as const, tenantId },
});
beforeAll(async () => {
  const s = parse(readFileSync(join(root, 'src', 'practice', 'scenarios', 'healthy.yaml'), 'utf8'), {
    merge: true,
    maxAliasCount: -1,
  }) as { tenant: { id: string }; applications: object[] };
  tenantId = s.tenant.id;
  s.applications.push({
    displayName: 'breakglass pipeline checks',
    appId: APP,
    servicePrincipal: true,
    appRoles: ['Directory.Read.All'],
    federatedIdentityCredentials: [
      {
        name: 'azure-devops-breakglass-wif',
        // As the service connection page shows them (Azure DevOps issuer).
        issuer: `https://vstoken.dev.azure.com/${JOB.organizationId}`,
        subject: `sc://${JOB.organization}/${JOB.project}/${JOB.serviceConnection.name}`,
        audiences: ['api://AzureADTokenExchange'],
      },
      {
        name: 'azure-devops-breakglass-wif-entra',
        // As the converted service connection shows them (Microsoft Entra issuer).
        ...serviceConnectionFederation(entraJob()),
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  });
  server = await startPracticeServer({ scenario: s });
});
afterAll(async () => {
  await server?.close();
});

function session(env: NodeJS.ProcessEnv): AuthSession {
  return new AuthSession({
    tenantId: server.tenantId,
    clientId: APP,
    flow: 'workload-identity',
    authorityHost: server.url,
    resources: cloudProfile('practice').resources,
    scopes: { graph: [], logs: [], arm: [] },
    caPem: server.caPem,
    trustAuthorityHost: true,
    env,
    evidence: new EvidenceLog(),
  });
}

/** The variables an AzureCLI@2 step with the service connection (and System.AccessToken mapped) has. */
function stepEnv(job: Parameters<PracticeServer['azurePipelinesJob']>[0]): NodeJS.ProcessEnv {
  const c = server.azurePipelinesJob(job);
  return {
    SYSTEM_OIDCREQUESTURI: c.oidcRequestUri,
    AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: c.serviceConnectionId,
    SYSTEM_ACCESSTOKEN: c.accessToken,
  };
}

const tokenRequests = () =>
  server.counterStore.count({ host: 'unknown', method: 'POST', route: '/_oidc/azure-devops/oidctoken', status: 200 });

describe('Azure Pipelines workload identity federation against the practice tenant', () => {
  it('the job token is exchanged for an app-only token of the trusting app', async () => {
    const before = tokenRequests();
    const auth = session(stepEnv(JOB));
    try {
      const who = await auth.identity();
      expect(who).toMatchObject({ kind: 'app', appId: APP });
      expect(tokenRequests() - before).toBe(1);
    } finally {
      auth.close();
    }
  });

  it('a service connection the app does not trust: Entra answers AADSTS700213 naming the subject', async () => {
    const other = { ...JOB, serviceConnection: { ...JOB.serviceConnection, name: 'breakglass-staging' } };
    const auth = session(stepEnv(other));
    try {
      const err = (await auth.identity().then(
        () => undefined,
        (e: unknown) => e,
      )) as TenantError;
      expect(err).toBeInstanceOf(TenantError);
      expect(err.code).toBe('AADSTS700213');
      expect(err.message + err.explanation.cause).toContain(`sc://contoso/breakglass/breakglass-staging`);
    } finally {
      auth.close();
    }
  });

  it('a step without the service connection id is told what to set, before anything is sent', () => {
    const env = stepEnv(JOB);
    delete env['AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'];
    const auth = session(env);
    return auth
      .identity()
      .then(
        () => expect.unreachable(),
        (e: unknown) => {
          expect(e).toBeInstanceOf(TenantError);
          expect((e as TenantError).explanation.cause).toMatch(/no service connection id/);
          expect((e as TenantError).explanation.todo).toMatch(/AzureCLI@2/);
        },
      )
      .finally(() => auth.close());
  });

  it('Microsoft Entra issuer: the connection shows the documented issuer and subject form, and the exchange succeeds', async () => {
    const shown = serviceConnectionFederation(entraJob());
    // Learn's table: https://login.microsoftonline.com/<Entra tenant id>/v2.0 and <prefix>/sc/<organization id>/<connection id>.
    expect(shown.issuer).toBe(`https://login.microsoftonline.com/${tenantId}/v2.0`);
    expect(shown.subject).toMatch(
      new RegExp(`^/eid1/c/pub/t/[A-Za-z0-9_-]+/a/[A-Za-z0-9_-]+/sc/${JOB.organizationId}/${ENTRA_CONNECTION.id}$`),
    );
    const auth = session(stepEnv(entraJob()));
    try {
      expect(await auth.identity()).toMatchObject({ kind: 'app', appId: APP });
    } finally {
      auth.close();
    }
  });

  it('a connection converted to the Entra issuer before the app was updated: AADSTS700213 naming the new subject', async () => {
    // The app trusts this connection only under the Azure DevOps issuer (and the Entra issuer only for the other
    // connection): Entra finds the issuer but no record for the converted connection's subject.
    const converted = { ...JOB, issuer: { kind: 'entra' as const, tenantId } };
    const auth = session(stepEnv(converted));
    try {
      const err = (await auth.identity().then(
        () => undefined,
        (e: unknown) => e,
      )) as TenantError;
      expect(err).toBeInstanceOf(TenantError);
      expect(err.code).toBe('AADSTS700213');
      expect(err.message + err.explanation.cause).toContain(`/sc/${JOB.organizationId}/${JOB.serviceConnection.id}`);
    } finally {
      auth.close();
    }
  });

  it("another tenant's Entra issuer matches no record of this app: AADSTS700211", async () => {
    const other = {
      ...entraJob(),
      issuer: { kind: 'entra' as const, tenantId: '11111111-2222-4333-8444-555555555555' },
    };
    const auth = session(stepEnv(other));
    try {
      const err = (await auth.identity().then(
        () => undefined,
        (e: unknown) => e,
      )) as TenantError;
      expect(err).toBeInstanceOf(TenantError);
      expect(err.code).toBe('AADSTS700211');
    } finally {
      auth.close();
    }
  });
});
