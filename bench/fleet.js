/**
 * Benchmark (not a timed test): the headless check over a fleet of practice
 * tenants, the way a pipeline runs it — one `breakglass check` process per
 * tenant, at most `concurrency` at a time (a matrix's max-parallel), each
 * signing in with workload identity federation (the practice server's
 * simulated GitHub token service) and writing SARIF + JSON from one set of
 * reads, exactly the command in examples/pipelines/github-actions.yml.
 *
 * The tenants are practice servers in a child process (so their CPU is not
 * the fleet's), each the `healthy` scenario under its own tenant id and
 * domain, with the fleet app and its federated credential.
 *
 * Reports throughput (tenants per minute) and per-tenant latency (spawn →
 * exit: median, p90, p95), and as ratios to the yardstick — the same check for
 * one tenant with nothing else running (median of 3): p50/solo and p95/solo
 * say what the fan-out costs each tenant on this machine. A tenant whose check
 * produced no result is counted, and the causes are listed (one line each with
 * how many tenants met it). The machine's load average before and after is
 * part of the record: on a shared machine the figures mean little without it.
 * Writes JSON to bench/results/.
 *
 *   npm run build && node bench/fleet.js [tenants=50] [concurrency=10]
 */
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const FLEET_APP = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const REPOSITORY = 'contoso/breakglass-fleet';
const ENVIRONMENT = 'breakglass-nightly';
const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';

const tenantId = (i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
const domain = (i) => `fleet${i + 1}.onmicrosoft.com`;

if (process.argv[2] === '--serve') {
  // Child: one practice server per tenant, served until the parent disconnects.
  const n = Number(process.argv[3]);
  const { parse } = await import('yaml');
  const { startPracticeServer } = await import('../dist/practice/server.js');
  const { PERMISSION_TABLE } = await import('../dist/config/permission-table.js');
  const { GRAPH_APP_ROLES } = await import('../dist/practice/world/catalog.js');
  // The least read-only application permissions the permission table documents for the checks' reads.
  const roles = new Set(
    PERMISSION_TABLE.filter((r) => r.checks?.length && (r.api === 'graph' || r.api === 'graph-beta')).flatMap(
      (r) =>
        (r.application ? [r.application.least, ...r.application.higher] : []).find((set) =>
          set.every((p) => p in GRAPH_APP_ROLES && !/ReadWrite/.test(p)),
        ) ?? [],
    ),
  );
  const base = readFileSync(join(root, 'src', 'practice', 'scenarios', 'healthy.yaml'), 'utf8');
  const servers = [];
  for (let i = 0; i < n; i++) {
    const s = parse(base, { merge: true, maxAliasCount: -1 });
    s.tenant.id = tenantId(i);
    s.tenant.initialDomain = domain(i);
    s.applications.push({
      displayName: 'breakglass fleet checks',
      appId: FLEET_APP,
      servicePrincipal: true,
      appRoles: [...roles].sort(),
      federatedIdentityCredentials: [
        {
          name: 'github',
          issuer: 'https://token.actions.githubusercontent.com',
          subject: `repo:${REPOSITORY}:environment:${ENVIRONMENT}`,
          audiences: ['api://AzureADTokenExchange'],
        },
      ],
    });
    servers.push(await startPracticeServer({ scenario: s }));
  }
  process.send({
    tenants: servers.map((srv) => ({
      tenantId: srv.tenantId,
      url: srv.url,
      caPath: srv.caPath,
      adminKey: srv.adminKey,
      job: srv.githubActionsJob({ repository: REPOSITORY, environment: ENVIRONMENT }),
    })),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  });
  process.on('disconnect', async () => {
    for (const srv of servers) await srv.close();
    process.exit(0);
  });
} else {
  const n = Number(process.argv[2] ?? 50);
  const concurrency = Number(process.argv[3] ?? 10);
  const load = (x) => x.map((v) => +v.toFixed(2));
  const loadBefore = load(loadavg());
  const work = mkdtempSync(join(tmpdir(), 'bg-fleet-'));
  mkdirSync(join(work, 'tenants'));
  const child = fork(fileURLToPath(import.meta.url), ['--serve', String(n)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const t0 = performance.now();
  const info = await new Promise((resolve) => child.once('message', resolve));
  const startMs = Math.round(performance.now() - t0);
  info.tenants.forEach((t, i) =>
    writeFileSync(
      join(work, 'tenants', `t${i + 1}.yaml`),
      [
        `tenant: ${t.tenantId}`,
        'accounts:',
        `  - upn: bg-admin-01@${domain(i)}`,
        `  - upn: bg-admin-02@${domain(i)}`,
        'group: SG-BreakGlass-Exclude',
        `workspace: ${WS}`,
        'emergencyApp: 7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
        '',
      ].join('\n'),
    ),
  );

  /** One tenant's job step: the pipeline's command, as its own process. Resolves with ms and exit code. */
  const checkTenant = (i) =>
    new Promise((resolve) => {
      const t = info.tenants[i];
      const start = performance.now();
      const p = spawn(
        process.execPath,
        [
          join(root, 'bin', 'breakglass.js'),
          'check',
          '--all',
          '--config',
          `tenants/t${i + 1}.yaml`,
          '--format',
          'sarif',
          '--output',
          `out/t${i + 1}.sarif`,
          '--also',
          `json=out/t${i + 1}.json`,
        ],
        {
          cwd: work,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: {
            PATH: process.env.PATH,
            HOME: work,
            BREAKGLASS_FLOW: 'workload-identity',
            BREAKGLASS_CLIENT_ID: FLEET_APP,
            BREAKGLASS_CONFIG: join(work, 'none.json'),
            BREAKGLASS_STATE_DIR: join(work, 'state'),
            ACTIONS_ID_TOKEN_REQUEST_URL: t.job.requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.job.requestToken,
            BREAKGLASS_PRACTICE_URL: t.url,
            BREAKGLASS_PRACTICE_CA: t.caPath,
            BREAKGLASS_PRACTICE_ADMIN_KEY: t.adminKey,
          },
        },
      );
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ ms: performance.now() - start, code, err }));
    });
  mkdirSync(join(work, 'out'));

  // Yardstick: one tenant alone, three times.
  const solo = [];
  for (let k = 0; k < 3; k++) solo.push((await checkTenant(0)).ms);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

  // The fleet: a bounded pool, like a matrix with max-parallel.
  const results = new Array(n);
  let next = 0;
  const fleetStart = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await checkTenant(i);
      }
    }),
  );
  const wallMs = performance.now() - fleetStart;
  const loadAfter = load(loadavg());
  child.disconnect();

  const lat = results.map((r) => r.ms);
  const codes = {};
  for (const r of results) codes[r.code] = (codes[r.code] ?? 0) + 1;
  // Every tenant must have produced its summary naming its own tenant; a run that did not is a
  // failure the report counts and shows (a benchmark of failures proves nothing).
  const summaries = results.map((_, i) => {
    try {
      return JSON.parse(readFileSync(join(work, 'out', `t${i + 1}.json`), 'utf8'));
    } catch {
      return undefined;
    }
  });
  const failed = summaries.filter((s, i) => s?.tenant?.id !== info.tenants[i].tenantId).length;
  // The causes of the failures, by the first line of what the check printed (its "what: cause").
  const causes = {};
  results.forEach((r, i) => {
    if (summaries[i]?.tenant?.id === info.tenants[i].tenantId) return;
    const line = (r.err.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.code}, nothing printed`)
      .replace(/tenant [0-9a-f-]{36}/g, 'tenant <id>')
      .trim();
    causes[line] = (causes[line] ?? 0) + 1;
  });
  const firstErr = results.find((r, i) => !summaries[i])?.err;
  if (firstErr) process.stderr.write(`a tenant's check produced no result; the first such error:\n${firstErr}\n`);
  const soloMs = median(solo);
  const out = {
    bench: 'fleet',
    at: new Date().toISOString(),
    cpus: cpus().length,
    tenants: n,
    concurrency,
    practiceStartMs: startMs,
    practiceRssMiB: info.rssMiB,
    wallMs: Math.round(wallMs),
    tenantsPerMinute: +((n / wallMs) * 60_000).toFixed(1),
    latencyMs: {
      median: Math.round(median(lat)),
      p90: Math.round(pct(lat, 90)),
      p95: Math.round(pct(lat, 95)),
      max: Math.round(Math.max(...lat)),
    },
    loadAverage: { before: loadBefore, after: loadAfter, what: '1, 5 and 15 minute load averages (os.loadavg)' },
    yardstick: { what: 'one tenant alone (median of 3)', ms: Math.round(soloMs) },
    ratios: [
      { what: 'per-tenant latency p50 / one tenant alone', ratio: median(lat) / soloMs },
      { what: 'per-tenant latency p90 / one tenant alone', ratio: pct(lat, 90) / soloMs },
      { what: 'per-tenant latency p95 / one tenant alone', ratio: pct(lat, 95) / soloMs },
    ],
    exitCodes: codes,
    failedTenants: failed,
    failureCauses: causes,
    verdicts: summaries.find(Boolean)?.summary,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', `fleet-${out.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(out, null, 2));
  rmSync(work, { recursive: true, force: true });
  console.log(
    [
      `fleet: ${n} practice tenants, ${concurrency} at a time, ${out.cpus} CPUs (practice tenants started in ${startMs} ms, ${info.rssMiB} MiB)`,
      `  throughput        ${out.tenantsPerMinute} tenants/min (${out.wallMs} ms wall)`,
      `  per-tenant        median ${out.latencyMs.median} ms · p90 ${out.latencyMs.p90} ms · p95 ${out.latencyMs.p95} ms · max ${out.latencyMs.max} ms`,
      `  yardstick         one tenant alone ${out.yardstick.ms} ms → p50 ${out.ratios[0].ratio.toFixed(2)}× · p95 ${out.ratios[2].ratio.toFixed(2)}×`,
      `  load average      before ${loadBefore.join(' ')} · after ${loadAfter.join(' ')} (1/5/15 min)`,
      `  exit codes        ${JSON.stringify(codes)} (2 = BG-011/BG-012 unreadable app-only, see docs/pipeline-app.md)`,
      `  no result         ${failed} of ${n} tenants`,
      ...Object.entries(causes).map(([c, k]) => `    ${k} × ${c}`),
    ].join('\n'),
  );
}
