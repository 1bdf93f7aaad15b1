/**
 * `npm run bench` — every benchmark in sequence, one summary table, and
 * bench/results/summary.json. Each benchmark is its own process (its own
 * heap, no warm caches shared between them) and reports medians of ≥ 5
 * runs; this file only runs them and collects their JSON.
 *
 *   npm run bench              full sizes (50k users / 300 CA policies audit, 100k-user paging)
 *   npm run bench -- --quick   smaller sizes, same runs count: a smoke run in a few minutes on 2 cores
 *   npm run bench -- --only journal-append,report-sign-verify
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',')
  : undefined;
const RUNS = 5;

/** Runs one benchmark script; returns its stdout and exit code (stderr passes through). */
function runScript(file, scriptArgs, nodeArgs = []) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, join(here, file), ...scriptArgs.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - t0 }));
  });
}

/** The JSON a benchmark wrote to bench/results/ since `since` (newest first). */
function resultSince(prefix, since) {
  if (!existsSync(resultsDir)) return undefined;
  const files = readdirSync(resultsDir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.json'))
    .map((f) => join(resultsDir, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ? JSON.parse(readFileSync(files[0], 'utf8')) : undefined;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
const row = (bench, metric, value, unit, goal, ok) =>
  rows.push({ bench, metric, value, unit, goal: goal ?? '', ok: ok === undefined ? '' : ok ? 'met' : 'NOT met' });

const benches = [
  {
    name: 'startup',
    file: 'startup.js',
    async run() {
      const since = Date.now();
      const r = await runScript(this.file, [quick ? RUNS : 9]);
      const j = resultSince('startup', since);
      if (!j) return r.code;
      for (const x of j.ratios ?? [])
        row(
          'startup',
          x.what,
          +x.ratio.toFixed(2),
          '×',
          x.goal ? `≤ ${x.goal}×` : undefined,
          x.goal ? x.ratio <= x.goal : undefined,
        );
      for (const [k, v] of Object.entries(j.medianMs ?? {})) row('startup', k, Math.round(v), 'ms');
      return r.code;
    },
  },
  {
    name: 'audit-large',
    file: 'audit-large.js',
    async run() {
      const since = Date.now();
      // runs, users, CA policies, break-glass accounts
      const sizes = quick ? [RUNS, 5_000, 60, 4] : [RUNS, 50_000, 300, 4];
      const r = await runScript(this.file, sizes);
      const j = resultSince('audit-large', since);
      if (!j) return r.code;
      const label = `${j.users} users / ${j.policies} CA`;
      for (const x of j.rows ?? []) {
        const at = `${label}, RTT ${x.rttMs} ms`;
        row('audit-large', `${at}: requests ($batch)`, `${x.httpRequests} (${x.batchRequests})`, '');
        row(
          'audit-large',
          `${at}: sequential round trips`,
          x.sequentialRoundTrips,
          '',
          `floor ${x.dependencyDepthFloor}`,
          x.sequentialRoundTrips <= x.dependencyDepthFloor,
        );
        row('audit-large', `${at}: client CPU`, x.clientCpuMs, 'ms');
        row('audit-large', `${at}: emulator (its CPU)`, x.emulatorMs, 'ms');
        row('audit-large', `${at}: wall time`, Math.round(x.wallMs), 'ms');
        if (x.unqueuedRatio !== null && x.unqueuedRatio !== undefined) {
          // On a busy machine most of the wall is waiting for a core; judged without the client's own, the raw figure beside it.
          row(
            'audit-large',
            `${at}: waits for a core, client / emulator`,
            `${x.clientQueueMs} / ${x.emulatorQueueMs}`,
            'ms',
          );
          row(
            'audit-large',
            `${at}: client wall, raw / (CPU + floor × RTT = ${x.yardstickMs} ms)`,
            +x.rawRatio.toFixed(2),
            '×',
          );
        }
        row(
          'audit-large',
          `${at}: client wall${x.unqueuedRatio != null ? ' w/o its waits for a core' : ''} / (CPU + floor × RTT = ${x.yardstickMs} ms)`,
          +x.ratio.toFixed(2),
          '×',
          `≤ ${x.goal}×`,
          x.goalMet,
        );
        row('audit-large', `${at}: peak RSS`, x.peakRssMiB, 'MiB');
      }
      return r.code;
    },
  },
  {
    name: 'paging-100k',
    file: 'paging-100k.js',
    async run() {
      // paging-100k.js measures one pass; run it RUNS times and take medians.
      const users = quick ? 20_000 : 100_000;
      const growth = [];
      const rate = [];
      let code = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await runScript(this.file, [users], ['--expose-gc']);
        code ||= r.code ?? 1;
        const g = /peak heap growth: ([\d.]+) MiB/.exec(r.out);
        const u = /\((\d+) users\/s\)/.exec(r.out);
        if (g) growth.push(Number(g[1]));
        if (u) rate.push(Number(u[1]));
      }
      if (growth.length) {
        const m = median(growth);
        row('paging', `${users} users: peak heap growth (median of ${growth.length})`, m, 'MiB', '< 64 MiB', m < 64);
        row('paging', `${users} users: throughput`, median(rate), 'users/s');
        writeFileSync(
          join(resultsDir, `paging-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
          JSON.stringify(
            { users, runs: growth.length, heapGrowthMiB: growth, usersPerSecond: rate, medianHeapGrowthMiB: m },
            null,
            2,
          ) + '\n',
        );
      }
      return code;
    },
  },
  {
    name: 'report-sign-verify',
    file: 'report-sign-verify.js',
    async run() {
      const since = Date.now();
      const r = await runScript(this.file, quick ? [10, RUNS] : [50, RUNS]);
      const j = resultSince('report-sign-verify', since);
      if (j) {
        row('report', 'sign + write (2 signers)', j.signPerSecond, 'reports/s');
        row('report', 'verify (pinned keys, journal re-checked)', j.verifyPerSecond, 'reports/s');
      }
      return r.code;
    },
  },
  {
    name: 'journal-append',
    file: 'journal-append.js',
    async run() {
      const since = Date.now();
      const r = await runScript(this.file, quick ? [500, RUNS] : [2000, RUNS]);
      const j = resultSince('journal-append', since);
      if (j) {
        row('journal', 'append + fsync p50', +j.p50Ms.toFixed(3), 'ms');
        row('journal', 'append + fsync p99', +j.p99Ms.toFixed(3), 'ms');
        row('journal', 'appends/s', j.appendsPerSecond, '/s');
      }
      return r.code;
    },
  },
];

mkdirSync(resultsDir, { recursive: true });
const started = new Date();
// Other work on the machine skews every figure: the load average is printed and saved with them.
const loadAtStart = loadavg();
const status = {};
for (const b of benches) {
  if (only && !only.includes(b.name)) continue;
  if (!existsSync(join(here, b.file))) {
    status[b.name] = 'missing';
    continue;
  }
  process.stdout.write(`\n=== ${b.name} (${b.file}${quick ? ', --quick' : ''})\n`);
  const t0 = performance.now();
  const code = await b.run();
  status[b.name] = { exitCode: code, seconds: Math.round((performance.now() - t0) / 1000) };
}

const w = (s, n) => String(s).padEnd(n);
const cols = [12, Math.max(84, ...rows.map((r) => r.metric.length + 2)), 14, 12, 4];
process.stdout.write(
  `\nSummary (${quick ? 'quick' : 'full'} sizes; medians of ≥ ${RUNS} runs; ${cpus().length} cores, ${process.version}; load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')})\n`,
);
process.stdout.write(`${w('bench', cols[0])}${w('metric', cols[1])}${w('value', cols[2])}${w('goal', cols[3])}ok\n`);
for (const r of rows)
  process.stdout.write(
    `${w(r.bench, cols[0])}${w(r.metric, cols[1])}${w(`${r.value} ${r.unit}`.trim(), cols[2])}${w(r.goal, cols[3])}${r.ok}\n`,
  );
// The goals alone, one row each: the figure, the goal, and whether it is met.
const goals = rows.filter((r) => r.ok !== '');
if (goals.length) {
  const gcols = [Math.max(96, ...goals.map((r) => r.bench.length + r.metric.length + 4)), 14, 12];
  process.stdout.write(`\nGoals (${goals.filter((r) => r.ok === 'met').length} of ${goals.length} met)\n`);
  process.stdout.write(`${w('what', gcols[0])}${w('figure', gcols[1])}${w('goal', gcols[2])}\n`);
  for (const r of goals)
    process.stdout.write(
      `${w(`${r.bench}: ${r.metric}`, gcols[0])}${w(`${r.value} ${r.unit}`.trim(), gcols[1])}${w(r.goal, gcols[2])}${r.ok}\n`,
    );
}
for (const [name, s] of Object.entries(status)) {
  if (s === 'missing') process.stdout.write(`(${name}: script not present)\n`);
  else if (s.exitCode !== 0) process.stdout.write(`(${name}: exited ${s.exitCode})\n`);
}
const summary = {
  startedAt: started.toISOString(),
  quick,
  node: process.version,
  cores: cpus().length,
  loadAverageAtStart: loadAtStart,
  loadAverageAtEnd: loadavg(),
  runs: RUNS,
  status,
  rows,
};
writeFileSync(join(resultsDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
process.stdout.write(`\nWrote ${join(resultsDir, 'summary.json')}\n`);
