/**
 * `breakglass run <runbook|id> [--tenant practice|<tenant-id>] [--scenario NAME]
 *   [--plain] [--answers FILE] [--input name=value …] [--state-dir DIR] [--operator NAME]`
 *
 * Loads and validates the runbook (refuses with diagnostics), picks the
 * operator (answers file → scripted; else the front end, which decides TTY),
 * connects to the tenant lazily at the first step that needs it, runs, and
 * writes the signed report at the end. Everything heavy is imported late.
 * Helpers here are shared with `resume`.
 */
import { EXIT } from '../exit-codes.js';
import type { OperatorPort } from '../core/events.js';
import type { CommonRunOptions, RunOutcome, TenantInfo } from '../engine/run.js';
import type { Catalog } from '../core/catalog.js';
import type { Runbook } from '../core/runbook.js';
import type { SimulationWorld } from '../practice/admin.js';
import { makeTenantFactory as makeIdentityTenantFactory, type TenantConnection, type TenantFactoryOptions } from './tenant-factory.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.USAGE,
  ) {
    super(message);
  }
}

export interface RunFlags {
  positional: string[];
  tenant?: string;
  scenario?: string;
  plain: boolean;
  answers?: string;
  inputs: Record<string, string>;
  stateDir?: string;
  operatorName?: string;
  /** Practice: simulated seconds per real second (a drill's 5-minute alert rule fires in seconds). */
  timeScale?: number;
  /** Flags passed through to the tenant configuration (--client-id, --cloud, --flow …). */
  tenantRest: string[];
}

const VALUE_FLAGS = new Set(['--tenant', '--scenario', '--answers', '--input', '--state-dir', '--operator', '--time-scale']);
const PASSTHROUGH = new Set(['--client-id', '--cloud', '--flow', '--certificate', '--certificate-passphrase-env', '--secret-env', '--config']);

export function parseRunFlags(args: string[], command: string): RunFlags {
  const f: RunFlags = { positional: [], plain: false, inputs: {}, tenantRest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--plain') f.plain = true;
    else if (VALUE_FLAGS.has(name)) {
      const v = value();
      if (name === '--tenant') f.tenant = v;
      else if (name === '--scenario') f.scenario = v;
      else if (name === '--answers') f.answers = v;
      else if (name === '--state-dir') f.stateDir = v;
      else if (name === '--operator') f.operatorName = v;
      else if (name === '--time-scale') {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 1 || n > 10_000) throw new UsageError(`--time-scale expects a number from 1 to 10000 (simulated seconds per real second), got "${v}"`);
        f.timeScale = n;
      }
      else {
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--input expects name=value, got "${v}"`);
        f.inputs[v.slice(0, eq)] = v.slice(eq + 1);
      }
    } else if (PASSTHROUGH.has(name)) f.tenantRest.push(name, value());
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a} for \`breakglass ${command}\``);
    else f.positional.push(a);
  }
  return f;
}

/** Loads a runbook by path or id; prints diagnostics and throws UsageError(FAIL/NO_INPUT) when it is not runnable. */
export async function loadForRun(idOrPath: string, catalog: Catalog): Promise<Runbook> {
  const { resolveRunbook } = await import('../runbook/library.js');
  const { formatDiagnostic } = await import('../runbook/diagnostics.js');
  const r = await resolveRunbook(idOrPath, catalog);
  for (const d of r.diagnostics) if (d.severity === 'error' || !r.runbook) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!r.runbook) {
    throw new UsageError(`cannot run ${idOrPath}: ${r.unreadable ? 'the runbook could not be read' : 'fix the errors above (breakglass validate shows them too)'}`, r.unreadable ? EXIT.NO_INPUT : EXIT.FAIL);
  }
  return r.runbook;
}

export interface Operator {
  port: OperatorPort;
  close(): Promise<void>;
  /** The interactive front end (TUI / plain), for the overview and the device-code panel; absent when scripted. */
  frontEnd?: import('../frontend/index.js').FrontEnd;
}

export async function makeOperator(flags: RunFlags, tenant: TenantInfo): Promise<Operator> {
  if (flags.answers) {
    const { loadAnswersFile, ScriptedOperator } = await import('../engine/scripted-operator.js');
    const file = await loadAnswersFile(flags.answers).catch((e: Error) => {
      throw new UsageError(e.message, EXIT.NO_INPUT);
    });
    const port = new ScriptedOperator(file, { log: (line) => process.stdout.write(line + '\n') });
    return { port, close: async () => {} };
  }
  const { createFrontEnd, NoTerminalError } = await import('../frontend/index.js');
  try {
    const fe = await createFrontEnd({ plain: flags.plain, tenant: { label: tenant.label, practice: tenant.mode === 'practice' } });
    return { port: fe, close: () => fe.close(), frontEnd: fe };
  } catch (e) {
    if (e instanceof NoTerminalError) throw new UsageError(e.message, EXIT.NO_TTY);
    throw e;
  }
}

export function tenantInfoFor(flags: RunFlags, runbook: Runbook): TenantInfo {
  const t = flags.tenant ?? 'practice';
  if (t === 'practice') {
    const scenario = flags.scenario ?? runbook.practice?.scenario ?? 'healthy';
    const timeScale = flags.timeScale && flags.timeScale !== 1 ? flags.timeScale : undefined;
    return { mode: 'practice', label: `PRACTICE · ${scenario}${timeScale ? ` · time ×${timeScale}` : ''}`, scenario, ...(timeScale ? { timeScale } : {}) };
  }
  if (flags.scenario) throw new UsageError('--scenario only applies to the practice tenant (--tenant practice)');
  return { mode: 'live', label: t, tenantId: t };
}

/**
 * The run's tenant factory (one signed-in session per runbook identity; see
 * tenant-factory.ts). Here: which practice tenant — an external one named by
 * BREAKGLASS_PRACTICE_URL, else an in-process server started on first use.
 */
export function makeTenantFactory(flags: RunFlags, runbook: Runbook, catalog: Catalog, tenant: TenantInfo, options: TenantFactoryOptions = {}): TenantConnection {
  const external = tenant.mode === 'practice' && !options.practiceServer && !options.practice && process.env['BREAKGLASS_PRACTICE_URL'];
  if (flags.timeScale && tenant.mode !== 'practice') throw new UsageError('--time-scale only applies to the practice tenant');
  const withScale = flags.timeScale ? { ...options, timeScale: flags.timeScale } : options;
  return makeIdentityTenantFactory(flags, runbook, catalog, tenant, external ? { ...withScale, practice: () => externalPractice(process.env) } : withScale);
}

/**
 * An external practice tenant, named by the environment (so `resume` finds it too):
 *   BREAKGLASS_PRACTICE_URL        e.g. https://127.0.0.1:8443 (from `breakglass practice serve`)
 *   BREAKGLASS_PRACTICE_CA         path of its CA certificate (PEM)
 *   BREAKGLASS_PRACTICE_ADMIN_KEY  its admin key: approves the device code and simulates
 *                                  key registration / sign-ins through /admin/*
 * The in-process practice server stays the default when BREAKGLASS_PRACTICE_URL is unset.
 */
async function externalPractice(env: NodeJS.ProcessEnv): Promise<{
  tenantId: string;
  caPem: string;
  endpoints: { authorityHost: string; graph: string; logs: string; arm: string };
  world: SimulationWorld;
  approve(userCode: string, upn?: string): Promise<unknown>;
}> {
  const { TenantError } = await import('../core/tenant.js');
  const fail = (cause: string): never => {
    throw new TenantError('login', 0, 'unavailable', { what: 'Practice tenant not reachable', cause, todo: 'Start it with `breakglass practice serve` and set BREAKGLASS_PRACTICE_URL, BREAKGLASS_PRACTICE_CA and BREAKGLASS_PRACTICE_ADMIN_KEY from its output.' });
  };
  const url = env['BREAKGLASS_PRACTICE_URL']!.replace(/\/+$/, '');
  const adminKey = env['BREAKGLASS_PRACTICE_ADMIN_KEY'] ?? '';
  if (!env['BREAKGLASS_PRACTICE_CA'] || !adminKey) fail('BREAKGLASS_PRACTICE_URL is set but BREAKGLASS_PRACTICE_CA or BREAKGLASS_PRACTICE_ADMIN_KEY is not');
  const { readFileSync } = await import('node:fs');
  let caPem = '';
  try {
    caPem = readFileSync(env['BREAKGLASS_PRACTICE_CA']!, 'utf8');
  } catch (e) {
    fail(`cannot read BREAKGLASS_PRACTICE_CA (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const { request } = await import('node:https');
  const { ADMIN_KEY_HEADER } = await import('../practice/admin.js');
  const admin = (method: string, path: string, body?: unknown): Promise<{ status: number; body: { tenantId?: string; error?: { message?: string } } }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${url}${path}`, { method, ca: caPem, timeout: 15_000, headers: { [ADMIN_KEY_HEADER]: adminKey, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: {} });
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', reject);
      req.end(payload);
    });
  // A simulation the world refused (unknown user, wrong TAP) must fail the step, as in-process.
  const simulate = async (path: string, body: unknown) => {
    const r = await admin('POST', path, body);
    if (r.status >= 300) throw new Error(r.body.error?.message ?? `practice tenant answered ${r.status}`);
    return r.body;
  };
  const status = await admin('GET', '/admin/status').catch((e: Error) => fail(`${url}: ${e.message}`));
  if (status.status !== 200 || !status.body.tenantId) fail(`${url}/admin/status answered ${status.status}: ${status.body.error?.message ?? 'no tenant id'}`);
  const tenantId = status.body.tenantId!;
  return {
    tenantId,
    caPem,
    endpoints: { authorityHost: url, graph: url, logs: `${url}/v1`, arm: url },
    world: {
      tenantId,
      registerFido2: (input) => simulate('/admin/fido2', input),
      simulateSignIn: (input) => simulate('/admin/signins', input),
    },
    // With a upn the code is approved as that user (e.g. the break-glass account), not the operator.
    approve: (userCode, upn) => admin('POST', `/admin/device-codes/${encodeURIComponent(userCode)}/approve`, upn ? { upn } : undefined).catch(() => undefined),
  };
}

/**
 * The engine options `run` and `resume` share: the tenant connection (sessions,
 * practice hooks and clock), the state dir, who runs it, and the report at the end.
 */
export async function sharedRunOptions(conn: TenantConnection, operator: Operator, stateDir: string, flags: RunFlags, runbook: Runbook, catalog: Catalog) {
  const { version } = await import('../cli.js');
  return {
    operator: operator.port,
    catalog,
    tenantFactory: conn.factory,
    ...(conn.practiceHooks ? { practiceHooks: conn.practiceHooks } : {}),
    ...(conn.clock ? { clock: conn.clock } : {}),
    stateDir,
    toolVersion: version(),
    ...(flags.operatorName ? { operatorName: flags.operatorName } : {}),
    onFinished: await reportWriter(runbook),
  };
}

/** Hands the in-memory signers to the report writer, if present in this build. */
export async function reportWriter(runbook: Runbook): Promise<CommonRunOptions['onFinished']> {
  return async (run) => {
    const { writeReport } = await import('../report/write.js');
    const signers = run.signers.map((s) => ({ role: s.role, name: s.name, keyPath: s.keyPath ?? '', passphrase: s.passphrase ?? '' }));
    const r = await writeReport({ runDir: run.runDir, signers, requiredRoles: runbook.signoff });
    return r.envelopePath;
  };
}

export function exitFor(outcome: RunOutcome): number {
  if (outcome.status === 'completed') return EXIT.OK;
  if (outcome.status === 'aborted') return EXIT.ABORTED;
  process.stderr.write(`Run ${outcome.runId} is paused. Continue it with: breakglass resume ${outcome.runId}\n`);
  return EXIT.QUIT;
}

/** Maps known errors to a message and exit code; rethrows bugs (the launcher prints them). */
export function reportError(command: string, e: unknown): number {
  const err = e as { name?: string; message?: string; hint?: string; code?: number; explanation?: { what: string; cause: string; todo: string } };
  if (e instanceof UsageError) {
    process.stderr.write(`breakglass ${command}: ${e.message}\n`);
    return e.code;
  }
  if (err?.name === 'InputError' || err?.name === 'ScriptedAnswerError' || err?.name === 'ConfigError') {
    process.stderr.write(`breakglass ${command}: ${err.message}\n${err.hint ? `  ${err.hint}\n` : ''}`);
    return EXIT.USAGE;
  }
  if (err?.name === 'JournalTamperedError') {
    process.stderr.write(`breakglass ${command}: ${err.message}\n`);
    return EXIT.FAIL;
  }
  if (err?.explanation) {
    process.stderr.write(`breakglass ${command}: ${err.explanation.what}: ${err.explanation.cause}\n  ${err.explanation.todo}\n`);
    return EXIT.ERROR;
  }
  throw e;
}

export async function run(args: string[]): Promise<number> {
  let operator: Operator | undefined;
  let tenantConn: { close(): Promise<void> } | undefined;
  try {
    const flags = parseRunFlags(args, 'run');
    if (flags.positional.length !== 1) throw new UsageError('give exactly one runbook path or id, e.g. `breakglass run quarterly-validation`');
    if (!flags.answers) {
      // Start loading Ink + React while the runbook is parsed (first frame sooner).
      const { preloadFrontEnd } = await import('../frontend/index.js');
      preloadFrontEnd({ plain: flags.plain });
    }
    const catalog = (await import('../steps/catalog.js')).builtInCatalog();
    const runbook = await loadForRun(flags.positional[0]!, catalog);
    const tenant = tenantInfoFor(flags, runbook);
    const { resolveStateDir } = await import('../state/paths.js');
    const stateDir = resolveStateDir(flags.stateDir);
    let showDeviceCode: ((info: { userCode: string; verificationUri: string; expiresAt: Date; message: string }) => void) | undefined;
    const conn = makeTenantFactory(flags, runbook, catalog, tenant, { onDeviceCode: (info) => showDeviceCode?.(info) });
    tenantConn = conn;
    operator = await makeOperator(flags, tenant);
    const fe = operator.frontEnd;
    if (fe?.showDeviceCode) showDeviceCode = (info) => fe.showDeviceCode!(info);
    if (fe) {
      // Before anything starts: the steps, which ones change the tenant, the permissions, the inputs.
      const { confirmOverview } = await import('../screens/overview-flow.js');
      if (!(await confirmOverview(fe, runbook, catalog))) {
        await operator.close();
        operator = undefined;
        process.stdout.write('Not started. Nothing was changed.\n');
        return EXIT.OK;
      }
    }
    const { startRun } = await import('../engine/run.js');
    const outcome = await startRun({ runbook, inputs: flags.inputs, tenant, ...(await sharedRunOptions(conn, operator, stateDir, flags, runbook, catalog)) });
    await operator.close();
    operator = undefined;
    return exitFor(outcome);
  } catch (e) {
    await operator?.close().catch(() => {});
    operator = undefined;
    return reportError('run', e);
  } finally {
    await operator?.close().catch(() => {});
    await tenantConn?.close();
  }
}
