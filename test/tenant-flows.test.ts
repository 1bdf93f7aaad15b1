/**
 * Every sign-in flow through the REAL MSAL against the REAL practice server,
 * then Graph (real Graph client), Log Analytics (real LogsQueryClient) and
 * ARM (core-rest-pipeline) with the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTenant, type ConnectOptions } from '../src/tenant/connect.js';
import { TenantError } from '../src/core/tenant.js';
import {
  APP_SECRET,
  CERT_APP_ID,
  PUBLIC_CLIENT_ID,
  SECRET_APP_ID,
  makeAppCertificate,
  startPractice,
  type Practice,
  type TestCert,
} from './tenant-fixtures.js';

let p: Practice;
let cert: TestCert;

beforeAll(async () => {
  [p, cert] = await Promise.all([startPractice(), makeAppCertificate()]);
  const app = p.world.apps.get(CERT_APP_ID)!;
  app.certificates.push({ thumbprintSha256: cert.thumbprintSha256, pem: cert.certPem });
  // App roles on Log Analytics / ARM so the app-only token can read there too.
  app.appRoles.push('Data.Read', 'user_impersonation');
});
afterAll(async () => {
  await p?.server.close();
});

function base(over: Partial<ConnectOptions>): ConnectOptions {
  return {
    mode: 'practice',
    cloud: 'practice',
    tenantId: p.server.tenantId,
    endpoints: p.server.endpoints,
    caPem: p.server.caPem,
    clientId: PUBLIC_CLIENT_ID,
    flow: 'device-code',
    scopes: [
      'https://graph.microsoft.com/User.Read.All',
      'https://api.loganalytics.io/Data.Read',
      'https://management.azure.com/user_impersonation',
    ],
    ...over,
  };
}

async function exerciseAllServices(s: ReturnType<typeof connectTenant>): Promise<void> {
  const org = await s.graph.request<{ value: { id: string }[] }>({ method: 'GET', path: '/organization' });
  expect(org.status).toBe(200);
  expect(org.body.value[0]!.id).toBe(p.server.tenantId);
  const tables = await s.logs.query('11111111-2222-3333-4444-555555555555', 'SigninLogs | count', 'PT1H');
  expect(tables[0]!.columns[0]!.name).toBe('n');
  expect(tables[0]!.rows).toEqual([[1]]);
  const rule = await s.arm.request<{ name: string }>(
    'GET',
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/bg-alert',
    '2023-12-01',
  );
  expect(rule.body.name).toBe('bg-alert');
  const ev = s.drainEvidence();
  expect(ev.filter((e) => e.service === 'login').length).toBeGreaterThan(0);
  for (const svc of ['graph', 'logs', 'arm'] as const) {
    const e = ev.find((x) => x.service === svc);
    expect(e, svc).toBeDefined();
    expect(e!.status).toBe(200);
    expect(e!.requestId).toMatch(/[0-9a-f-]{36}/);
  }
}

describe('sign-in flows against the practice tenant', () => {
  it('device code: the code reaches the UI callback, is approved, and the token works for Graph, Logs and ARM', async () => {
    const seen: string[] = [];
    const s = connectTenant(
      base({
        callbacks: {
          onDeviceCode: (info) => {
            seen.push(info.userCode);
            expect(info.verificationUri).toContain(p.server.url);
            expect(info.expiresAt.getTime()).toBeGreaterThan(Date.now());
            expect(p.server.approveDeviceCode(info.userCode)).toBe(true);
          },
        },
      }),
    );
    // Lazy: nothing happened yet.
    expect(p.server.counters().requests.filter((r) => r.host === 'login').length).toBe(0);
    const who = await s.identity();
    expect(seen).toHaveLength(1);
    expect(who.kind).toBe('user');
    expect(who.upn).toBe('operator@contoso-practice.onmicrosoft.com');
    expect(who.granted).toContain('User.Read.All');
    await exerciseAllServices(s);
    expect(seen).toHaveLength(1); // Logs and ARM tokens came silently (refresh token), no second code.
    await s.close();
  });

  it('client secret from an environment variable (never argv)', async () => {
    const s = connectTenant(
      base({
        clientId: SECRET_APP_ID,
        flow: 'client-secret',
        secretEnv: 'BG_TEST_SECRET',
        env: { BG_TEST_SECRET: APP_SECRET },
        scopes: [
          'https://graph.microsoft.com/.default',
          'https://api.loganalytics.io/.default',
          'https://management.azure.com/.default',
        ],
      }),
    );
    const who = await s.identity();
    expect(who.kind).toBe('app');
    expect(who.appId).toBe(SECRET_APP_ID);
    expect(who.granted).toEqual(expect.arrayContaining(['User.Read.All', 'Policy.Read.All']));
    const u = await s.graph.request<{ id: string }>({ method: 'GET', path: `/users/${p.world.users[0]!.id}` });
    expect(u.body.id).toBe(p.world.users[0]!.id);
    await s.close();
  });

  it('client secret asked through the prompt callback when the env var is unset', async () => {
    const prompts: string[] = [];
    const s = connectTenant(
      base({
        clientId: SECRET_APP_ID,
        flow: 'client-secret',
        secretEnv: 'BG_UNSET_SECRET',
        env: {},
        scopes: ['https://graph.microsoft.com/.default'],
        callbacks: { onPrompt: async (r) => (prompts.push(r.label), APP_SECRET) },
      }),
    );
    expect((await s.identity()).appId).toBe(SECRET_APP_ID);
    expect(prompts).toEqual([`client secret for app ${SECRET_APP_ID}`]);
    await s.close();
  });

  it('a wrong client secret is explained (AADSTS7000215) with a request-id', async () => {
    const s = connectTenant(
      base({
        clientId: SECRET_APP_ID,
        flow: 'client-secret',
        env: { BREAKGLASS_CLIENT_SECRET: 'wrong' },
        scopes: ['https://graph.microsoft.com/.default'],
      }),
    );
    const err = await s.identity().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TenantError);
    const t = err as TenantError;
    expect(t.code).toBe('AADSTS7000215');
    expect(t.explanation.cause).toMatch(/client secret is wrong/);
    expect(t.requestId).toMatch(/[0-9a-f-]{36}/);
    await s.close();
  });

  it('certificate (PEM): thumbprint computed, assertion accepted, all three services answer', async () => {
    const s = connectTenant(
      base({
        clientId: CERT_APP_ID,
        flow: 'client-certificate',
        certificate: { path: cert.pemPath },
        scopes: [
          'https://graph.microsoft.com/.default',
          'https://api.loganalytics.io/.default',
          'https://management.azure.com/.default',
        ],
      }),
    );
    const who = await s.identity();
    expect(who).toMatchObject({ kind: 'app', appId: CERT_APP_ID });
    expect(who.granted).toContain('User.Read.All');
    await exerciseAllServices(s);
    await s.close();
  });

  it('certificate (encrypted PEM): passphrase asked once through the prompt', async () => {
    let asked = 0;
    const s = connectTenant(
      base({
        clientId: CERT_APP_ID,
        flow: 'client-certificate',
        certificate: { path: cert.encryptedPemPath },
        scopes: ['https://graph.microsoft.com/.default'],
        callbacks: { onPrompt: async () => (asked++, cert.passphrase) },
      }),
    );
    expect((await s.identity()).appId).toBe(CERT_APP_ID);
    expect(asked).toBe(1);
    await s.close();
  });

  it('certificate (PFX with passphrase from an env var)', async (ctx) => {
    if (!cert.pfxPath) ctx.skip();
    const s = connectTenant(
      base({
        clientId: CERT_APP_ID,
        flow: 'client-certificate',
        certificate: { path: cert.pfxPath!, passphraseEnv: 'BG_PFX_PASSPHRASE' },
        env: { BG_PFX_PASSPHRASE: cert.passphrase },
        scopes: [
          'https://graph.microsoft.com/.default',
          'https://api.loganalytics.io/.default',
          'https://management.azure.com/.default',
        ],
      }),
    );
    expect((await s.identity()).appId).toBe(CERT_APP_ID);
    await exerciseAllServices(s);
    await s.close();
  });
});
