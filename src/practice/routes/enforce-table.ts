/**
 * The practice tenant's authorization for every call breakglass makes: the
 * permission table (src/config/permission-table.ts), enforced exactly.
 *
 *  1. Permissions: the token's scopes (delegated) or app roles (app-only)
 *     must hold every name of the row's least set or of one higher set — no
 *     implied supersets. ARM and Log Analytics authorize app-only callers by
 *     Azure RBAC, which the practice tenant does not model; their delegated
 *     callers need the row's scope.
 *  2. Entra role: a delegated caller must hold one of the row's roles (or
 *     Global Administrator), actively, directly or through a role-assignable
 *     group. For ARM rows that name an Entra role (microsoft.aadiam), an
 *     app-only caller needs it too (stricter reading; Learn documents only users).
 *  3. Licence: a tenant without the row's licence gets the row's licence error.
 *
 * A route names the rows it serves; where a row applies only under a
 * condition (role-assignable target, $select of signInActivity), the
 * condition picks it, otherwise the unconditional row applies.
 */
import { BASIC_PROFILE, grantSatisfies, permissionRow, type PermissionRow } from '../../config/permission-table.js';
import { hasLicence } from '../../config/licences.js';
import { PracticeHttpError } from '../odata/errors.js';
import { roleNameById } from '../world/catalog.js';
import type { World } from '../world/world.js';
import type { PracticeRequest } from '../types.js';

const GLOBAL_ADMINISTRATOR = 'Global Administrator';

function isApp(req: PracticeRequest): boolean {
  const a = req.auth;
  return !!a && (a.idtyp === 'app' || (!a.scp && !!a.roles));
}

function holds(req: PracticeRequest, w: World, row: PermissionRow): boolean {
  switch (row.when) {
    case 'selects-signInActivity':
      return (req.query.get('$select') ?? '').split(',').some((s) => s.trim().toLowerCase() === 'signinactivity');
    case 'selects-basic-profile': {
      const sel = (req.query.get('$select') ?? '').split(',').map((x) => x.trim());
      return sel.some(Boolean) && sel.every((x) => (BASIC_PROFILE as readonly string[]).includes(x));
    }
    case 'body-isAssignableToRole':
      return (req.body as { isAssignableToRole?: unknown } | undefined)?.isAssignableToRole === true;
    case 'body-includesServicePrincipals': {
      const c = (req.body as { conditions?: { clientApplications?: { includeServicePrincipals?: unknown } } })
        ?.conditions?.clientApplications?.includeServicePrincipals;
      return Array.isArray(c) && c.length > 0;
    }
    case 'target-group-role-assignable': {
      const id = req.params['id'] ?? '';
      return w.groups.get(id.toLowerCase())?.isAssignableToRole === true;
    }
    default:
      return true;
  }
}

/** The row that governs this request among the route's rows. */
export function rowFor(req: PracticeRequest, w: World, rowIds: readonly string[]): PermissionRow {
  const all = rowIds.map(permissionRow);
  // One route serves v1.0 and beta; a row names the version breakglass calls.
  const api = req.host === 'graph' ? (req.version === 'beta' ? 'graph-beta' : 'graph') : req.host;
  const rows = all.filter((r) => r.api === api);
  // A call on a version the table has no row for has no documented permissions here: serving it under the other
  // version's row would let the product read beta (or v1.0) unseen by the permission contract.
  if (rows.length === 0)
    throw new PracticeHttpError(
      500,
      'NoPermissionRow',
      `The practice tenant has no permission-table row for ${req.method} ${api === 'graph-beta' ? 'beta' : api === 'graph' ? 'v1.0' : api} ${req.path} (rows: ${rowIds.join(', ')}).`,
    );
  return rows.find((r) => r.when && holds(req, w, r)) ?? rows.find((r) => !r.when) ?? rows[0]!;
}

function denied(req: PracticeRequest, row: PermissionRow, why: string): PracticeHttpError {
  if (req.host === 'arm') {
    const a = req.auth;
    const who = a?.upn ?? a?.appid ?? a?.oid ?? 'unknown';
    return new PracticeHttpError(
      403,
      'AuthorizationFailed',
      `The client '${who}' with object id '${a?.oid ?? ''}' does not have authorization to perform action '${row.method} ${row.path}' over scope '${req.path}' or the scope is invalid. ${why}`,
    );
  }
  if (req.host === 'logs')
    return new PracticeHttpError(
      403,
      'InsufficientAccessError',
      'The provided credentials have insufficient access to perform the requested operation',
    );
  // Graph's own message names nothing; the practice tenant adds which rule refused (the product never relies on it).
  return new PracticeHttpError(
    403,
    'Authorization_RequestDenied',
    `Insufficient privileges to complete the operation. ${why}`,
  );
}

/**
 * An app-only caller without the row's application permission may still hold a Microsoft Entra role
 * (the token's `wids`): a service principal can be assigned directory roles
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles lists
 * "Service principals" among the principals), and a role grants what the role reference lists
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
 * Stricter reading, since Learn has no per-API table for app-only role holders: Global Administrator
 * covers every Graph row; another role only a row that names it among its Entra roles.
 */
function appRoleCovers(req: PracticeRequest, row: PermissionRow): boolean {
  const held = (req.auth?.wids ?? []).map((id) => roleNameById(id) ?? id);
  return held.some((r) => r === GLOBAL_ADMINISTRATOR || row.entraRoles.includes(r));
}

/** Throws the service's error when the caller or the tenant may not make this call. */
export function enforceTable(req: PracticeRequest, w: World, rowIds: readonly string[]): void {
  const row = rowFor(req, w, rowIds);
  req.permissionRow = row.id;
  const app = isApp(req);
  const kind = app ? 'application' : 'delegated';
  const a = req.auth;
  const granted = [...(a?.scp ?? '').split(' '), ...(a?.roles ?? [])].filter(Boolean);
  const graph = row.api === 'graph' || row.api === 'graph-beta';
  if ((graph || !app) && !grantSatisfies(row, kind, granted) && !(app && graph && appRoleCovers(req, row))) {
    const sets = (app ? row.application : row.delegated) ?? undefined;
    const need = sets
      ? [sets.least, ...sets.higher].map((s) => s.join(' + ')).join(' or ')
      : 'an app-only use Microsoft does not document';
    throw denied(req, row, `${row.id} requires ${need}.`);
  }
  if (row.entraRoles.length > 0 && (!app || row.api === 'arm') && a) {
    const held = w.activeRoleIdsOf(a.oid).map((id) => roleNameById(id) ?? id);
    const ok = held.some((r) => r === GLOBAL_ADMINISTRATOR || row.entraRoles.includes(r));
    if (!ok)
      throw denied(
        req,
        row,
        `The caller holds none of the Microsoft Entra roles ${row.entraRoles.join(', ')} (or Global Administrator).`,
      );
  }
  if (row.licence && !hasLicence(w.licences, row.licence)) {
    const e = row.licenceError!;
    throw new PracticeHttpError(e.status, e.code, e.message);
  }
}
