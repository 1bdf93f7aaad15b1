/**
 * Resilience: with 20 % injected 429/5xx (+ a few connection resets) and
 * 100 ms latency on the practice tenant, paged and batched reads return
 * exactly what a clean run returns, and the evidence shows the retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTenant } from '../src/tenant/connect.js';
import type { GraphRequest, RequestEvidence } from '../src/core/tenant.js';
import { APP_SECRET, SECRET_APP_ID, startPractice, type Practice } from './tenant-fixtures.js';

let p: Practice;
beforeAll(async () => {
  p = await startPractice({ seed: 42 });
});
afterAll(async () => {
  await p?.server.close();
});

function session() {
  return connectTenant({
    mode: 'practice',
    cloud: 'practice',
    tenantId: p.server.tenantId,
    endpoints: p.server.endpoints,
    caPem: p.server.caPem,
    clientId: SECRET_APP_ID,
    flow: 'client-secret',
    env: { BREAKGLASS_CLIENT_SECRET: APP_SECRET },
    scopes: ['https://graph.microsoft.com/.default'],
    // Jitter off: the comparison is about data, not timing.
    random: () => 0,
  });
}

async function readEverything(): Promise<{
  users: unknown[];
  batch: { status: number; body: unknown }[];
  evidence: RequestEvidence[];
}> {
  const s = session();
  const users: unknown[] = [];
  for await (const u of s.graph.list({ path: '/users', query: { $top: '40' } })) users.push(u);
  const ids = p.world.users.slice(0, 45).map((u) => u.id);
  const reqs: GraphRequest[] = [
    ...ids.map((id) => ({ method: 'GET' as const, path: `/users/${id}` })),
    { method: 'GET', path: '/users/does-not-exist' },
    { method: 'GET', path: '/organization' },
  ];
  const batch = (await s.graph.batch(reqs)).map((r) => ({ status: r.status, body: r.body }));
  const evidence = s.drainEvidence();
  await s.close();
  return { users, batch, evidence };
}

describe('paging and $batch under injected faults', () => {
  it('returns exactly the clean-run data, and evidence records the retries', async () => {
    p.server.setFaults({});
    const clean = await readEverything();
    expect(clean.users).toHaveLength(p.world.users.length);
    expect(clean.batch).toHaveLength(47);
    expect(clean.batch[45]!.status).toBe(404); // per-item failure returned, not thrown
    expect(clean.evidence.every((e) => e.retries === 0)).toBe(true);

    p.server.setFaults({ rate429: 0.1, rate5xx: 0.1, rateReset: 0.03, latencyMs: 100, retryAfterSeconds: 1 });
    const faulty = await readEverything();
    p.server.setFaults({});

    expect(faulty.users).toEqual(clean.users);
    // Request ids differ per run; compare the data.
    expect(faulty.batch).toEqual(clean.batch);

    const graph = faulty.evidence.filter((e) => e.service === 'graph');
    const retried = graph.filter((e) => e.retries > 0);
    expect(retried.length).toBeGreaterThan(0);
    // Page requests and $batch calls both went through; inner batch items carry their own retries.
    expect(graph.some((e) => e.path.startsWith('/v1.0/users?') && !e.viaBatch)).toBe(true);
    expect(graph.some((e) => e.path === '/v1.0/$batch')).toBe(true);
    expect(graph.filter((e) => e.viaBatch).length).toBe(47);
    // Every final status is what the clean run saw (no 429/5xx leaked through).
    expect(graph.every((e) => e.status < 429 || e.status === 404)).toBe(true);
    // 47 requests → 3 $batch calls at least (<= 20 each), more when items were retried.
    expect(graph.filter((e) => e.path === '/v1.0/$batch').length).toBeGreaterThanOrEqual(3);
  });
});
