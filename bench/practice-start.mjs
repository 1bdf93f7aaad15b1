/**
 * How long the practice tenant takes to start in-process (TLS material,
 * RSA signing key, world from the 'healthy' scenario, listening).
 * Not a timed test. Target: < 1 s on an idle machine.
 *   npm run build && node bench/practice-start.mjs [runs]
 */
import { startPracticeServer } from '../dist/practice/server.js';

const runs = Number(process.argv[2] ?? 5);
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const s = await startPracticeServer({ scenario: 'healthy' });
  times.push(performance.now() - t0);
  await s.close();
}
times.sort((a, b) => a - b);
const f = (x) => `${x.toFixed(0)} ms`;
process.stdout.write(
  `practice server start, ${runs} runs: min ${f(times[0])}, median ${f(times[Math.floor(runs / 2)])}, max ${f(times[runs - 1])}\n`,
);
