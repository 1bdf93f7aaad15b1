/**
 * Benchmark (not a timed test): a full break-glass audit (all checks,
 * What-If on) against a generated large practice tenant — 50 000 users,
 * 300 CA policies, 4 break-glass accounts — at 0 ms and 100 ms injected
 * round-trip latency on Graph/ARM. It separates the client from the
 * emulator. Per run it measures:
 *
 *   - client CPU: this process's CPU time (user + system) during the audit —
 *     MSAL, the Graph client, the fetch plan and the checks;
 *   - round trips: sequential Graph waves, against the dependency floor (the
 *     depth of the reads' dependencies: no client can do with fewer);
 *   - emulator time: the practice tenant's CPU time during the audit (it runs
 *     in a child process, so this is its handling of every request: TLS,
 *     routing, the directory lookups, serializing);
 *   - wall time, and client wall = wall − emulator time: what the client would
 *     take against a service that answers instantly after the RTT;
 *   - run-queue waits (Linux): how long each process's main thread was ready
 *     to run but waited for a core (/proc/<pid>/schedstat, second field;
 *     https://docs.kernel.org/scheduler/sched-stats.html). On a machine busy
 *     with other work these waits are most of the wall time. The client's
 *     own waits are the machine's doing, not the client's, so the goal is
 *     judged on client wall minus them (never less than the client's CPU),
 *     the raw ratio beside it. The emulator's waits for a core are only
 *     reported, not taken off: they overlap the client's own in time, and
 *     taking both off would count the same wait twice, so they stay in the
 *     client's figure and count against it.
 *
 * Goal (per RTT, medians): client wall ≤ 1.3 × (client CPU + floor × RTT).
 * Prints a table and writes JSON to bench/results/.
 *
 *   npm run build && node bench/audit-large.js [runs=5] [users=50000] [policies=300] [accounts=4]
 *
 * Its faults inject the latency per HTTP request, so one $batch pays one
 * RTT, as on the wire. Peak RSS is the client's alone (the kernel's peak for
 * its process up to the end of each run).
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CLIENT_ID = '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60'; // the generated tenant's "breakglass" public client
const DOMAIN = 'northwindlarge.onmicrosoft.com';

/**
 * ms this process's main thread has spent ready to run but waiting for a core
 * (Linux /proc/<pid>/schedstat: on-CPU ns, run-queue wait ns, time slices);
 * null where the kernel does not say.
 */
function runQueueMs() {
  try {
    const waitNs = Number(readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/)[1]);
    return Number.isFinite(waitNs) ? waitNs / 1e6 : null;
  } catch {
    return null;
  }
}

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
  // The parent asks for this process's CPU time before and after each audit.
  process.on('message', (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage(), queueMs: runQueueMs() });
  });
  process.on('disconnect', async () => {
    await server.close();
    process.exit(0);
  });
} else {
  const loadAverageAtStart = loadavg();
  const runs = Number(process.argv[2] ?? 5);
  const users = Number(process.argv[3] ?? 50_000);
  const policies = Number(process.argv[4] ?? 300);
  const nAccounts = Number(process.argv[5] ?? 4);
  const { connectTenant } = await import('../dist/tenant/connect.js');
  const { runChecksDetailed } = await import('../dist/checks/run.js');
  const { builtInCatalog } = await import('../dist/steps/catalog.js');
  const checks = builtInCatalog().checks();
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
    const serverCpu = () =>
      new Promise((resolve) => {
        const on = (m) => {
          if (m && m.cpu) {
            child.off('message', on);
            resolve({ cpuMs: (m.cpu.user + m.cpu.system) / 1000, queueMs: m.queueMs });
          }
        };
        child.on('message', on);
        child.send('cpu');
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
      const emu0 = await serverCpu();
      const cpu0 = process.cpuUsage();
      const q0 = runQueueMs();
      const t0 = performance.now();
      const { results, stats } = await runChecksDetailed(checks, session, 'all', config);
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const q1 = runQueueMs();
      const emu1 = await serverCpu();
      const emulatorMs = emu1.cpuMs - emu0.cpuMs;
      const clientQueueMs = q0 !== null && q1 !== null ? q1 - q0 : null;
      const emulatorQueueMs = emu0.queueMs !== null && emu1.queueMs !== null ? emu1.queueMs - emu0.queueMs : null;
      const ev = session.drainEvidence();
      const http = ev.filter((e) => !e.viaBatch);
      const clientCpuMs = (cpu.user + cpu.system) / 1000;
      samples.push({
        wallMs,
        clientCpuMs,
        emulatorMs,
        clientWallMs: Math.max(0, wallMs - emulatorMs),
        clientQueueMs,
        emulatorQueueMs,
        // The client's wall without its own waits for a core (the machine's, not the client's).
        clientWallUnqueuedMs:
          clientQueueMs !== null ? Math.max((cpu.user + cpu.system) / 1000, wallMs - emulatorMs - clientQueueMs) : null,
        // The kernel's peak for this process so far (no sampling timer: its wake-ups would wait for a core too).
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
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
      clientCpuMs: Math.round(m('clientCpuMs')),
      emulatorMs: Math.round(m('emulatorMs')),
      clientWallMs: Math.round(m('clientWallMs')),
      clientQueueMs: samples.some((s) => s.clientQueueMs === null) ? null : Math.round(m('clientQueueMs')),
      emulatorQueueMs: samples.some((s) => s.emulatorQueueMs === null) ? null : Math.round(m('emulatorQueueMs')),
      clientWallUnqueuedMs: samples.some((s) => s.clientWallUnqueuedMs === null)
        ? null
        : Math.round(m('clientWallUnqueuedMs')),
      // The goal's yardstick: what the client's own work plus the unavoidable round trips cost.
      yardstickMs: Math.round(m('clientCpuMs') + m('depth') * rtt),
      perRun: samples.map((x) => ({
        wallMs: Math.round(x.wallMs),
        clientCpuMs: Math.round(x.clientCpuMs),
        emulatorMs: Math.round(x.emulatorMs),
        clientWallMs: Math.round(x.clientWallMs),
        clientQueueMs: x.clientQueueMs === null ? null : Math.round(x.clientQueueMs),
        emulatorQueueMs: x.emulatorQueueMs === null ? null : Math.round(x.emulatorQueueMs),
        roundTrips: x.waves,
        floor: x.depth,
      })),
      peakRssMiB: Math.round(m('peakRssMiB') * 10) / 10,
      verdicts: samples[0].verdicts,
    });
  }
  const GOAL = 1.3;
  for (const r of rows) {
    r.goal = GOAL;
    // Raw: the client's wall including the time it and the emulator waited for a core.
    r.rawRatio = r.yardstickMs > 0 ? r.clientWallMs / r.yardstickMs : Infinity;
    r.unqueuedRatio =
      r.clientWallUnqueuedMs === null ? null : r.yardstickMs > 0 ? r.clientWallUnqueuedMs / r.yardstickMs : Infinity;
    // Judged without the waits for a core when the kernel reports them: those are the machine's, not the client's.
    r.ratio = r.unqueuedRatio ?? r.rawRatio;
    r.goalMet = r.ratio <= GOAL;
  }
  const header = [
    'RTT ms',
    'HTTP req',
    '$batch',
    'Graph items',
    'round trips',
    'floor',
    'client CPU',
    'emulator',
    'wall',
    'client wall',
    'waits for a core (client/emulator)',
    'goal ≤ 1.3×(CPU+floor×RTT)',
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
      `${r.clientCpuMs} ms`,
      `${r.emulatorMs} ms`,
      `${r.wallMs} ms`,
      `${r.clientWallMs} ms`,
      r.clientQueueMs === null ? 'n/a' : `${r.clientQueueMs}/${r.emulatorQueueMs} ms`,
      `${r.ratio.toFixed(2)}× of ${r.yardstickMs} ms ${r.goalMet ? 'met' : 'NOT met'}${r.unqueuedRatio !== null ? ` (raw ${r.rawRatio.toFixed(2)}×)` : ''}`,
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
  for (const r of rows)
    console.log(
      `RTT ${r.rttMs} ms, each run (wall / client CPU / emulator / client wall / waits for a core client+emulator, ms; round trips vs floor): ${r.perRun
        .map(
          (x) =>
            `${x.wallMs}/${x.clientCpuMs}/${x.emulatorMs}/${x.clientWallMs}/${x.clientQueueMs ?? '?'}+${x.emulatorQueueMs ?? '?'} (${x.roundTrips} vs ${x.floor})`,
        )
        .join(', ')}`,
    );
  console.log(
    'client CPU = this process during the audit; emulator = the practice tenant process (CPU); client wall = wall − emulator.',
  );
  console.log(
    "waits for a core = time each main thread was ready to run but had no core (Linux run queue); the goal is judged on client wall minus the client's own waits (at least its CPU), the raw ratio beside it.",
  );
  console.log(
    'round trips = sequential Graph waves: the dependency depth plus any extra pages of the longest collection (CA policies are asked for in one page of up to 999).',
  );
  console.log(
    `verdicts: ${JSON.stringify(rows[0].verdicts)} (ARM reads are not consented in the generated tenant: monitoring checks report error)`,
  );
  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `audit-large-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        node: process.version,
        users,
        policies,
        accounts: nAccounts,
        loadAverageAtStart,
        loadAverageAtEnd: loadavg(),
        rows,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${file}`);
}
