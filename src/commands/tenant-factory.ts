/**
 * The run's tenant factory: one lazily created, signed-in session PER
 * IDENTITY. The default identity is the one from flags/config; a runbook's
 * `identities:` (e.g. `breakglass` by device code, `emergency-app` by client
 * certificate) each get their own MSAL sign-in, asking for exactly the scopes
 * the steps using that identity need (app-only flows: `<resource>/.default`).
 *
 * The engine resolves an identity's expressions (`clientId:
 * "${steps.layered.appId}"`) against the run scope at the step that first
 * needs it and hands the resolved spec over in an IdentityRequest, together
 * with a way to ask the operator for a secret (masked, never journaled).
 *
 * Practice: one practice server for the whole run; a delegated identity's
 * device code is approved AS `practiceUpn` (e.g. the break-glass account)
 * instead of the scenario's operator. Nothing heavy is imported until the
 * first step needs the tenant.
 */
import type { CommonRunOptions, IdentityRequest, TenantInfo } from '../engine/run.js';
import type { Catalog } from '../core/catalog.js';
import type { IdentitySpec, Runbook } from '../core/runbook.js';
import type { PracticeHooks } from '../core/step.js';
import type { SimulationWorld } from '../practice/admin.js';
import type { PracticeServer } from '../practice/server.js';
import type { SignInFlow, TenantConfig } from '../config/tenant-config.js';
import type { CloudResources } from '../config/clouds.js';
import type { ConnectedSession } from '../tenant/connect.js';
import type { StepPermissions } from '../tenant/permissions.js';
import type { RunFlags } from './run.js';
import { realClock, type Clock } from '../engine/clock.js';

export interface TenantConnection {
  factory: CommonRunOptions['tenantFactory'];
  practiceHooks?: PracticeHooks;
  /**
   * Practice: the engine's clock is the practice world's simulated clock (so T0, sign-in rows and
   * alerts share one timeline) and its waits are shortened by the time scale. Real time before the
   * practice tenant starts (manual steps run with no network at all).
   */
  clock?: Clock;
  close(): Promise<void>;
}

export interface TenantFactoryOptions {
  /** Use this running in-process practice server (tests, a server shared by several runs); it is not closed here. */
  practiceServer?: PracticeServer;
  /** An already running practice tenant reached another way (e.g. BREAKGLASS_PRACTICE_URL, see run.ts). */
  practice?: () => Promise<PracticeTarget>;
  /** Environment for secrets named by env var (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Practice: simulated seconds per real second for the in-process practice tenant (default 1). */
  timeScale?: number;
  /** Live device-code sign-in: show the code, the address, a QR code and the countdown (the TUI's panel). */
  onDeviceCode?(info: { userCode: string; verificationUri: string; expiresAt: Date; message: string }): void;
}

/** What the sessions need from the practice tenant, however it is reached. */
export interface PracticeTarget {
  tenantId: string;
  endpoints: PracticeServer['endpoints'];
  caPem: string;
  /** The simulation surface; an in-process world also has user() (checked before approving as someone). */
  world: SimulationWorld;
  /** Approve a device code as `upn` (default: the scenario's operator). */
  approve(userCode: string, upn?: string): unknown;
}

interface Environment {
  connect: typeof import('../tenant/connect.js').connectTenant;
  cfg: TenantConfig;
  defaultClientId: string;
  resources: CloudResources;
  stepPermissions: StepPermissions[];
  practice?: PracticeTarget;
}

interface DirectoryUserLike {
  userPrincipalName: string;
  accountEnabled: boolean;
}

const APP_ONLY: ReadonlySet<SignInFlow> = new Set(['client-certificate', 'client-secret']);

async function tenantError(code: string, what: string, cause: string, todo: string): Promise<Error> {
  const { TenantError } = await import('../core/tenant.js');
  return new TenantError('login', 0, code, { what, cause, todo });
}

/**
 * A lazy tenant factory: nothing connects (no practice server, no MSAL) until
 * the first step that needs the tenant asks. Failures surface as TenantErrors
 * the engine turns into a step error the operator can retry or override; a
 * failed sign-in is not cached.
 */
export function makeTenantFactory(flags: RunFlags, runbook: Runbook, catalog: Catalog, tenant: TenantInfo, options: TenantFactoryOptions = {}): TenantConnection {
  const closers: (() => Promise<void>)[] = [];
  const sessions = new Map<string, Promise<ConnectedSession>>();
  let env: Promise<Environment> | undefined;
  /** The in-process practice world's simulated "now", once it runs. */
  let practiceWorldNow: (() => Date) | undefined;

  const environment = (): Promise<Environment> => {
    env ??= loadEnvironment().catch((e: unknown) => {
      env = undefined;
      throw e;
    });
    return env;
  };

  const loadEnvironment = async (): Promise<Environment> => {
    let mod: typeof import('../tenant/connect.js');
    try {
      mod = await import('../tenant/connect.js');
    } catch {
      throw await tenantError('unavailable', 'Tenant connection not available', 'this build has no tenant connection module', 'Reinstall breakglass, or override to go on without the tenant.');
    }
    const { DEFAULT_PUBLIC_CLIENT_ID, parseTenantFlags, resolveTenantConfig } = await import('../config/tenant-config.js');
    const { cloudProfile } = await import('../config/clouds.js');
    const { stepPermissionsOf } = await import('../tenant/permissions.js');
    const { flags: tflags } = parseTenantFlags([...flags.tenantRest, '--tenant', flags.tenant ?? 'practice']);
    const cfg = await resolveTenantConfig({ flags: tflags });
    const stepPermissions = stepPermissionsOf(runbook, catalog);
    if (tenant.mode !== 'practice') {
      return { connect: mod.connectTenant, cfg, defaultClientId: cfg.clientId, resources: cloudProfile(cfg.cloud).resources, stepPermissions };
    }
    const base = { connect: mod.connectTenant, cfg, defaultClientId: cfg.sources.clientId === 'default' ? DEFAULT_PUBLIC_CLIENT_ID : cfg.clientId, resources: cloudProfile('practice').resources, stepPermissions };
    if (options.practice && !options.practiceServer) return { ...base, practice: await options.practice() };
    let server = options.practiceServer;
    if (!server) {
      const { startPracticeServer } = await import('../practice/server.js');
      // Device codes are approved by this factory, as the right person — never automatically as the operator.
      const started = await startPracticeServer({ scenario: tenant.scenario ?? 'healthy', autoApproveDeviceCodeAfterMs: null, ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
      closers.push(() => started.close());
      server = started;
    }
    const s = server;
    const simClock = (s.world as { clock?: { now(): Date } }).clock;
    if (simClock) practiceWorldNow = () => simClock.now();
    return {
      ...base,
      practice: {
        tenantId: s.tenantId,
        endpoints: s.endpoints,
        caPem: s.caPem,
        world: s.world as SimulationWorld,
        approve: (code, upn) => s.approveDeviceCode(code, upn ? { upn } : undefined),
      },
    };
  };

  /** Practice: the approver must be a user of the practice tenant who can sign in — say which, and how to fix it. */
  const checkPracticeUser = async (p: PracticeTarget, identity: string, upn: string): Promise<void> => {
    const world = p.world as unknown as { user?(x: string): DirectoryUserLike | undefined; users?: Map<string, DirectoryUserLike> };
    if (typeof world.user !== 'function') return; // the server decides at redemption (AADSTS50034/50057)
    const u = world.user(upn);
    if (u && u.userPrincipalName.toLowerCase() === upn.toLowerCase() && u.accountEnabled) return;
    if (u && !u.accountEnabled) {
      throw await tenantError('UserDisabled', `Cannot sign in as ${identity} in the practice tenant`, `${upn} is disabled in this scenario`, 'Enable the account (or pick another) and retry.');
    }
    const local = upn.split('@')[0]!.toLowerCase();
    const similar = [...(world.users?.values() ?? [])].map((x) => x.userPrincipalName).filter((x) => x.split('@')[0]!.toLowerCase() === local);
    throw await tenantError(
      'UserNotFound',
      `Cannot sign in as ${identity} in the practice tenant`,
      `${upn} is not a user of the practice tenant (${tenant.scenario ?? 'healthy'} scenario)`,
      similar.length ? `Use the practice account instead, e.g. --input account=${similar[0]}` : 'Use one of the scenario’s accounts (docs/practice-scenarios.md lists them).',
    );
  };

  const connect = async (name: string | undefined, request: IdentityRequest | undefined): Promise<ConnectedSession> => {
    const e = await environment();
    const { permissionsForIdentity, scopesFor } = await import('../tenant/permissions.js');
    const spec = name === undefined ? undefined : (request?.spec ?? runbook.identities[name]);
    if (name !== undefined && !spec) {
      throw await tenantError('UnknownIdentity', `Cannot sign in as "${name}"`, 'the runbook declares no such identity', 'Declare it under `identities:` in the front matter (breakglass validate shows where).');
    }
    if (spec) await assertResolved(spec);
    // `flow: default` = the configured sign-in (flags/config), in a session of its own.
    const named = spec !== undefined && spec.flow !== 'default';
    const flow: SignInFlow = named ? (spec.flow as SignInFlow) : e.practice ? 'device-code' : e.cfg.flow;
    const appOnly = APP_ONLY.has(flow);
    const who = spec?.label ?? name ?? 'the operator';
    const clientId = named ? (spec.clientId ?? (appOnly ? undefined : e.defaultClientId)) : e.defaultClientId;
    if (!clientId) throw await tenantError('NoClientId', `Cannot sign in as ${who}`, `identity "${name}" uses ${flow} but names no clientId`, 'Add `clientId:` to the identity in the runbook front matter.');
    const certificatePath = named ? spec.certificatePath : e.cfg.certificatePath;
    if (flow === 'client-certificate' && !certificatePath) {
      throw await tenantError('NoCertificate', `Cannot sign in as ${who}`, 'no certificate file was given', named ? 'Add `certificatePath:` to the identity in the runbook front matter.' : 'Pass --certificate ./app.pem or ./app.pfx.');
    }
    const passphraseEnv = named ? spec.passphraseEnv : e.cfg.certificatePassphraseEnv;
    const secretEnv = named ? spec.secretEnv : e.cfg.secretEnv;
    const environ = options.env ?? process.env;
    if (passphraseEnv && flow === 'client-certificate' && !environ[passphraseEnv]) {
      request?.notify(`${passphraseEnv} is not set; you will be asked for the passphrase of ${certificatePath}.`);
    }
    const practiceUpn = e.practice && spec && !appOnly ? spec.practiceUpn : undefined;
    if (e.practice && practiceUpn) await checkPracticeUser(e.practice, who, practiceUpn);
    const p = e.practice;
    const scopes = scopesFor(runbook, appOnly ? 'app' : 'delegated', e.resources, permissionsForIdentity(runbook, name, e.stepPermissions));
    const session = e.connect({
      mode: p ? 'practice' : 'live',
      tenantId: p ? p.tenantId : e.cfg.tenantId,
      clientId,
      cloud: p ? 'practice' : e.cfg.cloud,
      ...(p ? { endpoints: p.endpoints, caPem: p.caPem } : {}),
      flow,
      scopes,
      ...(certificatePath && flow === 'client-certificate' ? { certificate: { path: certificatePath, ...(passphraseEnv ? { passphraseEnv } : {}) } } : {}),
      ...(secretEnv ? { secretEnv } : {}),
      ...(options.env ? { env: options.env } : {}),
      label: tenant.label,
      ...(request?.signal ? { signal: request.signal } : {}),
      callbacks: {
        onDeviceCode: (info) => {
          if (p) {
            // Nobody has a browser in practice: approve the code as the person who would have signed in.
            p.approve(info.userCode, practiceUpn);
            request?.notify(`Practice: device code ${info.userCode} approved as ${practiceUpn ?? 'the scenario operator'}${name ? ` (identity ${name})` : ''}.`);
            return;
          }
          const message = `${name ? `Sign in as ${who}: ` : ''}${info.message}`;
          options.onDeviceCode?.(info);
          if (request) request.notify(message);
          else process.stderr.write(`${message}\n`);
        },
        ...(request ? { onPrompt: (r) => request.askSecret(r.label), openBrowser: async (url) => request.notify(`Open this address in a browser to sign in${name ? ` as ${who}` : ''}: ${url}`) } : {}),
      },
    });
    try {
      // Sign in now, so a failure (wrong passphrase, unknown app) is this step's error and nothing half-made is kept.
      await session.identity();
    } catch (err) {
      await session.close().catch(() => {});
      throw err;
    }
    closers.unshift(() => session.close());
    return session;
  };

  const factory = (identity?: string, request?: IdentityRequest): Promise<ConnectedSession> => {
    const name = identity ?? request?.name;
    const key = name === undefined ? '' : `${name}\u0000${JSON.stringify(request?.spec ?? null)}`;
    let s = sessions.get(key);
    if (!s) {
      s = connect(name, request);
      sessions.set(key, s);
      s.catch(() => sessions.delete(key));
    }
    return s;
  };

  /** The operator's real-world acts (register a key, sign in), simulated in the practice tenant's world. */
  const world = async (): Promise<SimulationWorld> => {
    const e = await environment();
    if (!e.practice) throw new Error('the practice tenant is not running');
    return e.practice.world;
  };
  const practiceHooks: PracticeHooks | undefined =
    tenant.mode !== 'practice'
      ? undefined
      : {
          async registerFido2(upn, tap, model) {
            const w = await world();
            if (!w.registerFido2) throw new Error('this practice world cannot simulate FIDO2 registration');
            await w.registerFido2({ upn, tap, ...(model ? { model } : {}) });
          },
          async signIn(upn, method, fail) {
            const w = await world();
            if (!w.simulateSignIn) throw new Error('this practice world cannot simulate sign-ins');
            await w.simulateSignIn({ upn, method, fail: fail === true });
          },
        };
  const timeScale = options.timeScale && options.timeScale > 0 ? options.timeScale : 1;
  const clock: Clock | undefined =
    tenant.mode !== 'practice'
      ? undefined
      : {
          now: () => {
            const sim = (practiceWorldNow?.() as Date | undefined) ?? undefined;
            return sim ?? realClock.now();
          },
          sleep: (ms, signal) => realClock.sleep(ms / timeScale, signal),
        };
  return {
    factory,
    ...(practiceHooks ? { practiceHooks } : {}),
    ...(clock ? { clock } : {}),
    close: async () => {
      for (const c of closers) await c().catch(() => {});
    },
  };
}

/** An expression the engine could not resolve must not reach MSAL as a literal "${…}". */
async function assertResolved(spec: IdentitySpec): Promise<void> {
  for (const field of ['clientId', 'certificatePath', 'secretEnv', 'passphraseEnv', 'practiceUpn'] as const) {
    const v = spec[field];
    if (v !== undefined && v.includes('${')) {
      throw await tenantError('IdentityUnresolved', `Cannot sign in as ${spec.label ?? spec.name}`, `${field} is still the expression ${v}`, 'The step that provides it has not run (or was skipped); take the branch that provides it, or fix the runbook.');
    }
  }
}
