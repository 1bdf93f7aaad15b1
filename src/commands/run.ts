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
import type { OperatorPort } from '../engine/events.js';
import type { CommonRunOptions, RunOutcome, TenantInfo } from '../engine/run.js';
import type { Runbook } from '../runbook/model.js';
import type { TenantSession } from '../tenant/types.js';
import type { PracticeHooks } from '../steps/types.js';
import type { SimulationWorld } from '../practice/admin.js';

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
  /** Flags passed through to the tenant configuration (--client-id, --cloud, --flow …). */
  tenantRest: string[];
}

const VALUE_FLAGS = new Set(['--tenant', '--scenario', '--answers', '--input', '--state-dir', '--operator']);
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
export async function loadForRun(idOrPath: string): Promise<Runbook> {
  await import('../steps/index.js'); // the validator checks step blocks against the registered kinds
  const { resolveRunbook } = await import('../runbook/library.js');
  const { formatDiagnostic } = await import('../runbook/diagnostics.js');
  const r = await resolveRunbook(idOrPath);
  for (const d of r.diagnostics) if (d.severity === 'error' || !r.runbook) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!r.runbook) {
    throw new UsageError(`cannot run ${idOrPath}: ${r.unreadable ? 'the runbook could not be read' : 'fix the errors above (breakglass validate shows them too)'}`, r.unreadable ? EXIT.NO_INPUT : EXIT.FAIL);
  }
  return r.runbook;
}

export interface Operator {
  port: OperatorPort;
  close(): Promise<void>;
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
    return { port: fe, close: () => fe.close() };
  } catch (e) {
    if (e instanceof NoTerminalError) throw new UsageError(e.message, EXIT.NO_TTY);
    throw e;
  }
}

export function tenantInfoFor(flags: RunFlags, runbook: Runbook): TenantInfo {
  const t = flags.tenant ?? 'practice';
  if (t === 'practice') {
    const scenario = flags.scenario ?? runbook.practice?.scenario ?? 'healthy';
    return { mode: 'practice', label: `PRACTICE · ${scenario}`, scenario };
  }
  if (flags.scenario) throw new UsageError('--scenario only applies to the practice tenant (--tenant practice)');
  return { mode: 'live', label: t, tenantId: t };
}

/**
 * A lazy tenant factory: nothing connects (no practice server, no MSAL) until
 * the first step that needs the tenant asks. Failures surface as TenantErrors
 * the engine turns into a step error the operator can override.
 */
export function makeTenantFactory(
  flags: RunFlags,
  runbook: Runbook,
  tenant: TenantInfo,
): { factory: CommonRunOptions['tenantFactory']; close(): Promise<void>; practiceHooks?: PracticeHooks } {
  const closers: (() => Promise<void>)[] = [];
  let session: Promise<TenantSession> | undefined;
  let practiceWorld: SimulationWorld | undefined;
  const connect = async (): Promise<TenantSession> => {
    const { TenantError } = await import('../tenant/types.js');
    let mod: typeof import('../tenant/connect.js');
    try {
      mod = await import('../tenant/connect.js');
    } catch {
      throw new TenantError('login', 0, 'unavailable', { what: 'Tenant connection not available', cause: 'this build has no tenant connection module', todo: 'Reinstall breakglass, or override to go on without the tenant.' });
    }
    const { DEFAULT_PUBLIC_CLIENT_ID, parseTenantFlags, resolveTenantConfig } = await import('../config/tenant-config.js');
    const { cloudProfile } = await import('../config/clouds.js');
    const { scopesFor } = await import('../tenant/permissions.js');
    const { flags: tflags } = parseTenantFlags([...flags.tenantRest, '--tenant', flags.tenant ?? 'practice']);
    const cfg = await resolveTenantConfig({ flags: tflags });
    if (tenant.mode === 'practice') {
      const { startPracticeServer } = await import('../practice/server.js');
      const server = await startPracticeServer({ scenario: tenant.scenario ?? 'healthy', autoApproveDeviceCodeAfterMs: 0 });
      practiceWorld = server.world as SimulationWorld;
      closers.push(() => server.close());
      const resources = cloudProfile('practice').resources;
      const s = mod.connectTenant({
        mode: 'practice',
        tenantId: server.tenantId,
        clientId: cfg.sources.clientId === 'default' ? DEFAULT_PUBLIC_CLIENT_ID : cfg.clientId,
        cloud: 'practice',
        endpoints: server.endpoints,
        caPem: server.caPem,
        flow: 'device-code',
        scopes: scopesFor(runbook, 'delegated', resources),
        label: tenant.label,
        callbacks: {},
      });
      closers.unshift(() => s.close());
      return s;
    }
    const resources = cloudProfile(cfg.cloud).resources;
    const appOnly = cfg.flow === 'client-certificate' || cfg.flow === 'client-secret';
    const s = mod.connectTenant({
      mode: 'live',
      tenantId: cfg.tenantId,
      clientId: cfg.clientId,
      cloud: cfg.cloud,
      flow: cfg.flow,
      scopes: scopesFor(runbook, appOnly ? 'app' : 'delegated', resources),
      ...(cfg.certificatePath ? { certificate: { path: cfg.certificatePath, ...(cfg.certificatePassphraseEnv ? { passphraseEnv: cfg.certificatePassphraseEnv } : {}) } } : {}),
      secretEnv: cfg.secretEnv,
      label: tenant.label,
      callbacks: {
        onDeviceCode: (info) => process.stderr.write(`${(info as { message?: string }).message ?? JSON.stringify(info)}\n`),
      },
    });
    closers.unshift(() => s.close());
    return s;
  };
  const factory = () => {
    session ??= connect().catch((e) => {
      session = undefined;
      throw e;
    });
    return session;
  };
  /** The operator's real-world acts (register a key, sign in), simulated in the practice tenant's world. */
  const world = async (): Promise<SimulationWorld> => {
    await factory();
    if (!practiceWorld) throw new Error('the practice tenant is not running');
    return practiceWorld;
  };
  const practiceHooks: PracticeHooks | undefined =
    tenant.mode !== 'practice'
      ? undefined
      : {
          async registerFido2(upn, tap, model) {
            const w = await world();
            if (!w.registerFido2) throw new Error('this practice world cannot simulate FIDO2 registration');
            w.registerFido2({ upn, tap, ...(model ? { model } : {}) });
          },
          async signIn(upn, method, fail) {
            const w = await world();
            if (!w.simulateSignIn) throw new Error('this practice world cannot simulate sign-ins');
            w.simulateSignIn({ upn, method, fail: fail === true });
          },
        };
  return {
    // One session for every identity for now; a failed connect is not cached, so retry tries again.
    factory,
    ...(practiceHooks ? { practiceHooks } : {}),
    close: async () => {
      for (const c of closers) await c().catch(() => {});
    },
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
    const runbook = await loadForRun(flags.positional[0]!);
    const tenant = tenantInfoFor(flags, runbook);
    const { resolveStateDir } = await import('../state/paths.js');
    const stateDir = resolveStateDir(flags.stateDir);
    const conn = makeTenantFactory(flags, runbook, tenant);
    tenantConn = conn;
    operator = await makeOperator(flags, tenant);
    const { startRun } = await import('../engine/run.js');
    const { version } = await import('../cli.js');
    const outcome = await startRun({
      runbook,
      inputs: flags.inputs,
      operator: operator.port,
      tenantFactory: conn.factory,
      ...(conn.practiceHooks ? { practiceHooks: conn.practiceHooks } : {}),
      tenant,
      stateDir,
      toolVersion: version(),
      ...(flags.operatorName ? { operatorName: flags.operatorName } : {}),
      onFinished: await reportWriter(runbook),
    });
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
