/**
 * `breakglass run <runbook|id> [--tenant practice|<tenant-id>] [--scenario NAME]
 *   [--plain] [--answers FILE] [--input name=value …] [--state-dir DIR] [--operator NAME]`
 *
 * Loads and validates the runbook (refuses with diagnostics), picks the
 * operator (answers file → scripted; else the front end, which decides TTY),
 * shows the overview (for a shipped runbook, the build's precompiled one as
 * the first frame, validated in full while it is read: ./run-precompiled.ts),
 * connects to the tenant lazily at the first step that needs it, runs, and
 * writes the signed report at the end. Everything heavy is imported late.
 * Helpers here are shared with `resume`.
 */
import { EXIT } from '../core/exit-codes.js';
import { UsageError } from '../core/errors.js';
import { reportError } from './report-error.js';
import type { OperatorPort } from '../core/events.js';
import type { CommonRunOptions, RunOutcome } from '../engine/run.js';
import type { DeviceCodeInfo, TenantInfo } from '../core/tenant.js';
import type { TenantConfig } from '../config/tenant-config.js';
import type { Catalog } from '../core/catalog.js';
import type { Runbook } from '../core/runbook.js';
import type { PracticeServer } from '../practice/server.js';
import type { RunSessions } from '../tenant/run-sessions.js';
import type { OverviewModel } from '../screens/overview-model.js';
import { COMMANDS, HOME_OPTIONS, SIGN_IN } from './specs.js';
import { checkArgs, shellArg } from './argv.js';

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
  /** Practice: seconds the sign-in code stays on screen before the practice tenant approves it. */
  practiceApproveAfter?: number;
}

/** Sign-in options, handed to the tenant configuration as they are. */
const PASSTHROUGH = new Set([...SIGN_IN.map((o) => `--${o.name}`), '--config']);

/** `run`, `resume` and the home screen take the options of the `run` table (./specs.ts). */
export function parseRunFlags(args: string[], command: string): RunFlags {
  checkArgs(command === 'home' ? 'run' : command, command === 'home' ? HOME_OPTIONS : COMMANDS[command]!.options, args);
  const f: RunFlags = { positional: [], plain: false, inputs: {}, tenantRest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--plain') f.plain = true;
    else if (name === '--home') continue;
    else if (PASSTHROUGH.has(name)) f.tenantRest.push(name, value());
    else if (name.startsWith('--')) {
      const v = value();
      if (name === '--tenant') f.tenant = v;
      else if (name === '--scenario') f.scenario = v;
      else if (name === '--answers') f.answers = v;
      else if (name === '--state-dir') f.stateDir = v;
      else if (name === '--operator') f.operatorName = v;
      else if (name === '--practice-approve-after') {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0 || n > 600)
          throw new UsageError(`--practice-approve-after expects seconds from 0 to 600, got "${v}"`);
        f.practiceApproveAfter = n;
      } else if (name === '--time-scale') {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 1 || n > 10_000)
          throw new UsageError(
            `--time-scale expects a number from 1 to 10000 (simulated seconds per real second), got "${v}"`,
          );
        f.timeScale = n;
      } else {
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--input expects name=value, got "${v}"`);
        f.inputs[v.slice(0, eq)] = v.slice(eq + 1);
      }
    } else f.positional.push(a);
  }
  return f;
}

/** Loads a runbook by path or id; prints diagnostics and throws UsageError(FAIL/NO_INPUT) when it is not runnable. */
export async function loadForRun(
  idOrPath: string,
  catalog: Catalog,
  opts: { stateDir?: string } = {},
): Promise<Runbook> {
  const [{ resolveRunbook }, { formatDiagnostic }, { runbookIndexFile }] = await Promise.all([
    import('../runbook/library.js'),
    import('../runbook/diagnostics.js'),
    import('../state/paths.js'),
  ]);
  // An id is found in the front-matter index; only that runbook is parsed and validated.
  const r = await resolveRunbook(idOrPath, catalog, {
    ...(opts.stateDir ? { indexFile: runbookIndexFile(opts.stateDir) } : {}),
  });
  for (const d of r.diagnostics)
    if (d.severity === 'error' || !r.runbook) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!r.runbook) {
    throw new UsageError(
      `cannot run ${idOrPath}: ${r.unreadable ? 'the runbook could not be read' : 'fix the errors above (breakglass validate shows them too)'}`,
      r.unreadable ? EXIT.NO_INPUT : EXIT.FAIL,
    );
  }
  return r.runbook;
}

export interface Operator {
  port: OperatorPort;
  close(): Promise<void>;
  /** The interactive front end (TUI / plain), for the overview and the device-code panel; absent when scripted. */
  frontEnd?: import('../frontend/index.js').FrontEnd;
}

/** The tenant as the screens' badge names it. */
function screenTenant(tenant: TenantInfo): { label: string; practice: boolean } {
  return { label: tenant.label, practice: tenant.mode === 'practice' };
}

/** `overview`: already known, so the TUI's first frame shows it (answer it with confirmOverviewModel). */
export async function makeOperator(flags: RunFlags, tenant: TenantInfo, overview?: OverviewModel): Promise<Operator> {
  if (flags.answers) {
    const { loadAnswersFile, ScriptedOperator } = await import('../engine/scripted-operator.js');
    const file = await loadAnswersFile(flags.answers).catch((e: unknown) => {
      throw new UsageError(e instanceof Error ? e.message : String(e), EXIT.NO_INPUT);
    });
    const port = new ScriptedOperator(file, { log: (line) => process.stdout.write(line + '\n') });
    return { port, close: async () => {} };
  }
  const { createFrontEnd } = await import('../frontend/index.js');
  const fe = await createFrontEnd({
    plain: flags.plain,
    tenant: screenTenant(tenant),
    resumeCommand: resumeCommandFor(flags),
    stateDir: (await import('../state/paths.js')).resolveStateDir(flags.stateDir),
    ...(overview ? { overview } : {}),
  });
  return { port: fe, close: () => fe.close(), frontEnd: fe };
}

/**
 * The tenant a run acts on, resolved once, here at the command edge, with the
 * precedence the docs promise: --tenant > BREAKGLASS_TENANT > config file >
 * the practice tenant. Throws ConfigError for a tenant that cannot be used.
 */
export async function resolveRunTenant(
  flags: RunFlags,
  runbook?: Pick<Runbook, 'practice'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ config: TenantConfig; info: TenantInfo }> {
  const { parseTenantFlags, resolveTenantConfig } = await import('../config/tenant-config.js');
  const { flags: tflags } = parseTenantFlags([
    ...flags.tenantRest,
    ...(flags.tenant ? ['--tenant', flags.tenant] : []),
  ]);
  const config = await resolveTenantConfig({ flags: tflags, env });
  return { config, info: tenantInfoFor(flags, config, runbook) };
}

export function tenantInfoFor(flags: RunFlags, config: TenantConfig, runbook?: Pick<Runbook, 'practice'>): TenantInfo {
  if (config.mode === 'practice') {
    const scenario = flags.scenario ?? runbook?.practice?.scenario ?? 'healthy';
    const timeScale = flags.timeScale && flags.timeScale !== 1 ? flags.timeScale : undefined;
    return {
      mode: 'practice',
      label: `PRACTICE · ${scenario}${timeScale ? ` · time ×${timeScale}` : ''}`,
      scenario,
      ...(timeScale ? { timeScale } : {}),
    };
  }
  if (flags.scenario) throw new UsageError('--scenario only applies to the practice tenant (--tenant practice)');
  return { mode: 'live', label: config.tenantId, tenantId: config.tenantId };
}

/** --time-scale speeds up the practice tenant's clock; a live tenant has none to speed up. */
export function assertTimeScaleApplies(flags: Pick<RunFlags, 'timeScale'>, tenant: TenantInfo): void {
  if (flags.timeScale && tenant.mode !== 'practice')
    throw new UsageError('--time-scale only applies to the practice tenant');
}

export interface ConnectRunOptions {
  /** The resolved tenant configuration (resolveRunTenant). */
  config: TenantConfig;
  tenant: TenantInfo;
  /** Use this running in-process practice server (tests, a server shared by several runs); it is not closed here. */
  practiceServer?: PracticeServer;
  /** Environment for secrets named by env var (default process.env). */
  env?: NodeJS.ProcessEnv;
  onDeviceCode?(info: DeviceCodeInfo): void;
  /** The run's folder: a practice tenant started for the run keeps its state there (and resumes from it). */
  runDir?: string;
}

/**
 * The run's sessions (src/tenant/run-sessions.ts, one per runbook identity),
 * and which practice tenant they reach: a given in-process server, an external
 * one named by BREAKGLASS_PRACTICE_URL (src/practice/target.ts), else one
 * started in this process on first use.
 */
export async function connectRun(
  flags: RunFlags,
  runbook: Runbook,
  catalog: Catalog,
  options: ConnectRunOptions,
): Promise<RunSessions> {
  const { tenant } = options;
  assertTimeScaleApplies(flags, tenant);
  const [{ makeRunSessions }, target, { resolveStateDir, practiceKeyStore }] = await Promise.all([
    import('../tenant/run-sessions.js'),
    import('../practice/target.js'),
    import('../state/paths.js'),
  ]);
  const server = options.practiceServer;
  const practice =
    tenant.mode !== 'practice'
      ? undefined
      : server
        ? () => Promise.resolve(target.practiceTargetOf(server))
        : process.env['BREAKGLASS_PRACTICE_URL']
          ? () => target.externalPractice(process.env)
          : async () => {
              const { PRACTICE_TENANT_FILE } = await import('../state/runs.js');
              const { join } = await import('node:path');
              return target.startRunPractice({
                scenario: tenant.scenario ?? 'healthy',
                keyStore: practiceKeyStore(resolveStateDir(flags.stateDir)),
                ...(flags.timeScale ? { timeScale: flags.timeScale } : {}),
                ...(options.runDir ? { stateFile: join(options.runDir, PRACTICE_TENANT_FILE) } : {}),
              });
            };
  return makeRunSessions({
    config: options.config,
    runbook,
    catalog,
    tenant,
    ...(practice ? { practice } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(flags.timeScale ? { timeScale: flags.timeScale } : {}),
    ...(options.onDeviceCode ? { onDeviceCode: options.onDeviceCode } : {}),
    ...(tenant.mode === 'practice' ? { practiceApproveAfterMs: practiceApproveAfterMs(flags) } : {}),
  });
}

/**
 * How long a practice run shows its sign-in screen before the practice tenant approves the code:
 * --practice-approve-after, else $BREAKGLASS_PRACTICE_APPROVE_AFTER, else 5 s with a person at the
 * keyboard; scripted runs (--answers) approve at once.
 */
export function practiceApproveAfterMs(flags: RunFlags, env: NodeJS.ProcessEnv = process.env): number {
  if (flags.practiceApproveAfter !== undefined) return flags.practiceApproveAfter * 1000;
  if (flags.answers) return 0;
  const fromEnv = Number(env['BREAKGLASS_PRACTICE_APPROVE_AFTER']);
  return env['BREAKGLASS_PRACTICE_APPROVE_AFTER'] && Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv * 1000 : 5000;
}

/**
 * The engine options `run` and `resume` share: the tenant connection (sessions,
 * practice hooks and clock), the state dir, who runs it, and the report at the end.
 */
export async function sharedRunOptions(
  conn: RunSessions,
  operator: Operator,
  stateDir: string,
  flags: RunFlags,
  runbook: Runbook,
  catalog: Catalog,
) {
  const { version } = await import('../util/version.js');
  return {
    operator: operator.port,
    catalog,
    tenantFactory: conn.factory,
    ...(conn.practiceHooks ? { practiceHooks: conn.practiceHooks } : {}),
    ...(conn.clock ? { clock: conn.clock } : {}),
    stateDir,
    toolVersion: version(),
    ...(flags.operatorName ? { operatorName: flags.operatorName } : {}),
    onFinished: await reportWriter(runbook, flags),
    // The sign-off form offers the keys `keys create` wrote, so nobody types a full path.
    signingKeys: async () => (await import('./key-files.js')).keyFiles(),
  };
}

/** Hands the in-memory signers to the report writer, if present in this build. */
export async function reportWriter(
  runbook: Runbook,
  flags: Pick<RunFlags, 'stateDir'> = {},
): Promise<CommonRunOptions['onFinished']> {
  return async (run) => {
    const { writeReport } = await import('../report/write.js');
    const { keyFileFinder } = await import('./key-files.js');
    const signers = run.signers.map((s) => ({
      role: s.role,
      name: s.name,
      keyPath: s.keyPath ?? '',
      passphrase: s.passphrase ?? '',
    }));
    const r = await writeReport({
      runDir: run.runDir,
      signers,
      requiredRoles: runbook.signoff,
      signHint: { keyFile: await keyFileFinder() },
    });
    const verifyCommand = `breakglass verify ${shellArg(r.envelopePath)}${flags.stateDir ? ` --state-dir ${shellArg(flags.stateDir)}` : ''}`;
    return { reportPath: r.envelopePath, verdict: { ...r.verdict, verifyCommand } };
  };
}

/** The command that continues a run, with the --state-dir in use, ready to copy. */
export function resumeCommandFor(flags: Pick<RunFlags, 'stateDir'>): (runId: string) => string {
  return (runId) => `breakglass resume ${runId}${flags.stateDir ? ` --state-dir ${shellArg(flags.stateDir)}` : ''}`;
}

export function exitFor(outcome: RunOutcome, flags: Pick<RunFlags, 'stateDir'> = {}): number {
  if (outcome.status === 'completed') return EXIT.OK;
  if (outcome.status === 'aborted') return EXIT.ABORTED;
  process.stderr.write(`Run ${outcome.runId} is paused. Continue it with: ${resumeCommandFor(flags)(outcome.runId)}\n`);
  return EXIT.QUIT;
}

/** What a run holds open until it ends: the front end (restores the terminal) and the tenant connection. */
interface Held {
  operator?: Operator;
  conn?: RunSessions;
}

export async function run(args: string[]): Promise<number> {
  const held: Held = {};
  try {
    const flags = parseRunFlags(args, 'run');
    if (flags.positional.length !== 1)
      throw new UsageError('give exactly one runbook path or id, e.g. `breakglass run quarterly-validation`');
    // At a terminal, what draws a shipped runbook's overview before Ink loads while the runbook is
    // found and the tenant resolved; a usage or tenant error still comes before any screen.
    const painter = flags.answers ? Promise.resolve(undefined) : overviewPainter(flags);
    painter.catch(() => undefined); // awaited by runFromPrecompiled
    const { resolveStateDir, runbookIndexFile } = await import('../state/paths.js');
    const stateDir = resolveStateDir(flags.stateDir);
    // A person at a terminal and a shipped runbook the build made an overview of: that overview is
    // the first frame (./run-precompiled.ts). Scripted runs and every other runbook: parsed and
    // validated before anything is shown, as always.
    const quick = flags.answers
      ? undefined
      : await (
          await import('./run-precompiled.js')
        ).findPrecompiledRunbook(flags.positional[0]!, runbookIndexFile(stateDir));
    if (quick) return await runFromPrecompiled(flags, stateDir, quick, held, painter);
    if (!flags.answers) {
      // Start loading Ink + React while the runbook is parsed (first frame sooner).
      const { preloadFrontEnd } = await import('../frontend/index.js');
      preloadFrontEnd({ plain: flags.plain });
    }
    const catalog = (await import('../steps/catalog.js')).builtInCatalog();
    const runbook = await loadForRun(flags.positional[0]!, catalog, { stateDir });
    const { config, info: tenant } = await resolveRunTenant(flags, runbook);
    const { newRunId, runDirOf } = await import('../state/runs.js');
    // Chosen now so the practice tenant, started later at the first step that needs it, saves into the run's folder.
    const runId = newRunId(runbook.id, new Date());
    held.conn = await connectRun(flags, runbook, catalog, {
      config,
      tenant,
      onDeviceCode: (info) => held.operator?.frontEnd?.showDeviceCode?.(info),
      runDir: runDirOf(stateDir, runId),
    });
    held.operator = await makeOperator(flags, tenant);
    // Before anything starts: the steps, which ones change the tenant, the permissions, the inputs.
    const fe = held.operator.frontEnd;
    if (fe && !(await (await import('../screens/overview-flow.js')).confirmOverview(fe, runbook, catalog)))
      return await notStarted(held);
    return await startValidated(flags, stateDir, runbook, catalog, tenant, runId, held);
  } catch (e) {
    await held.operator?.close().catch(() => {});
    held.operator = undefined;
    return reportError('run', e);
  } finally {
    await held.operator?.close().catch(() => {});
    await held.conn?.close();
  }
}

type OverviewPainter = typeof import('../screens/overview-first-frame.js');

/** At a terminal, what draws the overview before Ink has loaded (screens/overview-first-frame.ts). */
async function overviewPainter(flags: RunFlags): Promise<OverviewPainter | undefined> {
  const { plainReason, prepareInkEnv } = await import('../frontend/index.js');
  if (plainReason({ plain: flags.plain }) || !process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  prepareInkEnv();
  return import('../screens/overview-first-frame.js');
}

/**
 * At a terminal, the overview goes up now, before Ink has loaded, and Ink loads after it: loaded
 * alongside, Ink's start-up would hold the frame back. With nothing to draw first (plain mode; the
 * home screen showed the overview), Ink starts loading now.
 */
async function drawFirstFrame(
  flags: RunFlags,
  tenant: TenantInfo,
  overview: OverviewModel | undefined,
  painter: Promise<OverviewPainter | undefined>,
): Promise<void> {
  const paint = overview ? await painter : undefined;
  const io = { stdout: process.stdout, stdin: process.stdin };
  if (paint && overview && (await paint.drawOverviewFirstFrame(overview, screenTenant(tenant), io))) return;
  (await import('../frontend/index.js')).preloadFrontEnd({ plain: flags.plain });
}

/**
 * The precompiled overview first; the same bytes parsed and validated while
 * the operator reads it; on Enter, the run from the validated runbook exactly
 * as on the full path. Usage and configuration errors (the tenant, --scenario,
 * --time-scale) still come before any screen. Should the validation fail or
 * disagree with the overview shown (the build's equality test says it cannot),
 * nothing is run: the screen closes and the diagnostics are printed.
 */
async function runFromPrecompiled(
  flags: RunFlags,
  stateDir: string,
  quick: import('./run-precompiled.js').PrecompiledRunbook,
  held: Held,
  painter: Promise<OverviewPainter | undefined>,
): Promise<number> {
  const { model, scenario, id } = quick.overview;
  const { config, info: tenant } = await resolveRunTenant(flags, scenario ? { practice: { scenario } } : undefined);
  assertTimeScaleApplies(flags, tenant);
  const [{ confirmOverviewModel, overviewAccepted }, { validatePrecompiled }] = await Promise.all([
    import('../screens/overview-flow.js'),
    import('./run-precompiled.js'),
  ]);
  // Started from the home screen, which showed this overview already: not shown twice (nor first).
  const overview = overviewAccepted(model.sha256) ? undefined : model;
  await drawFirstFrame(flags, tenant, overview, painter);
  held.operator = await makeOperator(flags, tenant, overview);
  const started = confirmOverviewModel(held.operator.frontEnd ?? {}, model);
  // Once the first frame is out, while the operator reads: the parser, zod and the catalog load and
  // the bytes shown are validated in full; then the tenant connection is set up (it connects at
  // the first step that needs it) and what starting loads is loaded: Enter finds the run ready.
  let runId = '';
  const ready = new Promise<void>((r) => setImmediate(r)).then(async () => {
    const v = await validatePrecompiled(quick);
    if (!v.ok) return { v };
    try {
      const { newRunId, runDirOf } = await import('../state/runs.js');
      // Chosen before the connection, as on the full path: the practice tenant saves into the run's folder.
      runId = newRunId(id, new Date());
      held.conn = await connectRun(flags, v.runbook, v.catalog, {
        config,
        tenant,
        onDeviceCode: (info) => held.operator?.frontEnd?.showDeviceCode?.(info),
        runDir: runDirOf(stateDir, runId),
      });
      await Promise.all([
        import('../engine/run.js'),
        import('./input-suggestions.js'),
        import('./key-files.js'),
        import('../util/version.js'),
      ]);
    } catch (e) {
      return { v, failed: e instanceof Error ? e : new Error(String(e)) };
    }
    return { v };
  });
  const start = await started;
  const { v, failed } = await ready;
  if (!v.ok) {
    await held.operator.close();
    held.operator = undefined;
    const { formatDiagnostic } = await import('../runbook/diagnostics.js');
    for (const d of v.diagnostics) if (d.severity === 'error') process.stderr.write(formatDiagnostic(d) + '\n');
    throw new UsageError(`cannot run ${flags.positional[0]}: ${v.message}`, EXIT.FAIL);
  }
  if (failed) throw failed;
  if (!start) return notStarted(held);
  return startValidated(flags, stateDir, v.runbook, v.catalog, tenant, runId, held);
}

async function notStarted(held: Held): Promise<number> {
  await held.operator?.close();
  held.operator = undefined;
  process.stdout.write('Not started. Nothing was changed.\n');
  return EXIT.OK;
}

/** The run itself, from a validated runbook, with the front end and the tenant connection ready. */
async function startValidated(
  flags: RunFlags,
  stateDir: string,
  runbook: Runbook,
  catalog: Catalog,
  tenant: TenantInfo,
  runId: string,
  held: Held,
): Promise<number> {
  const operator = held.operator!;
  const conn = held.conn!;
  const [{ startRun }, { runDirOf }] = await Promise.all([import('../engine/run.js'), import('../state/runs.js')]);
  // A person at a terminal is offered the tenant's suggestions for inputs that declare `suggest:`.
  const suggest = flags.answers
    ? undefined
    : (await import('./input-suggestions.js')).tenantSuggestions({
        factory: conn.factory,
        operator: operator.port,
        runDir: runDirOf(stateDir, runId),
      });
  const outcome = await startRun({
    runbook,
    inputs: flags.inputs,
    tenant,
    runId,
    ...(suggest ? { suggestInputs: suggest } : {}),
    ...(await sharedRunOptions(conn, operator, stateDir, flags, runbook, catalog)),
  });
  await operator.close();
  held.operator = undefined;
  return exitFor(outcome, flags);
}
