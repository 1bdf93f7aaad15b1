/**
 * A run's practice tenant, however it is reached: started in this process
 * (the default), an in-process server someone else started (tests, a server
 * shared by several runs), or one started by `breakglass practice serve`
 * elsewhere and named by the environment. Each gives the run's sessions
 * (src/tenant/run-sessions.ts) the same PracticeTarget.
 */
import { TenantError, type PracticeTarget, type SimulationWorld } from '../core/tenant.js';
import { adminErrorMessage, adminRequest } from './admin-client.js';
import type { PracticeServer } from './server.js';

/** A running in-process practice server as a target; it is not closed by the run. */
export function practiceTargetOf(s: PracticeServer): PracticeTarget {
  const simClock = (s.world as { clock?: { now(): Date } }).clock;
  return {
    tenantId: s.tenantId,
    endpoints: s.endpoints,
    caPem: s.caPem,
    world: s.world,
    approve: (code, upn) => s.approveDeviceCode(code, upn ? { upn } : undefined),
    ...(simClock ? { now: () => simClock.now() } : {}),
  };
}

/**
 * Starts a practice server in this process for one run; the run closes it.
 * With `stateFile` (in the run folder) the tenant persists like a real one:
 * it is restored from the file when there is one (`resume`), and saved to it
 * after every request and every simulated act, before the caller sees the
 * result — so a run that stops and resumes finds every change it made, once.
 */
export async function startRunPractice(opts: {
  scenario: string;
  timeScale?: number;
  stateFile?: string;
  /** Where the tenant's keys are kept between starts (PracticeServerOptions.keyStore). */
  keyStore?: string;
}): Promise<PracticeTarget> {
  const [{ startPracticeServer }, { loadWorld }, persist, { existsSync, readFileSync }] = await Promise.all([
    import('./server.js'),
    import('./world/load.js'),
    import('./world/persist.js'),
    import('node:fs'),
  ]);
  const timeScale = opts.timeScale ? { timeScale: opts.timeScale } : {};
  const world =
    opts.stateFile && existsSync(opts.stateFile)
      ? persist.restoreWorld(readFileSync(opts.stateFile, 'utf8'), timeScale)
      : loadWorld(opts.scenario, timeScale);
  const saver = opts.stateFile ? new persist.WorldSaver(world, opts.stateFile) : undefined;
  saver?.save();
  // Device codes are approved by the run's sessions, as the right person — never automatically as the operator.
  const started = await startPracticeServer({
    world,
    autoApproveDeviceCodeAfterMs: null,
    ...(opts.keyStore ? { keyStore: opts.keyStore } : {}),
    ...(saver ? { afterRequest: () => saver.save() } : {}),
  });
  const target = practiceTargetOf(started);
  if (!saver) return { ...target, close: () => started.close() };
  // The operator's simulated acts (a key registered, a sign-in) change the tenant too.
  const saved =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      try {
        return f(...a);
      } finally {
        saver.save();
      }
    };
  const simulation: SimulationWorld = Object.create(world) as SimulationWorld;
  simulation.registerFido2 = saved(world.registerFido2.bind(world));
  simulation.simulateSignIn = saved(world.simulateSignIn.bind(world));
  return { ...target, world: simulation, close: () => started.close() };
}

/**
 * An external practice tenant, named by the environment (so `resume` finds it too):
 *   BREAKGLASS_PRACTICE_URL        e.g. https://127.0.0.1:8443 (from `breakglass practice serve`)
 *   BREAKGLASS_PRACTICE_CA         path of its CA certificate (PEM)
 *   BREAKGLASS_PRACTICE_ADMIN_KEY  its admin key: approves the device code and simulates
 *                                  key registration / sign-ins through /admin/*
 */
export async function externalPractice(env: NodeJS.ProcessEnv): Promise<PracticeTarget> {
  const fail = (cause: string): never => {
    throw new TenantError('login', 0, 'unavailable', {
      what: 'Practice tenant not reachable',
      cause,
      todo: 'Start it with `breakglass practice serve` and set BREAKGLASS_PRACTICE_URL, BREAKGLASS_PRACTICE_CA and BREAKGLASS_PRACTICE_ADMIN_KEY from its output.',
    });
  };
  const url = env['BREAKGLASS_PRACTICE_URL']!.replace(/\/+$/, '');
  const adminKey = env['BREAKGLASS_PRACTICE_ADMIN_KEY'] ?? '';
  if (!env['BREAKGLASS_PRACTICE_CA'] || !adminKey)
    fail('BREAKGLASS_PRACTICE_URL is set but BREAKGLASS_PRACTICE_CA or BREAKGLASS_PRACTICE_ADMIN_KEY is not');
  const { readFileSync } = await import('node:fs');
  let caPem = '';
  try {
    caPem = readFileSync(env['BREAKGLASS_PRACTICE_CA']!, 'utf8');
  } catch (e) {
    fail(`cannot read BREAKGLASS_PRACTICE_CA (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const target = { url, adminKey, caPem };
  // A simulation the world refused (unknown user, wrong TAP) must fail the step, as in-process.
  const simulate = async (path: string, body: unknown): Promise<unknown> => {
    const r = await adminRequest(target, 'POST', path, body);
    if (r.status >= 300) throw new Error(adminErrorMessage(r.body) ?? `practice tenant answered ${r.status}`);
    return r.body;
  };
  const status = await adminRequest(target, 'GET', '/admin/status').catch((e: Error) => fail(`${url}: ${e.message}`));
  const tenantId = (status.body as { tenantId?: unknown } | null)?.tenantId;
  if (status.status !== 200 || typeof tenantId !== 'string' || !tenantId) {
    fail(`${url}/admin/status answered ${status.status}: ${adminErrorMessage(status.body) ?? 'no tenant id'}`);
  }
  const id = tenantId as string;
  return {
    tenantId: id,
    caPem,
    endpoints: { authorityHost: url, graph: url, logs: `${url}/v1`, arm: url },
    world: {
      tenantId: id,
      registerFido2: (input) => simulate('/admin/fido2', input),
      simulateSignIn: (input) => simulate('/admin/signins', input),
    },
    // With a upn the code is approved as that user (e.g. the break-glass account), not the operator.
    approve: (userCode, upn) =>
      adminRequest(
        target,
        'POST',
        `/admin/device-codes/${encodeURIComponent(userCode)}/approve`,
        upn ? { upn } : undefined,
      ).catch(() => undefined),
  };
}
