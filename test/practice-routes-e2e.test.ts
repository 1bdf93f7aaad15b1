/**
 * The practice tenant's world + routes through real HTTPS with the real
 * SDKs: MSAL device code for a Log Analytics token, then the real
 * LogsQueryClient (@azure/monitor-query-logs) querying SigninLogs, and the
 * Graph client creating a TAP and adding a group member.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { Client } from '@microsoft/microsoft-graph-client';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import type { World } from '../src/practice/world/index.js';
import { practiceToken } from './harness/practice-token.js';

const WORKSPACE = 'c0ffee00-1234-4abc-9def-0123456789ab';
let server: PracticeServer;

const token = (scopes: string[]): Promise<string> => practiceToken(server, scopes);

function logsClient(tok: string): LogsQueryClient {
  const credential = { getToken: async () => ({ token: tok, expiresOnTimestamp: Date.now() + 3_600_000 }) };
  return new LogsQueryClient(credential, {
    endpoint: server.endpoints.logs,
    tlsOptions: { ca: server.caPem },
    retryOptions: { maxRetries: 0 },
  });
}

beforeAll(async () => {
  server = await startPracticeServer({ scenario: 'healthy', autoApproveDeviceCodeAfterMs: 0, seed: 5 });
});
afterAll(async () => {
  await server?.close();
});

describe('LogsQueryClient against the practice workspace', () => {
  it('queries SigninLogs; new sign-ins appear after the ingestion delay', async () => {
    const client = logsClient(await token(['https://api.loganalytics.io/.default']));
    const kql =
      'SigninLogs | where UserPrincipalName startswith "bg-admin-" | project TimeGenerated, UserPrincipalName, ResultType, LocationDetails | order by TimeGenerated desc';
    const r = await client.queryWorkspace(WORKSPACE, kql, { duration: 'P90D' });
    expect(r.status).toBe('Success');
    const t = (r as { tables: { columnDescriptors: { name: string }[]; rows: unknown[][] }[] }).tables[0]!;
    expect(t.columnDescriptors.map((c) => c.name)).toEqual([
      'TimeGenerated',
      'UserPrincipalName',
      'ResultType',
      'LocationDetails',
    ]);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]![0]).toBeInstanceOf(Date); // the SDK parsed the datetime column
    expect((t.rows[0]![3] as { city: string }).city).toBe('London'); // …and the dynamic column

    const world = server.world as unknown as World;
    world.simulateSignIn({ upn: 'bg-admin-02@contosopractice.onmicrosoft.com', method: 'password', fail: true });
    const recent =
      'SigninLogs | where TimeGenerated > ago(1h) | where UserPrincipalName startswith "bg-admin-" | project UserPrincipalName, ResultType';
    const before = await client.queryWorkspace(WORKSPACE, recent, { duration: 'PT1H' });
    expect((before as { tables: { rows: unknown[][] }[] }).tables[0]!.rows).toHaveLength(0);
    world.clock.advance(3 * 60_000);
    const after = await client.queryWorkspace(WORKSPACE, recent, { duration: 'PT1H' });
    expect((after as { tables: { rows: unknown[][] }[] }).tables[0]!.rows).toEqual([
      ['bg-admin-02@contosopractice.onmicrosoft.com', '50126'],
    ]);
  });

  it('a query outside the KQL subset is the service’s 400, surfaced by the SDK', async () => {
    const client = logsClient(await token(['https://api.loganalytics.io/.default']));
    const err = await client
      .queryWorkspace(WORKSPACE, 'SigninLogs | join (AuditLogs) on CorrelationId', { duration: 'PT1H' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'BadArgumentError' });
  });
});

describe('Graph client against the world', () => {
  it('creates a TAP (shown once) and adds a group member (400 the second time)', async () => {
    const tok = await token([
      'https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All',
      'https://graph.microsoft.com/GroupMember.ReadWrite.All',
      'https://graph.microsoft.com/RoleManagement.ReadWrite.Directory',
    ]);
    const client = Client.init({
      authProvider: (done) => done(null, tok),
      baseUrl: server.url,
      customHosts: new Set([new URL(server.url).hostname]),
      fetchOptions: { dispatcher: new Agent({ connect: { ca: server.caPem } }) },
    });
    const upn = 'bg-admin-01@contosopractice.onmicrosoft.com';
    const tap = await client
      .api(`/users/${upn}/authentication/temporaryAccessPassMethods`)
      .post({ lifetimeInMinutes: 60, isUsableOnce: true });
    expect(tap.temporaryAccessPass).toMatch(/^.{8}$/);
    const list = await client.api(`/users/${upn}/authentication/temporaryAccessPassMethods`).get();
    expect(list.value[0].temporaryAccessPass).toBeNull();
    const sam = (server.world as unknown as World).user('sam.staff@contoso-practice.com')!;
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${sam.id}` };
    await client.api('/groups/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d/members/$ref').post(ref);
    const again = await client
      .api('/groups/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d/members/$ref')
      .post(ref)
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 400 });
  });
});
