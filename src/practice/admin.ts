/**
 * The practice tenant's admin API (no bearer token; a random admin key in the
 * `x-practice-admin-key` header instead — the server only listens on
 * loopback, and the key keeps other local users and web pages out).
 *
 *   GET  /admin/status                       tenant id, pending device codes
 *   POST /admin/device-codes/{code}/approve  approve a device-code sign-in (body {upn?, method?}: as that user, default the operator; method "password" = no second factor)
 *   POST /admin/signins   {upn, method: "fido2"|"password", fail?}   world.simulateSignIn
 *   POST /admin/fido2     {upn, tap, model?}                         world.registerFido2
 *   GET|PUT /admin/faults  FaultConfig
 *   GET  /admin/counters
 *   POST /admin/time      {advanceMinutes | advanceSeconds}          advance the simulated clock, then world.tick()
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SimulationWorld } from '../core/tenant.js';
import type { PracticeResponse } from './types.js';
import type { RawRequest } from './router.js';
import type { FaultInjector } from './faults.js';
import { validateFaults } from './faults.js';
import type { Counters } from './counters.js';
import type { DeviceCodeStore } from './identity/device-codes.js';

export const ADMIN_KEY_HEADER = 'x-practice-admin-key';

export interface AdminDeps {
  adminKey: string;
  world: () => SimulationWorld;
  faults: FaultInjector;
  counters: Counters;
  deviceCodes: DeviceCodeStore;
}

function json(status: number, body: unknown): PracticeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body };
}

function err(status: number, code: string, message: string): PracticeResponse {
  return json(status, { error: { code, message } });
}

function keyOk(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function parseBody(raw: RawRequest): Record<string, unknown> | undefined {
  if (!raw.bodyText) return {};
  try {
    const v = JSON.parse(raw.bodyText) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a world simulation call; world errors (unknown user, wrong TAP) become 400/404 with their message. */
function simulate(fn: () => unknown): PracticeResponse {
  try {
    const result = fn();
    return json(200, { ok: true, result: result ?? null });
  } catch (e) {
    const status = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 400;
    const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'SimulationFailed';
    return err(status >= 400 && status < 600 ? status : 400, code, e instanceof Error ? e.message : String(e));
  }
}

export function createAdminHandler(deps: AdminDeps) {
  return async (method: string, segs: string[], raw: RawRequest): Promise<PracticeResponse> => {
    if (!keyOk(deps.adminKey, raw.headers[ADMIN_KEY_HEADER])) {
      return err(
        401,
        'AdminKeyRequired',
        `The admin API needs the admin key printed by \`breakglass practice serve\` in the ${ADMIN_KEY_HEADER} header.`,
      );
    }
    const path = segs.map((s) => s.toLowerCase());
    const body = parseBody(raw);
    if (body === undefined) return err(400, 'InvalidJson', 'The request body must be a JSON object.');
    const world = deps.world();
    const [a, b, c] = path;

    if (method === 'GET' && a === 'status' && path.length === 1) {
      return json(200, {
        tenantId: world.tenantId,
        pendingDeviceCodes: deps.deviceCodes
          .pending()
          .map((e) => ({ userCode: e.userCode, clientId: e.clientId, expiresAt: new Date(e.expiresAt).toISOString() })),
      });
    }
    if (method === 'POST' && a === 'device-codes' && b && c === 'approve' && path.length === 3) {
      const code = segs[1]!;
      // Optional {upn}: approve as that user (e.g. the break-glass account) instead of the operator.
      if (body.upn !== undefined && (typeof body.upn !== 'string' || !body.upn.includes('@')))
        return err(400, 'InvalidUpn', 'upn must be a user principal name such as bg-admin-01@contoso.onmicrosoft.com.');
      // Optional {method}: "password" approves with a password alone (no second factor), so the
      // token lacks the "mfa" amr and mandatory MFA refuses its ARM writes; default: MFA completed.
      if (body.method !== undefined && body.method !== 'password' && body.method !== 'fido2')
        return err(400, 'InvalidMethod', 'method must be "fido2" (the default, MFA completed) or "password".');
      const passwordOnly = body.method === 'password';
      const as =
        typeof body.upn === 'string' || passwordOnly
          ? { upn: typeof body.upn === 'string' ? body.upn : undefined, passwordOnly }
          : undefined;
      return deps.deviceCodes.approve(code, as)
        ? json(200, {
            approved: true,
            userCode: code.toUpperCase(),
            ...(as?.upn ? { as: as.upn } : {}),
            ...(passwordOnly ? { method: 'password' } : {}),
          })
        : err(
            404,
            'DeviceCodeNotFound',
            `No pending device code '${code}'. It may have expired (15 minutes), been used already, or been mistyped.`,
          );
    }
    if (method === 'POST' && a === 'signins' && path.length === 1) {
      const { upn, method: how, fail } = body;
      if (typeof upn !== 'string' || (how !== 'fido2' && how !== 'password')) {
        return err(
          400,
          'InvalidInput',
          'Body must be {"upn": "<user>", "method": "fido2" | "password", "fail"?: boolean}.',
        );
      }
      if (!world.simulateSignIn) return err(501, 'NotSupported', 'This world does not simulate sign-ins.');
      return simulate(() => world.simulateSignIn!({ upn, method: how, fail: fail === true }));
    }
    if (method === 'POST' && a === 'fido2' && path.length === 1) {
      const { upn, tap, model } = body;
      if (typeof upn !== 'string' || typeof tap !== 'string')
        return err(
          400,
          'InvalidInput',
          'Body must be {"upn": "<user>", "tap": "<temporary access pass>", "model"?: "<key model>"}.',
        );
      if (!world.registerFido2) return err(501, 'NotSupported', 'This world does not simulate FIDO2 registration.');
      return simulate(() => world.registerFido2!({ upn, tap, ...(typeof model === 'string' ? { model } : {}) }));
    }
    if (a === 'faults' && path.length === 1) {
      if (method === 'GET') return json(200, deps.faults.get());
      if (method === 'PUT') {
        const errs = validateFaults(body);
        if (errs.length) return err(400, 'InvalidFaults', errs.join('; '));
        deps.faults.set(body);
        return json(200, deps.faults.get());
      }
    }
    if (method === 'GET' && a === 'counters' && path.length === 1) return json(200, deps.counters.snapshot());
    if (method === 'POST' && a === 'time' && path.length === 1) {
      const minutes = typeof body['advanceMinutes'] === 'number' ? body['advanceMinutes'] : 0;
      const seconds = typeof body['advanceSeconds'] === 'number' ? body['advanceSeconds'] : 0;
      const ms = (minutes * 60 + seconds) * 1000;
      if (!(ms >= 0) || ms > 366 * 24 * 3600_000)
        return err(
          400,
          'InvalidInput',
          'advanceMinutes / advanceSeconds must be non-negative numbers (at most a year).',
        );
      if (!world.clock) return err(501, 'NotSupported', 'This world has no simulated clock.');
      world.clock.advance(ms);
      const ticked = world.tick ? world.tick() : null;
      return json(200, { advancedMs: ms, tick: ticked ?? null });
    }
    return err(404, 'NotFound', `Unknown admin endpoint ${method} /admin/${segs.join('/')}.`);
  };
}
