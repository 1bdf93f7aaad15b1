/**
 * Benchmark (not a timed test): latency of one run-journal append — hash
 * chain, JSON line, write AND fsync before append() returns — on this
 * machine's disk (the state dir lives there). Reports p50/p99/max over all
 * appends, the median of per-round p50s, and appends/s. Prints a table and
 * writes JSON to bench/results/.
 *
 *   npm run build && node bench/journal-append.js [appends=2000] [rounds=5] [dir=$TMPDIR]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JournalWriter, readJournal } from '../dist/journal/journal.js';

const here = dirname(fileURLToPath(import.meta.url));
const appends = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 5);
const base = process.argv[4] ?? tmpdir();

const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const all = [];
const roundP50 = [];
const roundRate = [];
for (let r = 0; r < rounds; r++) {
  const dir = mkdtempSync(join(base, 'bg-bench-journal-'));
  const w = JournalWriter.create(join(dir, 'journal.jsonl'));
  const times = [];
  const t0 = performance.now();
  for (let i = 0; i < appends; i++) {
    // A realistic record: an outcome with a request id and outputs, as an action step writes.
    const data = {
      instanceId: `accounts[${i % 4}].create`,
      actionId: 'user.createBreakGlass',
      key: `user:bg-admin-${i}@contoso.onmicrosoft.com`,
      status: 'applied',
      outputs: { id: '0f3c1a2b-1111-4222-8333-444455556666' },
      requestId: 'b21313b0-fd08-4aa2-ac9b-53e8ca5e96bd',
    };
    const s = performance.now();
    w.append('outcome', data);
    times.push(performance.now() - s);
  }
  roundRate.push(appends / ((performance.now() - t0) / 1000));
  w.close?.();
  const read = readJournal(join(dir, 'journal.jsonl'));
  if (!read.valid || read.records.length !== appends) throw new Error('journal did not verify after the benchmark');
  rmSync(dir, { recursive: true, force: true });
  all.push(...times);
  times.sort((a, b) => a - b);
  roundP50.push(q(times, 0.5));
}
all.sort((a, b) => a - b);
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  node: process.version,
  dir: base,
  appends,
  rounds,
  p50Ms: q(all, 0.5),
  p99Ms: q(all, 0.99),
  maxMs: all.at(-1),
  medianRoundP50Ms: med(roundP50),
  appendsPerSecond: Math.round(med(roundRate)),
};
const f = (x) => `${x.toFixed(3)} ms`;
process.stdout.write(
  `journal append (write + fsync), ${appends} appends × ${rounds} rounds in ${base}\n` +
    `  p50 ${f(result.p50Ms)}   p99 ${f(result.p99Ms)}   max ${f(result.maxMs)}   ${result.appendsPerSecond} appends/s (median round)\n`,
);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', `journal-append-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
  JSON.stringify(result, null, 2) + '\n',
);
