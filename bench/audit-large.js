/**
 * Benchmark (not a timed test): a full break-glass audit (all 19 checks,
 * What-If on) against a generated large practice tenant — 50 000 users,
 * 300 CA policies, 4 break-glass accounts — at 0 ms and 100 ms injected
 * round-trip latency on Graph/ARM. Reports, as medians of several runs:
 * HTTP requests, Graph items, $batch requests, sequential round trips
 * (dependency waves) against the dependency-depth floor, wall time and the
 * client's peak RSS. Prints a table and writes JSON to bench/results/.
 *
 *   npm run build && node bench/audit-large.js [runs=5] [users=50000] [policies=300] [accounts=4]
 *
 * The practice server runs in a CHILD PROCESS so RSS is the client's alone
 * (MSAL + Graph client + the fetch plan + the checks). Its faults inject
 * the latency per HTTP request, so one $batch pays one RTT, as on the wire.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CLIENT_ID = '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60'; // the generated tenant's "breakglass" public client
const DOMAIN = 'northwindlarge.onmicrosoft.com';

if (process.argv[2] === '--serve') {
  // Child: generate the tenant and serve it until the parent disconnects.
  const [users, policies, accounts, rtt] = process.argv.slice(3).map(Number);
  const { generateLargeTenant } = await import('../dist/practice/scenarios/generate-large.js');
  const { startPracticeServer } = await import('../dist/practice/server.js');
  const t0 = performance.now();
  const world = generateLargeTenant({ users, caPolicies: policies, breakGlassAccounts: accounts });
  const server = await startPracticeServer({
    world,
    autoApproveDeviceCodeAfterMs: 0,
    ...(rtt > 0 ? { faults: { latencyMs: rtt, hosts: ['graph', 'arm'] } } : {}),
  });
  process.send({
    endpoints: server.endpoints,
    caPem: server.caPem,
    tenantId: server.tenantId,
    generateMs: Math.round(performance.now() - t0),
  });
  process.on('disconnect', async () => {
    await server.close();
    process.exit(0);
  });
} else {
  const runs = Number(process.argv[2] ?? 5);
  const users = Number(process.argv[3] ?? 50_000);
  const policies = Number(process.argv[4] ?? 300);
  const nAccounts = Number(process.argv[5] ?? 4);
  const { connectTenant } = await import('../dist/tenant/connect.js');
  const { runChecksDetailed } = await import('../dist/checks/run.js');
  const accounts = Array.from({ length: nAccounts }, (_, i) => `bg-admin-${String(i + 1).padStart(2, '0')}@${DOMAIN}`);
  const config = {
    accounts,
    group: 'SG-BreakGlass-Exclude',
    workspace:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-security',
    whatIf: true,
  };
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const rows = [];
  for (const rtt of [0, 100]) {
    const child = fork(
      fileURLToPath(import.meta.url),
      ['--serve', String(users), String(policies), String(nAccounts), String(rtt)],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const srv = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('error', reject);
      child.once('exit', (c) => reject(new Error(`practice server exited (${c})`)));
    });
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const session = connectTenant({
        mode: 'practice',
        cloud: 'practice',
        tenantId: srv.tenantId,
        endpoints: srv.endpoints,
        caPem: srv.caPem,
        clientId: CLIENT_ID,
        flow: 'device-code',
        scopes: ['https://graph.microsoft.com/.default'],
        callbacks: {},
      });
      await session.identity(); // sign-in is not part of the audit
      session.drainEvidence();
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => {
        const r = process.memoryUsage().rss;
        if (r > peak) peak = r;
      }, 5);
      const t0 = performance.now();
      const { results, stats } = await runChecksDetailed(session, 'all', config);
      const wallMs = performance.now() - t0;
      clearInterval(timer);
      const ev = session.drainEvidence();
      const http = ev.filter((e) => !e.viaBatch);
      samples.push({
        wallMs,
        peakRssMiB: peak / 2 ** 20,
        httpRequests: http.length,
        batchHttp: http.filter((e) => e.path.includes('$batch')).length,
        graphItems: stats.graphItems,
        waves: stats.waves,
        depth: stats.dependencyDepth,
        verdicts: Object.fromEntries(
          ['pass', 'warn', 'fail', 'error', 'not-applicable'].map((v) => [
            v,
            results.filter((r) => r.verdict === v).length,
          ]),
        ),
      });
      await session.close();
    }
    child.disconnect();
    const m = (k) => median(samples.map((s) => s[k]));
    rows.push({
      rttMs: rtt,
      runs,
      generateMs: srv.generateMs,
      httpRequests: m('httpRequests'),
      batchRequests: m('batchHttp'),
      graphItems: m('graphItems'),
      sequentialRoundTrips: m('waves'),
      dependencyDepthFloor: m('depth'),
      wallMs: Math.round(m('wallMs')),
      peakRssMiB: Math.round(m('peakRssMiB') * 10) / 10,
      verdicts: samples[0].verdicts,
    });
  }
  const header = [
    'RTT ms',
    'HTTP req',
    '$batch',
    'Graph items',
    'round trips',
    'depth floor',
    'wall ms',
    'peak RSS MiB',
  ];
  const table = rows.map((r) =>
    [
      r.rttMs,
      r.httpRequests,
      r.batchRequests,
      r.graphItems,
      r.sequentialRoundTrips,
      r.dependencyDepthFloor,
      r.wallMs,
      r.peakRssMiB,
    ].map(String),
  );
  const w = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(w[i])).join('  ');
  console.log(
    `full audit · ${users} users · ${policies} CA policies · ${nAccounts} break-glass accounts · median of ${runs} runs`,
  );
  console.log(line(header));
  for (const t of table) console.log(line(t));
  console.log(
    'round trips = sequential Graph waves: the dependency depth plus extra pages of the longest collection (300 CA policies span 2 pages).',
  );
  console.log(
    `verdicts: ${JSON.stringify(rows[0].verdicts)} (ARM reads are not consented in the generated tenant: monitoring checks report error)`,
  );
  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `audit-large-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ node: process.version, users, policies, accounts: nAccounts, rows }, null, 2) + '\n',
  );
  console.log(`wrote ${file}`);
}
