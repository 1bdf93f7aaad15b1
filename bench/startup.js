/**
 * Benchmark (not a timed test): start-up cost of what an operator waits for,
 * each as a ratio to its yardstick. Contenders alternate within each round,
 * so machine noise hits all of them alike; medians of the rounds.
 *
 *   screens (in a pseudo-terminal, node-pty; spawn → the frame's text arriving),
 *   yardstick: a bare Ink hello-world's first frame —
 *     - home screen with the runbooks listed (goal ≤ 1.25×), and ↓ pressed the
 *       moment the list is up, answered (the list is drawn before Ink has
 *       loaded, a key waits for Ink: when the screen answers keys; for
 *       information);
 *     - `breakglass run emergency-sign-in`: its overview (goal ≤ 1.25×) and the
 *       first screen after Enter, the runbook's inputs form (the key press
 *       included; for information);
 *   whole processes (spawn → exit), yardstick `node -e 0` —
 *     - `breakglass check --all` against the practice tenant (healthy) served
 *       by `breakglass practice serve` in its own process, as a real tenant is
 *       served from elsewhere: the client's whole process, the emulator's work
 *       seen only as response time (goal ≤ 4×);
 *     - the same with the practice tenant started inside the check process
 *       (`--scenario healthy`, what a first try looks like; for information);
 *     - `breakglass --help` (goal ≤ 2×).
 *
 * Every contender runs with the same environment. When NODE_EXTRA_CA_CERTS
 * is set, Node reads and parses that file at every start, so `node -e 0`
 * (and every contender) is slower by the same amount; the output says whether
 * it was set.
 *
 * One warm-up round is not counted: it fills the file cache, and the state
 * folder then holds what a second start finds there (the practice tenant's
 * keys, the runbook index), as on an operator's machine.
 *
 *   npm run build && node bench/startup.js [runs=9]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeBundleOptions } from '../scripts/bundle-options.mjs';

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

// The yardstick, bundled with the options that shape how the CLI runs (scripts/bundle-options.mjs).
const helloDir = join(stateDir, 'ink-hello');
const hello = join(helloDir, 'startup-ink-hello.js');
await (
  await import('esbuild')
).build({
  entryPoints: [join(here, 'startup-ink-hello.js')],
  outdir: helloDir,
  ...runtimeBundleOptions,
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const env = { ...process.env, TERM: 'xterm-256color', BREAKGLASS_STATE_DIR: stateDir };
delete env.NO_COLOR;

/**
 * ms from spawn until `marker` appears in the PTY output (or, a function, says
 * the output so far is what it waits for); then the process is stopped. `script` is [text to wait for, keys to type] pairs answered on the
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
      if (!done && !pending.length && (typeof marker === 'function' ? marker(text) : text.includes(marker))) {
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

function processMs(args, extraEnv = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Starts `breakglass practice serve` (healthy) in its own process and resolves
 * with the environment a client uses to reach it (the variables `check` reads).
 */
async function servePractice() {
  const serveState = mkdtempSync(join(tmpdir(), 'bg-bench-serve-'));
  const child = spawn(process.execPath, [bin, 'practice', 'serve', '--scenario', 'healthy', '--json'], {
    cwd: root,
    env: { ...env, BREAKGLASS_STATE_DIR: serveState },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`practice serve exited ${code} before it was ready`)));
  });
  const state = JSON.parse(line);
  return {
    stop: () => child.kill(),
    env: {
      BREAKGLASS_PRACTICE_URL: state.url,
      BREAKGLASS_PRACTICE_CA: state.caPath,
      BREAKGLASS_PRACTICE_ADMIN_KEY: state.adminKey,
    },
  };
}
const served = await servePractice();
// Stopped at the end (its pipe would otherwise keep this process alive) and when an error ends the run.
process.on('exit', () => served.stop());

const runArgs = [bin, 'run', 'emergency-sign-in'];
/** The home screen's selection (▸) on another runbook than the first one it was on. */
const selectionMoved = () => {
  let first;
  return (text) => {
    const selected = [...text.matchAll(/▸ ([^·\r\n]+)/g)].map((m) => m[1]);
    first ??= selected[0];
    return selected.some((s) => s !== first);
  };
};
// The healthy scenario's break-glass set-up, as a pipeline would pass it.
const checkArgs = [
  bin,
  'check',
  '--all',
  '--accounts',
  'bg-admin-01@contosopractice.onmicrosoft.com,bg-admin-02@contosopractice.onmicrosoft.com',
  '--group',
  'SG-BreakGlass-Exclude',
  '--workspace',
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security',
];

const contenders = {
  'ink hello-world (first frame)': pty && (() => firstFrame([hello], 'hello from ink')),
  'breakglass home (first frame)': pty && (() => firstFrame([bin], 'q quit')),
  'breakglass home (runbooks listed)': pty && (() => firstFrame([bin], 'Runbooks:')),
  // The list is drawn before Ink has loaded; a key waits for Ink. ↓ pressed the moment the list is
  // up, until the selection has moved: when the screen answers keys.
  'breakglass home (↓ answered)': pty && (() => firstFrame([bin], selectionMoved(), [['Runbooks:', '\x1b[B']])),
  'run emergency-sign-in (overview)': pty && (() => firstFrame(runArgs, 'Enter start')),
  // Includes the key press on the overview: what an operator waits for after pressing Enter is only the step itself.
  'run emergency-sign-in (first step)':
    // The runbook's inputs, asked up front in one form, are what comes after Enter.
    pty && (() => firstFrame(runArgs, 'Enter on the last field submits', [['Enter start', '\r']])),
  'node -e 0': () => Promise.resolve(processMs(['-e', '0'])),
  'breakglass --help': () => Promise.resolve(processMs([bin, '--help'])),
  'breakglass check --all (served practice)': () => Promise.resolve(processMs(checkArgs, served.env)),
  'breakglass check --all (in-process practice)': () =>
    Promise.resolve(processMs([...checkArgs, '--scenario', 'healthy'])),
};

// Other work on the machine skews the figures: recorded with them.
const loadAtStart = loadavg();
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
const ratio = (what, num, den, goal) => {
  if (med[num] && med[den]) ratios.push({ what, ratio: med[num] / med[den], goal });
};
ratio(
  'home, runbooks listed / Ink hello-world',
  'breakglass home (runbooks listed)',
  'ink hello-world (first frame)',
  1.25,
);
ratio(
  'run emergency-sign-in overview / Ink hello-world',
  'run emergency-sign-in (overview)',
  'ink hello-world (first frame)',
  1.25,
);
ratio(
  'first step after Enter / Ink hello-world',
  'run emergency-sign-in (first step)',
  'ink hello-world (first frame)',
  null,
);
ratio(
  'home, ↓ pressed as the list appears, answered / Ink hello-world',
  'breakglass home (↓ answered)',
  'ink hello-world (first frame)',
  null,
);
ratio('home, first frame / Ink hello-world', 'breakglass home (first frame)', 'ink hello-world (first frame)', null);
ratio('check --all, served practice / node -e 0', 'breakglass check --all (served practice)', 'node -e 0', 4);
ratio(
  'check --all, in-process practice / node -e 0',
  'breakglass check --all (in-process practice)',
  'node -e 0',
  null,
);
ratio('--help / node -e 0', 'breakglass --help', 'node -e 0', 2);

const pad = (s, n) => String(s).padEnd(n);
const extraCaCerts = env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set';
console.log(
  `\nstart-up, median of ${runs} runs (Node ${process.version}, ${process.platform}/${process.arch}; load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; NODE_EXTRA_CA_CERTS ${extraCaCerts} for every contender)\n`,
);
console.log(`${pad('contender', 44)} ${pad('median ms', 10)} min ms   max ms`);
for (const [k, v] of Object.entries(samples)) {
  if (!v.length) continue;
  console.log(
    `${pad(k, 44)} ${pad(median(v).toFixed(0), 10)} ${pad(Math.min(...v).toFixed(0), 8)} ${Math.max(...v).toFixed(0)}`,
  );
}
console.log('');
for (const r of ratios)
  console.log(
    `${pad(r.what, 50)} ${r.ratio.toFixed(2)}×${r.goal ? `  (goal ≤ ${r.goal}×) ${r.ratio <= r.goal ? 'met' : 'NOT met'}` : '  (no goal; for information)'}`,
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
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
      extraCaCerts,
      samplesMs: samples,
      medianMs: med,
      ratios,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwritten ${file}`);
served.stop();
