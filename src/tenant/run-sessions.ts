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
import type { Catalog } from '../core/catalog.js';
import type { IdentitySpec, Runbook } from '../core/runbook.js';
import type { PracticeHooks } from '../core/step.js';
import {
  TenantError,
  type DeviceCodeInfo,
  type IdentityRequest,
  type PracticeTarget,
  type SimulationWorld,
  type TenantFactory,
  type TenantInfo,
} from '../core/tenant.js';
import type { SignInFlow, TenantConfig } from '../config/tenant-config.js';
import type { CloudResources } from '../config/clouds.js';
import { realClock, type Clock } from '../util/clock.js';
import type { ConnectedSession } from './connect.js';
import type { StepPermissions } from './permissions.js';

export interface RunSessions {
  factory: TenantFactory;
  practiceHooks?: PracticeHooks;
  /**
   * Practice: the engine's clock is the practice world's simulated clock (so T0, sign-in rows and
   * alerts share one timeline) and its waits are shortened by the time scale. Real time before the
   * practice tenant starts (manual steps run with no network at all).
   */
  clock?: Clock;
  close(): Promise<void>;
}

export interface RunSessionsOptions {
  /** The tenant configuration, resolved once at the command edge (flag > env > config file). */
  config: TenantConfig;
  runbook: Runbook;
  /** For the permissions each step needs (scopes are requested per identity). */
  catalog: Catalog;
  tenant: TenantInfo;
  /** Practice: reaches the practice tenant, at the first step that needs it (src/practice/target.ts). */
  practice?: () => Promise<PracticeTarget>;
  /** Environment for secrets named by env var (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Practice: simulated seconds per real second (default 1); shortens the engine's waits. */
  timeScale?: number;
  /** Live device-code sign-in: show the code, the address, a QR code and the countdown (the TUI's panel). */
  onDeviceCode?(info: DeviceCodeInfo): void;
  /**
   * Practice: show the sign-in screen for this long before the practice tenant approves the code,
   * so the screen a live run shows is rehearsed too (default 0: approve at once).
   */
  practiceApproveAfterMs?: number;
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

const APP_ONLY: ReadonlySet<SignInFlow> = new Set(['client-certificate', 'client-secret', 'workload-identity']);

function tenantError(code: string, what: string, cause: string, todo: string): Error {
  return new TenantError('login', 0, code, { what, cause, todo });
}

/**
 * A lazy tenant factory: nothing connects (no practice server, no MSAL) until
 * the first step that needs the tenant asks. Failures surface as TenantErrors
 * the engine turns into a step error the operator can retry or override; a
 * failed sign-in is not cached.
 */
export function makeRunSessions(options: RunSessionsOptions): RunSessions {
  const { runbook, catalog, tenant } = options;
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
    let mod: typeof import('./connect.js');
    try {
      mod = await import('./connect.js');
    } catch {
      throw tenantError(
        'unavailable',
        'Tenant connection not available',
        'this build has no tenant connection module',
        'Reinstall breakglass, or override to go on without the tenant.',
      );
    }
    const { DEFAULT_PUBLIC_CLIENT_ID } = await import('../config/tenant-config.js');
    const { cloudProfile } = await import('../config/clouds.js');
    const { stepPermissionsOf } = await import('./permissions.js');
    const cfg = options.config;
    const stepPermissions = stepPermissionsOf(runbook, catalog);
    if (tenant.mode !== 'practice') {
      return {
        connect: mod.connectTenant,
        cfg,
        defaultClientId: cfg.clientId,
        resources: cloudProfile(cfg.cloud).resources,
        stepPermissions,
      };
    }
    const base = {
      connect: mod.connectTenant,
      cfg,
      defaultClientId: cfg.sources.clientId === 'default' ? DEFAULT_PUBLIC_CLIENT_ID : cfg.clientId,
      resources: cloudProfile('practice').resources,
      stepPermissions,
    };
    if (!options.practice)
      throw tenantError(
        'unavailable',
        'Practice tenant not available',
        'this run was given no way to reach a practice tenant',
        'Run it with `breakglass run`, which starts one.',
      );
    const practice = await options.practice();
    if (practice.close) closers.push(practice.close);
    if (practice.now) practiceWorldNow = practice.now;
    return { ...base, practice };
  };

  /** Practice: the approver must be a user of the practice tenant who can sign in — say which, and how to fix it. */
  const checkPracticeUser = async (p: PracticeTarget, identity: string, upn: string): Promise<void> => {
    const world = p.world as unknown as {
      user?(x: string): DirectoryUserLike | undefined;
      users?: Map<string, DirectoryUserLike>;
    };
    if (typeof world.user !== 'function') return; // the server decides at redemption (AADSTS50034/50057)
    const u = world.user(upn);
    if (u && u.userPrincipalName.toLowerCase() === upn.toLowerCase() && u.accountEnabled) return;
    if (u && !u.accountEnabled) {
      throw tenantError(
        'UserDisabled',
        `Cannot sign in as ${identity} in the practice tenant`,
        `${upn} is disabled in this scenario`,
        'Enable the account (or pick another) and retry.',
      );
    }
    const local = upn.split('@')[0]!.toLowerCase();
    const similar = [...(world.users?.values() ?? [])]
      .map((x) => x.userPrincipalName)
      .filter((x) => x.split('@')[0]!.toLowerCase() === local);
    throw tenantError(
      'UserNotFound',
      `Cannot sign in as ${identity} in the practice tenant`,
      `${upn} is not a user of the practice tenant (${tenant.scenario ?? 'healthy'} scenario)`,
      similar.length
        ? `Use the practice account instead, e.g. --input account=${similar[0]}`
        : 'Use one of the scenario’s accounts (docs/practice-scenarios.md lists them).',
    );
  };

  const connect = async (name: string | undefined, request: IdentityRequest | undefined): Promise<ConnectedSession> => {
    const e = await environment();
    const { permissionsForIdentity, scopesFor } = await import('../tenant/permissions.js');
    const spec = name === undefined ? undefined : (request?.spec ?? runbook.identities[name]);
    if (name !== undefined && !spec) {
      throw tenantError(
        'UnknownIdentity',
        `Cannot sign in as "${name}"`,
        'the runbook declares no such identity',
        'Declare it under `identities:` in the front matter (breakglass validate shows where).',
      );
    }
    if (spec) await assertResolved(spec);
    // `flow: default` = the configured sign-in (flags/config), in a session of its own.
    const named = spec !== undefined && spec.flow !== 'default';
    const flow: SignInFlow = named ? (spec.flow as SignInFlow) : e.practice ? 'device-code' : e.cfg.flow;
    const appOnly = APP_ONLY.has(flow);
    const who = spec?.label ?? name ?? 'the operator';
    const clientId = named ? (spec.clientId ?? (appOnly ? undefined : e.defaultClientId)) : e.defaultClientId;
    if (!clientId)
      throw tenantError(
        'NoClientId',
        `Cannot sign in as ${who}`,
        `identity "${name}" uses ${flow} but names no clientId`,
        'Add `clientId:` to the identity in the runbook front matter.',
      );
    const certificatePath = named ? spec.certificatePath : e.cfg.certificatePath;
    if (flow === 'client-certificate' && !certificatePath) {
      throw tenantError(
        'NoCertificate',
        `Cannot sign in as ${who}`,
        'no certificate file was given',
        named
          ? 'Add `certificatePath:` to the identity in the runbook front matter.'
          : 'Pass --certificate ./app.pem or ./app.pfx.',
      );
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
    const scopes = scopesFor(
      runbook,
      appOnly ? 'app' : 'delegated',
      e.resources,
      permissionsForIdentity(runbook, name, e.stepPermissions),
    );
    const session = e.connect({
      mode: p ? 'practice' : 'live',
      tenantId: p ? p.tenantId : e.cfg.tenantId,
      clientId,
      cloud: p ? 'practice' : e.cfg.cloud,
      ...(p ? { endpoints: p.endpoints, caPem: p.caPem } : {}),
      flow,
      scopes,
      ...(certificatePath && flow === 'client-certificate'
        ? { certificate: { path: certificatePath, ...(passphraseEnv ? { passphraseEnv } : {}) } }
        : {}),
      ...(secretEnv ? { secretEnv } : {}),
      ...(options.env ? { env: options.env } : {}),
      label: tenant.label,
      ...(request?.signal ? { signal: request.signal } : {}),
      callbacks: {
        onDeviceCode: (info) => {
          if (p) {
            // Nobody has a browser in practice: approve the code as the person who would have signed in.
            const as = practiceUpn ?? 'the scenario operator';
            const approve = (): void => {
              p.approve(info.userCode, practiceUpn);
              request?.notify(
                `Practice: device code ${info.userCode} approved as ${as}${name ? ` (identity ${name})` : ''}.`,
              );
            };
            const delay = options.practiceApproveAfterMs ?? 0;
            if (delay > 0 && options.onDeviceCode) {
              // The sign-in screen as in a live run (address, code, QR), with a countdown to the approval.
              options.onDeviceCode({ ...info, practiceApproval: { at: new Date(Date.now() + delay), as } });
              setTimeout(approve, delay);
            } else approve();
            return;
          }
          const message = `${name ? `Sign in as ${who}: ` : ''}${info.message}`;
          options.onDeviceCode?.(info);
          if (request) request.notify(message);
          else process.stderr.write(`${message}\n`);
        },
        ...(request
          ? {
              onPrompt: (r) => request.askSecret(r.label),
              openBrowser: async (url) =>
                request.notify(`Open this address in a browser to sign in${name ? ` as ${who}` : ''}: ${url}`),
            }
          : {}),
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

  const factory: TenantFactory = (identity?: string, request?: IdentityRequest): Promise<ConnectedSession> => {
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
            const sim = practiceWorldNow?.() ?? undefined;
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
      throw tenantError(
        'IdentityUnresolved',
        `Cannot sign in as ${spec.label ?? spec.name}`,
        `${field} is still the expression ${v}`,
        'The step that provides it has not run (or was skipped); take the branch that provides it, or fix the runbook.',
      );
    }
  }
}
