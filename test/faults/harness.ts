/**
 * Shared machinery of the fault-survival suite: the shipped runbooks it
 * drives (with their scripted answers and practice scenario), signing keys
 * made with the real `breakglass keys create`, a practice tenant that runs
 * in THIS process (so it outlives the SIGKILLed child and its counters can be
 * read directly), and the CLI child that connects to it through
 * BREAKGLASS_PRACTICE_URL / _CA / _ADMIN_KEY (src/commands/run.ts).
 *
 * Size: BREAKGLASS_FAULTS_SCALE=full (npm run test:faults) or smoke (the
 * small variant in the default suite). Both use the compiled CLI in dist/
 * (npm test and npm run test:faults build first).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { readJournal } from '../../src/journal/journal.js';
import { startPracticeServer, type PracticeServer } from '../../src/practice/server.js';
import type { FaultConfig } from '../../src/practice/faults.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'bin/breakglass.js');
export const KEY_PASSPHRASE = 'fault suite key passphrase 0042';
export const SCALE: 'full' | 'smoke' = process.env['BREAKGLASS_FAULTS_SCALE'] === 'smoke' ? 'smoke' : 'full';

export interface RunbookCase {
  id: string;
  /** Path of the shipped runbook. */
  file: string;
  /** Practice scenario the runbook is meant for (its `practice.scenario`, or the nearest shipped one). */
  scenario: string;
  answers: string;
  /** Changes the tenant (the crash suite only counts kill points of these). */
  mutating: boolean;
  /** Run inputs given on the command line (--input name=value); `dir` is the experiment's scratch folder. */
  inputs: (dir: string) => Record<string, string>;
}

const rb = (
  id: string,
  scenario: string,
  mutating: boolean,
  inputs: RunbookCase['inputs'] = () => ({}),
): RunbookCase => ({
  inputs,
  id,
  file: join(ROOT, 'runbooks', `${id}.md`),
  scenario,
  answers: join(ROOT, 'test/faults/answers', `${id}.yaml`),
  mutating,
});

/**
 * The shipped runbooks the suite drives, each against the scenario its front
 * matter names. Not here: the read-only drills (alert-verification-drill,
 * quarterly-validation, post-use-review, reseal-envelopes) change nothing, so
 * they are no crash targets (test/runbooks/*.e2e.test.ts runs them).
 */
export const ALL_RUNBOOKS: RunbookCase[] = [
  rb('security-defaults-fido2', 'smb-security-defaults', true),
  rb('credential-rotation', 'healthy', true),
  rb('setup-conditional-access', 'conditional-access-new', true),
  // The encrypted key file lands in the experiment's own folder.
  rb('service-principal-layered', 'healthy', true, (dir) => ({ keyPath: join(dir, 'emergency-access-key.pem') })),
  rb('emergency-sign-in', 'healthy', false, () => ({ account: 'bg-admin-01@contosopractice.onmicrosoft.com' })),
];

/** BREAKGLASS_FAULTS_ONLY=id[,id…] narrows the suite to those runbooks (to look into one). */
export const only = process.env['BREAKGLASS_FAULTS_ONLY']
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
export const RUNBOOKS: RunbookCase[] = only ? ALL_RUNBOOKS.filter((c) => only.includes(c.id)) : ALL_RUNBOOKS;

/** A shipped scenario as an object (tests edit it before starting a tenant). */
export function scenarioObject(name: string): Record<string, unknown> {
  return parse(readFileSync(join(ROOT, 'src/practice/scenarios', `${name}.yaml`), 'utf8'), {
    merge: true,
    maxAliasCount: -1,
  }) as Record<string, unknown>;
}

/** Scratch folders of this test file; removed when it ends (afterAll(removeScratch)) unless BREAKGLASS_FAULTS_KEEP is set. */
const scratch: string[] = [];
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bg-faults-${prefix}-`));
  scratch.push(dir);
  return dir;
}
export function removeScratch(): void {
  if (process.env['BREAKGLASS_FAULTS_KEEP']) return; // keep them to look into a failure
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function startServer(
  scenario: string,
  opts: { faults?: FaultConfig; seed?: number; timeScale?: number } = {},
): Promise<PracticeServer> {
  return startPracticeServer({
    scenario: scenarioObject(scenario),
    autoApproveDeviceCodeAfterMs: 0,
    ...(opts.faults ? { faults: opts.faults } : {}),
    seed: opts.seed ?? 1,
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
  });
}

export function practiceEnv(server: PracticeServer): Record<string, string> {
  return {
    BREAKGLASS_PRACTICE_URL: server.url,
    BREAKGLASS_PRACTICE_CA: server.caPath,
    BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
  };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed by the time limit (a hang), not by the test. */
  timedOut: boolean;
}

export interface ChildHandle {
  pid: number;
  done: Promise<ChildResult>;
  kill(): void;
}

/** Runs the real CLI in a child process (asynchronously, so the in-process practice tenant keeps serving). */
export function cli(args: string[], env: Record<string, string> = {}, timeoutMs = 180_000): ChildHandle {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, BREAKGLASS_KEY_PASSPHRASE: '', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const done = new Promise<ChildResult>((res) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout, stderr, timedOut });
    });
  });
  return { pid: child.pid!, done, kill: () => child.kill('SIGKILL') };
}

export interface Signer {
  role: string;
  name: string;
  keyPath: string;
  pubPath: string;
  passphrase: string;
}

let keys: Promise<Signer[]> | undefined;
/** The suite's two signing keys, made once per process (the smoke test runs every file in one). */
export function signingKeys(): Promise<Signer[]> {
  return (keys ??= makeKeys(join(scratchDir('keys'), 'keys')));
}

/** Two signing keys (operator, witness) made by the real `breakglass keys create`. */
async function makeKeys(dir: string): Promise<Signer[]> {
  mkdirSync(dir, { recursive: true });
  const out: Signer[] = [];
  for (const [role, name] of [
    ['operator', 'Olivia Operator'],
    ['witness', 'Walter Witness'],
  ] as const) {
    const r = await cli(['keys', 'create', '--name', name, '--out', dir], { BREAKGLASS_KEY_PASSPHRASE: KEY_PASSPHRASE })
      .done;
    if (r.code !== 0) throw new Error(`keys create failed: ${r.stderr}`);
    const keyPath = /private key\s+(\S+)/.exec(r.stdout)?.[1];
    const pubPath = /public key\s+(\S+)/.exec(r.stdout)?.[1];
    if (!keyPath || !pubPath) throw new Error(`keys create printed no key paths:\n${r.stdout}`);
    out.push({ role, name, keyPath, pubPath, passphrase: KEY_PASSPHRASE });
  }
  return out;
}

export function inputArgs(c: RunbookCase, dir: string): string[] {
  return Object.entries(c.inputs(dir)).flatMap(([k, v]) => ['--input', `${k}=${v}`]);
}

/**
 * The runbook's scripted answers plus a sign-off with the given keys, written to dir.
 * `retryFailures`: answer a failed step with "retry", as an operator told "retry in a few
 * minutes" would (a POST that got a 5xx is not retried automatically: it may have landed).
 */
export function answersFile(
  c: RunbookCase,
  signers: Signer[],
  dir: string,
  opts: { retryFailures?: boolean } = {},
): string {
  const doc = (parse(readFileSync(c.answers, 'utf8')) ?? {}) as {
    defaults?: Record<string, unknown>;
    answers?: Record<string, unknown>;
  };
  doc.defaults = {
    ...(doc.defaults ?? {}),
    ...(opts.retryFailures ? { failure: { choice: 'retry' } } : {}),
    signoff: {
      signers: signers.map((s) => ({ role: s.role, name: s.name, keyPath: s.keyPath, passphrase: s.passphrase })),
    },
  };
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `${c.id}.answers.yaml`);
  writeFileSync(p, stringify(doc));
  return p;
}

export function runDirOf(stateDir: string): string {
  const runs = join(stateDir, 'runs');
  const ids = readdirSync(runs);
  if (ids.length !== 1) throw new Error(`expected one run in ${runs}, found ${ids.length}`);
  return join(runs, ids[0]!);
}

export function journalOf(stateDir: string) {
  return readJournal(join(runDirOf(stateDir), 'journal.jsonl'));
}

/**
 * Each step's final verdict, in the order steps first finished. A step can
 * finish twice in one run: a sign-off is asked again after a restart (keys
 * live only in memory), and a step whose secret died with the process is run
 * again; what the operator ends with is the last verdict.
 */
export function stepVerdicts(stateDir: string): string[] {
  const last = new Map<string, string>();
  for (const r of journalOf(stateDir).records) {
    if (r.type !== 'step-finished') continue;
    const d = r.data as { instanceId?: string; result?: { status?: string } };
    last.set(String(d.instanceId), String(d.result?.status));
  }
  return [...last].map(([id, status]) => `${id} ${status}`);
}

/** Every regular file under dir (state dir, reports, logs). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Runs tasks with at most `n` at a time (2 cores: the child and the server share them). */
export async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
