/**
 * Shared plumbing for the practice tenant's resource routes: world access,
 * the caller as an audit actor, error translation (WorldError → the
 * service's error envelope via PracticeHttpError), response helpers, and
 * removal of internal (`_`-prefixed) fields before anything leaves.
 */
import type { PracticeRequest, PracticeResponse, PracticeRoute, PracticeHost } from '../types.js';
import { PracticeHttpError } from '../odata/errors.js';
import { WorldError } from '../world/errors.js';
import type { World } from '../world/world.js';
import type { Actor } from '../world/state.js';
import { enforceTable } from './enforce-table.js';

export type Handler = (req: PracticeRequest, w: World) => PracticeResponse | Promise<PracticeResponse>;

/** Build a route; world errors become the service's error response. */
export function route(
  host: PracticeHost,
  method: PracticeRoute['method'],
  pattern: string,
  permissions: string[] | TableRows,
  handler: Handler,
  mutates = method !== 'GET',
): PracticeRoute {
  const rows = Array.isArray(permissions) ? undefined : permissions.rows;
  return {
    host,
    method,
    pattern,
    permissions: Array.isArray(permissions) ? permissions : [],
    ...(rows ? { rows } : {}),
    mutates,
    async handler(req, world) {
      try {
        // The real tenant never stops: bring ingestion and alert rules up to the current simulated time first.
        (world as World).tick();
        if (rows) enforceTable(req, world as World, rows);
        return await handler(req, world as World);
      } catch (e) {
        if (e instanceof WorldError) throw new PracticeHttpError(e.status, e.code, e.message);
        throw e;
      }
    },
  };
}

/** A route that serves calls breakglass makes: authorized by these permission-table rows (see enforce-table.ts). */
export interface TableRows {
  rows: string[];
}

export const table = (...rows: string[]): TableRows => ({ rows });

export const graph = (
  method: PracticeRoute['method'],
  pattern: string,
  permissions: string[] | TableRows,
  handler: Handler,
  mutates?: boolean,
): PracticeRoute => route('graph', method, pattern, permissions, handler, mutates);

/** The caller, for audit events and actor checks. */
export function actorOf(req: PracticeRequest, w: World): Actor {
  const a = req.auth;
  if (!a) return { kind: 'system', id: '00000000-0000-0000-0000-000000000000', name: 'anonymous' };
  if (a.idtyp === 'app' || (!a.scp && a.roles)) {
    const app = a.appid ? w.applicationByAppId(a.appid) : undefined;
    return { kind: 'app', id: a.oid, name: app?.displayName ?? a.appid ?? a.oid, appId: a.appid };
  }
  return { kind: 'user', id: a.oid, name: a.upn ?? a.oid };
}

/** Delegated scopes + app roles the token carries. */
export function granted(req: PracticeRequest): Set<string> {
  const a = req.auth;
  return new Set([...(a?.scp ?? '').split(' '), ...(a?.roles ?? [])].filter(Boolean).map((s) => s.toLowerCase()));
}

export function requireAny(req: PracticeRequest, perms: string[], what: string): void {
  const g = granted(req);
  if (!perms.some((p) => g.has(p.toLowerCase())))
    throw new PracticeHttpError(
      403,
      'Authorization_RequestDenied',
      `Insufficient privileges to complete the operation. ${what} requires one of: ${perms.join(', ')}.`,
    );
}

/** Deep copy without `_`-prefixed (internal) keys. */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v instanceof Date) return v.toISOString() as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (!k.startsWith('_')) out[k] = clean(x);
    return out as T;
  }
  return v;
}

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): PracticeResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});
export const noContent = (): PracticeResponse => ({ status: 204 });

export function graphBase(req: PracticeRequest): string {
  return `https://graph.microsoft.com/${req.version ?? 'v1.0'}`;
}

export function context(req: PracticeRequest, fragment: string): string {
  return `${graphBase(req)}/$metadata#${fragment}`;
}

export function body(req: PracticeRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b))
    throw new PracticeHttpError(400, 'BadRequest', 'The request body must be a JSON object.');
  return b as Record<string, unknown>;
}

export function notFound(id: string): PracticeHttpError {
  return new PracticeHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}
