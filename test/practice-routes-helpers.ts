/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * Test helper: calls practice route handlers directly with PracticeRequest
 * objects (no TLS, no tokens), matching patterns and checking the route's
 * `permissions` the way the router does, so handler tests exercise the same
 * permission lists the server enforces.
 */
import { allRoutes } from '../src/practice/routes/index.js';
import { PracticeHttpError } from '../src/practice/odata/errors.js';
import type { PracticeHost, PracticeRequest, PracticeResponse, PracticeRoute } from '../src/practice/types.js';
import type { World } from '../src/practice/world/index.js';

const ROUTES = allRoutes();

function match(r: PracticeRoute, segs: string[]): Record<string, string> | undefined {
  const ps = r.pattern.split('/').filter(Boolean);
  if (ps.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const m = /^\{(.+)\}$/.exec(ps[i]!);
    if (m) params[m[1]!] = segs[i]!;
    else if (ps[i]!.toLowerCase() !== segs[i]!.toLowerCase()) return undefined;
  }
  return params;
}

export interface CallOpts {
  body?: unknown;
  scopes?: string[];
  roles?: string[];
  version?: string;
  headers?: Record<string, string>;
  oid?: string;
  upn?: string;
  appid?: string;
}

export const ALL_SCOPES = [
  'UserAuthMethod-Passkey.Read.All',
  'User.Read.All',
  'AuditLog.Read.All',
  'Data.Read',
  'user_impersonation',
  'User.Read',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'Policy.Read.All',
  'Policy.ReadWrite.ConditionalAccess',
  'Policy.ReadWrite.SecurityDefaults',
  'Policy.ReadWrite.AuthenticationMethod',
  'UserAuthenticationMethod.ReadWrite.All',
  'AuditLog.Read.All',
  'AccessReview.ReadWrite.All',
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'Domain.Read.All',
];

export async function call(
  w: World,
  method: string,
  host: PracticeHost,
  pathWithQuery: string,
  o: CallOpts = {},
): Promise<PracticeResponse & { body: any }> {
  const [path, qs] = pathWithQuery.split('?');
  const segs = path!.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(qs ?? '');
  let version = o.version;
  const rest = segs;
  if (host === 'graph') {
    version = version ?? 'v1.0';
  } else if (host === 'logs') version = 'v1';
  else if (host === 'arm') version = query.get('api-version') ?? undefined;
  const candidates = ROUTES.filter((r) => r.host === host && r.method === method)
    .map((r) => ({ r, p: match(r, rest) }))
    .filter((x) => x.p);
  // prefer most literal segments
  candidates.sort((a, b) => a.r.pattern.split('{').length - b.r.pattern.split('{').length);
  const hit = candidates[0];
  if (!hit) return { status: 404, body: { error: { code: 'NoRoute', message: `${method} ${host} ${path}` } } };
  const scopes = o.scopes ?? (o.roles ? [] : ALL_SCOPES);
  const have = new Set([...scopes, ...(o.roles ?? [])].map((s) => s.toLowerCase()));
  if (hit.r.permissions.length && !hit.r.permissions.some((p) => have.has(p.toLowerCase())))
    return {
      status: 403,
      body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } },
    };
  const req: PracticeRequest = {
    method,
    host,
    version,
    path: '/' + rest.join('/'),
    params: hit.p!,
    query,
    headers: o.headers ?? {},
    body: o.body,
    auth: {
      aud: 'x',
      iss: 'x',
      tid: w.tenantId,
      oid: o.oid ?? '3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
      ...(o.roles
        ? { roles: o.roles, idtyp: 'app' as const, appid: o.appid }
        : { scp: scopes.join(' '), upn: o.upn ?? 'alex.admin@contoso-practice.com', idtyp: 'user' as const }),
      exp: 0,
      iat: 0,
    },
    requestId: 'req-1',
  };
  try {
    return (await hit.r.handler(req, w)) as PracticeResponse & { body: any };
  } catch (e) {
    if (e instanceof PracticeHttpError)
      return { status: e.status, body: { error: { code: e.code, message: e.message } } };
    throw e;
  }
}
