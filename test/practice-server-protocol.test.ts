/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * Protocol behaviour of the practice tenant over real HTTPS: error shapes
 * (compared with Microsoft's documented examples), 401/403 per route and
 * service, token-endpoint errors, device-code polling and expiry, $batch
 * limits, fault injection with truthful counters, and the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:https';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import {
  APP_SECRET,
  NO_PERMS_APP_ID,
  PUBLIC_CLIENT_ID,
  SECRET_APP_ID,
  makeWorld,
  testRoutes,
  type TestWorld,
} from './practice-server.helpers.js';
import {
  ARM_ERROR,
  ENTRA_DEVICE_CODE,
  ENTRA_TOKEN,
  ENTRA_TOKEN_ERROR,
  GRAPH_BATCH_RESPONSE,
  GRAPH_COLLECTION_PAGE,
  GRAPH_ERROR,
  LOGS_ERROR,
  shapeOf,
} from './practice-server.fixtures.js';

let server: PracticeServer;
let world: TestWorld;
let agent: Agent;

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

function call(
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; srv?: PracticeServer } = {},
): Promise<Res> {
  const srv = opts.srv ?? server;
  return new Promise((resolve, reject) => {
    const req = request(
      `${srv.url}${path}`,
      {
        method,
        ca: srv.caPem,
        agent: opts.srv ? undefined : agent,
        headers: {
          ...(opts.headers ?? {}),
          ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const t = Buffer.concat(chunks).toString('utf8');
          let body: unknown = t;
          try {
            body = t ? JSON.parse(t) : undefined;
          } catch {
            /* text */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const form = (o: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString(),
});
const json = (token: string, body: unknown) => ({
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function clientToken(clientId: string, scope: string): Promise<string> {
  const r = await call(
    'POST',
    `/${world.tenantId}/oauth2/v2.0/token`,
    form({ grant_type: 'client_credentials', client_id: clientId, client_secret: APP_SECRET, scope }),
  );
  expect(r.status).toBe(200);
  return r.body.access_token as string;
}

async function delegatedToken(scope: string, srv = server): Promise<string> {
  const dc = await call('POST', `/${world.tenantId}/oauth2/v2.0/devicecode`, {
    ...form({ client_id: PUBLIC_CLIENT_ID, scope }),
    srv,
  });
  expect(srv.approveDeviceCode(dc.body.user_code)).toBe(true);
  const t = await call('POST', `/${world.tenantId}/oauth2/v2.0/token`, {
    ...form({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: PUBLIC_CLIENT_ID,
      device_code: dc.body.device_code,
    }),
    srv,
  });
  expect(t.status).toBe(200);
  return t.body.access_token as string;
}

beforeAll(async () => {
  world = makeWorld();
  agent = new Agent({ keepAlive: true });
  server = await startPracticeServer({ world, routes: testRoutes(), seed: 7, adminKey: 'test-admin-key' });
});
afterAll(async () => {
  agent?.destroy();
  await server?.close();
});

describe('errors in Microsoft shapes', () => {
  it('Graph 401: documented envelope, WWW-Authenticate, correlation headers', async () => {
    const r = await call('GET', '/v1.0/organization', { headers: { 'client-request-id': 'my-correlation-id' } });
    expect(r.status).toBe(401);
    expect(shapeOf(r.body)).toEqual(shapeOf(GRAPH_ERROR));
    expect(r.body.error.message).toBe('Access token is empty.');
    expect(r.body.error.innerError['client-request-id']).toBe('my-correlation-id');
    expect(r.body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(r.headers['client-request-id']).toBe('my-correlation-id');
    expect(r.headers['request-id']).toBe(r.body.error.innerError['request-id']);
    expect(r.headers['x-ms-request-id']).toBeTruthy();
  });

  it('401 for a tampered token and for a token of another audience', async () => {
    const t = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    const [h, p, s] = t.split('.');
    const tampered = `${h}.${p}.${s!.slice(0, -4)}AAAA`;
    expect((await call('GET', '/v1.0/organization', { headers: { authorization: `Bearer ${tampered}` } })).status).toBe(
      401,
    );
    const armToken = await clientToken(SECRET_APP_ID, 'https://management.azure.com/.default');
    const r = await call('GET', '/v1.0/organization', { headers: { authorization: `Bearer ${armToken}` } });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toContain('Invalid audience');
  });

  it('403 per route and per service: Graph Authorization_RequestDenied, Logs InsufficientAccessError, ARM AuthorizationFailed', async () => {
    const none = await clientToken(NO_PERMS_APP_ID, 'https://graph.microsoft.com/.default');
    expect((await call('GET', '/v1.0/organization', { headers: { authorization: `Bearer ${none}` } })).status).toBe(
      200,
    );
    const g = await call('GET', '/v1.0/users', { headers: { authorization: `Bearer ${none}` } });
    expect(g.status).toBe(403);
    expect(shapeOf(g.body)).toEqual(shapeOf(GRAPH_ERROR));
    expect(g.body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });

    const reader = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    expect((await call('GET', '/v1.0/users?$top=1', { headers: { authorization: `Bearer ${reader}` } })).status).toBe(
      200,
    );
    const post = await call('POST', '/v1.0/groups', json(reader, { displayName: 'x' }));
    expect(post.status).toBe(403);
    expect(world.groups).toHaveLength(0);

    const logsNone = await clientToken(NO_PERMS_APP_ID, 'https://api.loganalytics.io/.default');
    const l = await call('POST', '/v1/workspaces/ws1/query', json(logsNone, { query: 'T' }));
    expect(l.status).toBe(403);
    expect(shapeOf(l.body)).toEqual(shapeOf(LOGS_ERROR));
    const armNone = await clientToken(NO_PERMS_APP_ID, 'https://management.azure.com/.default');
    const a = await call(
      'GET',
      '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/r1?api-version=2023-12-01',
      { headers: { authorization: `Bearer ${armNone}` } },
    );
    expect(a.status).toBe(403);
    expect(shapeOf(a.body)).toEqual(shapeOf(ARM_ERROR));
    expect(a.body.error.message).toContain("'Microsoft.Insights/scheduledQueryRules/read'");

    const delegated = await delegatedToken('https://api.loganalytics.io/Data.Read');
    expect((await call('POST', '/v1/workspaces/ws1/query', json(delegated, { query: 'T' }))).status).toBe(200);
  });

  it('unknown Graph segment → 400 BadRequest; ARM without api-version → MissingApiVersionParameter; route match is case-insensitive', async () => {
    const t = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    const r = await call('GET', '/v1.0/nosuchthing', { headers: { authorization: `Bearer ${t}` } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'BadRequest',
      message: "Resource not found for the segment 'nosuchthing'.",
    });
    expect((await call('GET', '/v1.0/ORGANIZATION', { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
    const arm = await clientToken(SECRET_APP_ID, 'https://management.azure.com/.default');
    const a = await call(
      'GET',
      '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/r1',
      { headers: { authorization: `Bearer ${arm}` } },
    );
    expect(a.status).toBe(400);
    expect(a.body.error.code).toBe('MissingApiVersionParameter');
  });

  it('a Graph collection page has the documented shape', async () => {
    const t = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    const r = await call('GET', '/v1.0/users?$top=2&$select=id,displayName', {
      headers: { authorization: `Bearer ${t}` },
    });
    expect(shapeOf(r.body)).toEqual(shapeOf(GRAPH_COLLECTION_PAGE));
  });
});

describe('token endpoint', () => {
  it('device code: documented shapes, authorization_pending until approved, then a token; reuse is refused', async () => {
    const dc = await call(
      'POST',
      `/${world.initialDomain}/oauth2/v2.0/devicecode`,
      form({
        client_id: PUBLIC_CLIENT_ID,
        scope: 'https://graph.microsoft.com/User.Read offline_access openid profile',
      }),
    );
    expect(dc.status).toBe(200);
    expect(shapeOf(dc.body)).toEqual(shapeOf(ENTRA_DEVICE_CODE));
    const poll = () =>
      call(
        'POST',
        `/${world.tenantId}/oauth2/v2.0/token`,
        form({ grant_type: 'device_code', client_id: PUBLIC_CLIENT_ID, device_code: dc.body.device_code }),
      );
    const pending = await poll();
    expect(pending.status).toBe(400);
    expect(shapeOf(pending.body)).toEqual(shapeOf(ENTRA_TOKEN_ERROR));
    expect(pending.body.error).toBe('authorization_pending');
    expect(pending.body.error_codes).toEqual([70016]);
    expect(pending.body.error_description).toMatch(/^AADSTS70016: /);
    expect(server.approveDeviceCode(dc.body.user_code.toLowerCase())).toBe(true);
    const ok = await poll();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      ext_expires_in: expect.any(Number),
    });
    for (const k of Object.keys(ENTRA_TOKEN)) expect(ok.body).toHaveProperty(k);
    expect(ok.body.id_token).toBeTruthy();
    expect(ok.body.refresh_token).toBeTruthy();
    expect((await poll()).body.error).toBe('invalid_grant');
  });

  it('device code: expired_token after expiry', async () => {
    const srv = await startPracticeServer({ world, routes: testRoutes(), deviceCodeLifetimeSeconds: 1 });
    try {
      const dc = await call('POST', `/${world.tenantId}/oauth2/v2.0/devicecode`, {
        ...form({ client_id: PUBLIC_CLIENT_ID, scope: 'User.Read' }),
        srv,
      });
      await new Promise((r) => setTimeout(r, 1100));
      expect(srv.approveDeviceCode(dc.body.user_code)).toBe(false);
      const r = await call('POST', `/${world.tenantId}/oauth2/v2.0/token`, {
        ...form({ grant_type: 'device_code', client_id: PUBLIC_CLIENT_ID, device_code: dc.body.device_code }),
        srv,
      });
      expect(r.body).toMatchObject({ error: 'expired_token', error_codes: [70019] });
    } finally {
      await srv.close();
    }
  });

  it('delegated scope that is not granted → invalid_grant AADSTS65001 consent_required', async () => {
    const dc = await call(
      'POST',
      `/${world.tenantId}/oauth2/v2.0/devicecode`,
      form({ client_id: PUBLIC_CLIENT_ID, scope: 'https://graph.microsoft.com/RoleManagement.ReadWrite.Directory' }),
    );
    server.approveDeviceCode(dc.body.user_code);
    const r = await call(
      'POST',
      `/${world.tenantId}/oauth2/v2.0/token`,
      form({ grant_type: 'device_code', client_id: PUBLIC_CLIENT_ID, device_code: dc.body.device_code }),
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required' });
    expect(r.body.error_description).toMatch(/^AADSTS65001: The user or administrator has not consented/);
  });

  it('scp is exactly granted ∩ requested', async () => {
    const t = await delegatedToken('https://graph.microsoft.com/User.Read openid profile offline_access');
    const claims = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString());
    expect(claims.scp).toBe('User.Read');
    expect(claims.upn).toBe('operator@contoso-practice.onmicrosoft.com');
    expect(claims.tid).toBe(world.tenantId);
  });

  it('client credentials: scope without /.default → AADSTS1002012; unknown client → AADSTS700016; unknown tenant → AADSTS90002; two resources → AADSTS28000', async () => {
    const tok = (tenant: string, o: Record<string, string>) =>
      call(
        'POST',
        `/${tenant}/oauth2/v2.0/token`,
        form({ grant_type: 'client_credentials', client_secret: APP_SECRET, ...o }),
      );
    expect(
      (await tok(world.tenantId, { client_id: SECRET_APP_ID, scope: 'https://graph.microsoft.com/User.Read.All' }))
        .body,
    ).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    expect(
      (
        await tok(world.tenantId, {
          client_id: '99999999-9999-4999-8999-999999999999',
          scope: 'https://graph.microsoft.com/.default',
        })
      ).body,
    ).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(
      (await tok('nope.onmicrosoft.com', { client_id: SECRET_APP_ID, scope: 'https://graph.microsoft.com/.default' }))
        .body,
    ).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    const dc = await call(
      'POST',
      `/${world.tenantId}/oauth2/v2.0/devicecode`,
      form({
        client_id: PUBLIC_CLIENT_ID,
        scope: 'https://graph.microsoft.com/User.Read https://api.loganalytics.io/Data.Read',
      }),
    );
    server.approveDeviceCode(dc.body.user_code);
    const two = await call(
      'POST',
      `/${world.tenantId}/oauth2/v2.0/token`,
      form({ grant_type: 'device_code', client_id: PUBLIC_CLIENT_ID, device_code: dc.body.device_code }),
    );
    expect(two.body).toMatchObject({ error: 'invalid_scope', error_codes: [28000] });
  });

  it('serves OpenID configuration, JWKS and instance discovery for MSAL', async () => {
    const oidc = await call('GET', `/${world.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(oidc.body).toMatchObject({
      issuer: `${server.url}/${world.tenantId}/v2.0`,
      token_endpoint: `${server.url}/${world.tenantId}/oauth2/v2.0/token`,
      jwks_uri: `${server.url}/${world.tenantId}/discovery/v2.0/keys`,
    });
    const jwks = await call('GET', `/${world.tenantId}/discovery/v2.0/keys`);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.any(String) });
    expect(jwks.body.keys[0].d).toBeUndefined();
    const inst = await call(
      'GET',
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${server.url}/${world.tenantId}/oauth2/v2.0/authorize`)}`,
    );
    expect(inst.body.tenant_discovery_endpoint).toBe(
      `${server.url}/${world.tenantId}/v2.0/.well-known/openid-configuration`,
    );
  });
});

describe('$batch', () => {
  it('more than 20 requests → 400; responses come back shuffled; per-item 429 with Retry-After', async () => {
    const t = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    const reqs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/organization' }));
    const big = await call('POST', '/v1.0/$batch', json(t, { requests: reqs(21) }));
    expect(big.status).toBe(400);
    expect(big.body.error.code).toBe('BadRequest');
    const ok = await call('POST', '/v1.0/$batch', json(t, { requests: reqs(20) }));
    expect(ok.status).toBe(200);
    const item = ok.body.responses[0];
    expect(Object.keys(item).sort()).toEqual(Object.keys(GRAPH_BATCH_RESPONSE.responses[0]!).sort());
    expect(item.headers['Content-Type']).toMatch(/^application\/json/);
    const order = (ok.body.responses as { id: string }[]).map((r) => r.id);
    expect(new Set(order).size).toBe(20);
    expect(order).not.toEqual(reqs(20).map((r) => r.id));
    server.setFaults({ rate429: 0.5, retryAfterSeconds: 2 });
    try {
      const f = await call('POST', '/v1.0/$batch', json(t, { requests: reqs(20) }));
      expect(f.status).toBe(200);
      const throttled = (f.body.responses as { status: number; headers: Record<string, string>; body: any }[]).filter(
        (r) => r.status === 429,
      );
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled.length).toBeLessThan(20);
      expect(throttled[0]!.headers['Retry-After']).toBe('2');
      expect(throttled[0]!.body.error.code).toBe('TooManyRequests');
    } finally {
      server.setFaults({});
    }
  });

  it('a write without Content-Type is refused like Graph', async () => {
    const t = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    const r = await call(
      'POST',
      '/v1.0/$batch',
      json(t, { requests: [{ id: '1', method: 'POST', url: '/groups', body: { displayName: 'x' } }] }),
    );
    expect(r.status).toBe(400);
  });
});

describe('faults and counters', () => {
  it('20% injected faults (429, 5xx, resets): a retrying client finishes, counters show the retries, mutations are applied exactly once each', async () => {
    // Grant the app group write for this test (tokens carry the roles granted at issue time).
    world.apps.get(SECRET_APP_ID)!.appRoles.push('Group.ReadWrite.All');
    const t = await clientToken(SECRET_APP_ID, 'https://graph.microsoft.com/.default');
    const before = server.counters();
    const groupsBefore = world.groups.length;
    server.setFaults({ rate429: 0.08, rate5xx: 0.08, rateReset: 0.04, retryAfterSeconds: 0, latencyMs: 1 });
    let attempts = 0;
    const retrying = async (method: string, path: string, body?: unknown): Promise<Res> => {
      for (let i = 0; i < 30; i++) {
        attempts++;
        try {
          const r = await call(
            method,
            path,
            body === undefined ? { headers: { authorization: `Bearer ${t}` } } : json(t, body),
          );
          if (r.status === 429 || r.status >= 500) continue;
          return r;
        } catch {
          continue; // connection reset
        }
      }
      throw new Error('gave up');
    };
    try {
      for (let i = 0; i < 25; i++) {
        expect((await retrying('GET', '/v1.0/organization')).status).toBe(200);
        expect(
          (
            await retrying('POST', '/v1.0/groups', {
              displayName: `g${i}`,
              mailEnabled: false,
              mailNickname: `g${i}`,
              securityEnabled: true,
            })
          ).status,
        ).toBe(201);
      }
    } finally {
      server.setFaults({});
    }
    const after = server.counters();
    expect(world.groups.length - groupsBefore).toBe(25);
    expect((after.mutationsByRoute['POST /groups'] ?? 0) - (before.mutationsByRoute['POST /groups'] ?? 0)).toBe(25);
    const retries = attempts - 50;
    expect(retries).toBeGreaterThan(0);
    const injected =
      Object.values(after.faults).reduce((a, b) => a + b, 0) - Object.values(before.faults).reduce((a, b) => a + b, 0);
    expect(injected).toBe(retries);
    expect(after.retryable - before.retryable).toBe(retries);
  });

  it('the same seed gives the same fault sequence', async () => {
    const { FaultInjector } = await import('../src/practice/faults.js');
    const seq = (seed: number) => {
      const f = new FaultInjector(seed, { rate429: 0.2, rate5xx: 0.1 });
      return Array.from({ length: 50 }, () => f.decide('graph').kind).join(',');
    };
    expect(seq(3)).toBe(seq(3));
    expect(seq(3)).not.toBe(seq(4));
  });
});

describe('admin API', () => {
  it('needs the admin key; reads counters; sets faults; simulates sign-ins; approves device codes', async () => {
    expect((await call('GET', '/admin/counters')).status).toBe(401);
    expect((await call('GET', '/admin/counters', { headers: { 'x-practice-admin-key': 'wrong' } })).status).toBe(401);
    const key = { 'x-practice-admin-key': 'test-admin-key', 'content-type': 'application/json' };
    const c = await call('GET', '/admin/counters', { headers: key });
    expect(c.status).toBe(200);
    expect(c.body.totalRequests).toBeGreaterThan(0);
    expect((await call('PUT', '/admin/faults', { headers: key, body: JSON.stringify({ rate429: 2 }) })).status).toBe(
      400,
    );
    expect((await call('PUT', '/admin/faults', { headers: key, body: JSON.stringify({ latencyMs: 1 }) })).body).toEqual(
      { latencyMs: 1 },
    );
    expect((await call('PUT', '/admin/faults', { headers: key, body: '{}' })).status).toBe(200);
    const s = await call('POST', '/admin/signins', {
      headers: key,
      body: JSON.stringify({ upn: world.users[1]!.userPrincipalName, method: 'fido2' }),
    });
    expect(s.status).toBe(200);
    expect(world.signIns).toHaveLength(1);
    const bad = await call('POST', '/admin/signins', {
      headers: key,
      body: JSON.stringify({ upn: 'nobody@x', method: 'fido2' }),
    });
    expect(bad.status).toBe(404);
    expect(bad.body.error.message).toContain('nobody@x');
    const dc = await call(
      'POST',
      `/${world.tenantId}/oauth2/v2.0/devicecode`,
      form({ client_id: PUBLIC_CLIENT_ID, scope: 'User.Read' }),
    );
    const st = await call('GET', '/admin/status', { headers: key });
    expect(st.body.pendingDeviceCodes.map((p: { userCode: string }) => p.userCode)).toContain(dc.body.user_code);
    expect((await call('POST', `/admin/device-codes/${dc.body.user_code}/approve`, { headers: key })).status).toBe(200);
    expect((await call('POST', '/admin/device-codes/NOPE/approve', { headers: key })).status).toBe(404);
    const adv = await call('POST', '/admin/time', { headers: key, body: JSON.stringify({ advanceMinutes: 5 }) });
    expect(adv.status).toBe(200);
    expect(world.clock.offset).toBe(300_000);
  });
});
