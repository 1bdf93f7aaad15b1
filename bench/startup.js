/**
 * Benchmark (not a timed test): start-up cost of the operator's front end.
 *
 *   1. first interactive frame of `breakglass` (the home screen, up before
 *      the runbook library is parsed; "runbooks listed" is timed too) and of
 *      `breakglass run <runbook>` (the runbook overview: runbook parsed and
 *      validated; and the first step screen after Enter, engine started) vs a bare Ink hello-world, all in a
 *      pseudo-terminal (node-pty), timed from spawn to the frame's text
 *      arriving. Goal ≤ 1.25×.
 *   2. `breakglass --help` vs `node -e 0` (process start to exit). Goal ≤ 2×.
 *
 * Medians of several runs, alternating the contenders so machine noise hits
 * all of them alike. Prints a table and writes JSON to bench/results/.
 *
 *   npm run build && node bench/startup.js [runs=9]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = join(root, 'bin', 'breakglass.js');
const require = createRequire(import.meta.url);
const runs = Number(process.argv[2] ?? 9);

let pty;
try {
  pty = require('@lydell/node-pty');
} catch (e) {
  console.error(`node-pty does not load under Node ${process.version} (${e.message}); only the --help timing runs.`);
}

const stateDir = mkdtempSync(join(tmpdir(), 'bg-bench-startup-'));
const env = { ...process.env, TERM: 'xterm-256color', BREAKGLASS_STATE_DIR: stateDir };
delete env.NO_COLOR;

/**
 * ms from spawn until `marker` appears in the PTY output; then the process is
 * stopped. `script` is [text to wait for, keys to type] pairs answered on the
 * way (e.g. Enter on the runbook overview before the first step).
 */
function firstFrame(args, marker, script = []) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = pty.spawn(process.execPath, args, { cols: 100, rows: 30, cwd: root, env });
    let out = '';
    let done = false;
    const timer = setTimeout(() => {
      if (!done) {
        done = true;
        p.kill();
        reject(
          new Error(`no "${marker}" within 30 s from ${args.join(' ')}; output: ${JSON.stringify(out.slice(-400))}`),
        );
      }
    }, 30_000);
    const pending = [...script];
    let seen = 0;
    p.onData((d) => {
      out += d;
      const text = out.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
      const step = pending[0];
      if (step && text.indexOf(step[0], seen) >= 0) {
        seen = text.indexOf(step[0], seen) + step[0].length;
        pending.shift();
        p.write(step[1]);
      }
      if (!done && !pending.length && out.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').includes(marker)) {
        done = true;
        const ms = performance.now() - t0;
        clearTimeout(timer);
        p.kill();
        resolve(ms);
      }
    });
    p.onExit(() => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`${args.join(' ')} exited before "${marker}": ${JSON.stringify(out.slice(-400))}`));
      }
    });
  });
}

function processMs(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const runArgs = [bin, 'run', 'test/fixtures/tui/tui-walkthrough.md', '--input', 'owner=op@contoso.onmicrosoft.com'];

const contenders = {
  'ink hello-world (first frame)': pty && (() => firstFrame([join(here, 'startup-ink-hello.js')], 'hello from ink')),
  'breakglass home (first frame)': pty && (() => firstFrame([bin], 'q quit')),
  'breakglass home (runbooks listed)': pty && (() => firstFrame([bin], 'Runbooks:')),
  'breakglass run (overview frame)': pty && (() => firstFrame(runArgs, 'Enter start')),
  // Includes the key press on the overview: what an operator waits for after pressing Enter is only the step itself.
  'breakglass run (first step frame)': pty && (() => firstFrame(runArgs, 'Done? [Y/n]', [['Enter start', '\r']])),
  'node -e 0': () => Promise.resolve(processMs(['-e', '0'])),
  'breakglass --help': () => Promise.resolve(processMs([bin, '--help'])),
};

const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
// One warm-up round (file cache), not counted.
for (const f of Object.values(contenders)) if (f) await f();
for (let i = 0; i < runs; i++) {
  for (const [name, f] of Object.entries(contenders)) if (f) samples[name].push(await f());
}

const med = Object.fromEntries(
  Object.entries(samples)
    .filter(([, v]) => v.length)
    .map(([k, v]) => [k, median(v)]),
);
const ratios = [];
if (med['ink hello-world (first frame)']) {
  ratios.push({
    what: 'home first frame / ink hello-world',
    ratio: med['breakglass home (first frame)'] / med['ink hello-world (first frame)'],
    goal: 1.25,
  });
  ratios.push({
    what: 'home runbooks listed / ink hello-world',
    ratio: med['breakglass home (runbooks listed)'] / med['ink hello-world (first frame)'],
    goal: null,
  });
  ratios.push({
    what: 'run first frame (overview) / ink hello',
    ratio: med['breakglass run (overview frame)'] / med['ink hello-world (first frame)'],
    goal: 1.25,
  });
  ratios.push({
    what: 'run first step (after Enter) / ink hello',
    ratio: med['breakglass run (first step frame)'] / med['ink hello-world (first frame)'],
    goal: null,
  });
}
ratios.push({ what: '--help / node -e 0', ratio: med['breakglass --help'] / med['node -e 0'], goal: 2 });

const pad = (s, n) => String(s).padEnd(n);
console.log(`\nstart-up, median of ${runs} runs (Node ${process.version}, ${process.platform}/${process.arch})\n`);
console.log(`${pad('contender', 38)} ${pad('median ms', 10)} min ms   max ms`);
for (const [k, v] of Object.entries(samples)) {
  if (!v.length) continue;
  console.log(
    `${pad(k, 38)} ${pad(median(v).toFixed(0), 10)} ${pad(Math.min(...v).toFixed(0), 8)} ${Math.max(...v).toFixed(0)}`,
  );
}
console.log('');
for (const r of ratios)
  console.log(
    `${pad(r.what, 38)} ${r.ratio.toFixed(2)}×${r.goal ? `  (goal ≤ ${r.goal}×) ${r.ratio <= r.goal ? 'met' : 'NOT met'}` : '  (no goal; for information)'}`,
  );

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `startup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      runs,
      samplesMs: samples,
      medianMs: med,
      ratios,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwritten ${file}`);
