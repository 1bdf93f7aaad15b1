/**
 * Benchmark (not a timed test): page through a 100 000-user practice tenant
 * with session.graph.list() and report the peak heap growth of the client.
 * Goal: < 64 MiB — list() must stream pages, not accumulate them.
 *
 *   npm run build && node --expose-gc bench/paging-100k.js [users=100000] [pageSize=999]
 *
 * The practice server runs in a worker thread (its own V8 heap) so the
 * numbers are the client's: MSAL + Graph client + our paging, nothing else.
 * The world is generated here (100k users, one app with a client secret);
 * the server, TLS, token endpoint and router are the real practice tenant.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';

const APP_ID = '55555555-5555-4555-8555-555555555555';
const SECRET = 'bench~secret~value~0123456789abcdef';

if (isMainThread) {
  const users = Number(process.argv[2] ?? 100_000);
  const pageSize = Number(process.argv[3] ?? 999);
  const worker = new Worker(new URL(import.meta.url), { workerData: { users } });
  const server = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const { connectTenant } = await import('../dist/tenant/connect.js');
  const session = connectTenant({
    mode: 'practice',
    cloud: 'practice',
    tenantId: server.tenantId,
    endpoints: server.endpoints,
    caPem: server.caPem,
    clientId: APP_ID,
    flow: 'client-secret',
    secretEnv: 'BENCH_SECRET',
    env: { BENCH_SECRET: SECRET },
    scopes: ['https://graph.microsoft.com/.default'],
  });
  await session.identity(); // sign in (and load the SDKs) before the baseline
  await session.graph.request({ method: 'GET', path: '/organization' });
  session.drainEvidence();
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  };
  const timer = setInterval(sample, 10);
  const t0 = performance.now();
  let n = 0;
  let enabled = 0;
  for await (const u of session.graph.list({
    path: '/users',
    query: { $top: String(pageSize), $select: 'id,userPrincipalName,accountEnabled' },
  })) {
    n++;
    if (u.accountEnabled) enabled++;
    if (n % 1000 === 0) sample();
    // Drain evidence as a step would, so the evidence log does not grow with the run.
    if (n % 10_000 === 0) session.drainEvidence();
  }
  clearInterval(timer);
  sample();
  const ms = performance.now() - t0;
  const pages = Math.ceil(n / pageSize);
  const growth = (peak - base) / 1024 / 1024;
  process.stdout.write(
    `paged ${n} users (${enabled} enabled) in ${pages} pages of ${pageSize}, ${(ms / 1000).toFixed(1)} s (${Math.round(n / (ms / 1000))} users/s)\n` +
      `peak heap growth: ${growth.toFixed(1)} MiB (goal < 64 MiB)${globalThis.gc ? '' : '  [run with --expose-gc for a stable baseline]'}\n`,
  );
  await session.close();
  worker.postMessage('close');
  await new Promise((r) => worker.once('exit', r));
  process.exitCode = n === users && growth < 64 ? 0 : 1;
} else {
  const { startPracticeServer } = await import('../dist/practice/server.js');
  const count = workerData.users;
  const users = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    displayName: `Bench User ${i}`,
    userPrincipalName: `user${i}@bench.onmicrosoft.com`,
    accountEnabled: i % 9 !== 0,
    jobTitle: 'Staff',
    department: `Dept ${i % 40}`,
  }));
  const app = {
    appId: APP_ID,
    displayName: 'bench',
    secrets: [SECRET],
    certificates: [],
    appRoles: ['User.Read.All'],
    isPublicClient: false,
  };
  const world = {
    tenantId: 'bbbbbbbb-0000-4000-8000-000000000100',
    initialDomain: 'bench.onmicrosoft.com',
    findApplication: (id) => (id === APP_ID ? app : undefined),
    delegatedSignIn: () => undefined,
  };
  const pick = (u, select) => (select ? Object.fromEntries(select.split(',').map((k) => [k, u[k]])) : u);
  const routes = [
    {
      host: 'graph',
      method: 'GET',
      pattern: '/organization',
      permissions: [],
      mutates: false,
      handler: () => ({ status: 200, body: { value: [{ id: world.tenantId }] } }),
    },
    {
      host: 'graph',
      method: 'GET',
      pattern: '/users',
      permissions: ['User.Read.All'],
      mutates: false,
      handler: (req) => {
        const top = Math.min(999, Number(req.query.get('$top') ?? '100') || 100);
        const skip = Number(req.query.get('$skiptoken') ?? '0') || 0;
        const body = { value: users.slice(skip, skip + top).map((u) => pick(u, req.query.get('$select'))) };
        if (skip + top < users.length) {
          const q = new URLSearchParams(req.query);
          q.set('$skiptoken', String(skip + top));
          body['@odata.nextLink'] = `${req.baseUrl}/${req.version}/users?${q}`;
        }
        return { status: 200, body };
      },
    },
  ];
  const server = await startPracticeServer({ world, routes });
  parentPort.postMessage({ tenantId: server.tenantId, endpoints: server.endpoints, caPem: server.caPem });
  parentPort.once('message', async () => {
    await server.close();
    process.exit(0);
  });
}
