/**
 * Resolve a declaration to object ids through Microsoft Graph, read-only,
 * in one $batch: every account (by id or UPN), the exclusion group (by id
 * or display name). An account given with both an id and a UPN must be the
 * same object in the tenant. Anything that does not resolve is collected and
 * thrown as one error: an export is written whole or not at all.
 *
 * The emergency app is not looked up: no peer tool has a setting for it, so
 * reading it would only ask for Application.Read.All for nothing.
 */
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { GraphRequest, GraphResponse, TenantSession } from '../core/tenant.js';
import { permissionRow } from '../config/permission-table.js';
import { isGuid, type ExportDeclaration, type ResolvedDeclaration } from './declaration.js';

/**
 * The permission-table rows resolving reads (src/config/permission-table.ts):
 * GET /users/{id | userPrincipalName} with a basic-profile $select https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0,
 * GET /groups/{id} https://learn.microsoft.com/graph/api/group-get?view=graph-rest-1.0,
 * GET /groups?$filter=displayName eq '…' https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0.
 */
export const RESOLVE_ROWS = ['user.get.basic', 'group.get', 'group.list.byName'] as const;

/** Least-privileged delegated Graph permissions for resolving, from the permission table. */
export function resolvePermissions(): string[] {
  return [...new Set(RESOLVE_ROWS.flatMap((id) => permissionRow(id).delegated.least))];
}

/** The declaration does not match the tenant (unknown, ambiguous or mismatched objects). */
export class DeclarationMismatchError extends BreakglassError {
  constructor(
    readonly problems: string[],
    source: string,
  ) {
    super(
      `the declaration (${source}) does not match the tenant — nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      {
        exitCode: EXIT.FAIL,
        hint: 'Fix the declaration (object ids are safest: a name can be changed by anyone who can edit the object) and export again.',
      },
    );
  }
}

interface UserBody {
  id?: string;
  userPrincipalName?: string;
  displayName?: string;
}
interface GroupBody {
  id?: string;
  displayName?: string;
}

const USER_SELECT = 'id,userPrincipalName,displayName';
const GROUP_SELECT = 'id,displayName';

function graphFailure(what: string, r: GraphResponse): string {
  const err = (r.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const rid = r.requestId ?? r.batchRequestId;
  const todo =
    r.status === 401 || r.status === 403
      ? ` — sign in with ${resolvePermissions().join(' and ')} (read-only; docs/permissions.md)`
      : '';
  return `${what}: Graph answered ${r.status}${err?.code ? ` ${err.code}` : ''}${err?.message ? ` (${err.message})` : ''}${rid ? ` [request-id ${rid}]` : ''}${todo}`;
}

export async function resolveDeclaration(
  decl: ExportDeclaration,
  session: TenantSession,
): Promise<ResolvedDeclaration> {
  const problems: string[] = [];
  if (decl.accounts.length === 0)
    problems.push('no break-glass accounts declared (breakglass never guesses which accounts they are)');
  const who = await session.identity();
  if (decl.tenant && decl.tenant.toLowerCase() !== who.tenantId.toLowerCase())
    problems.push(
      `the declaration is for tenant ${decl.tenant}, but the session is signed in to tenant ${who.tenantId}`,
    );
  if (problems.length) throw new DeclarationMismatchError(problems, decl.source);

  const reqs: GraphRequest[] = decl.accounts.map((a) => ({
    method: 'GET',
    path: `/users/${encodeURIComponent((a.id ?? a.upn)!)}`,
    query: { $select: USER_SELECT },
    permissions: permissionRow('user.get.basic').delegated.least,
  }));
  const g = decl.group;
  if (g?.id)
    reqs.push({
      method: 'GET',
      path: `/groups/${encodeURIComponent(g.id)}`,
      query: { $select: GROUP_SELECT },
      permissions: permissionRow('group.get').delegated.least,
    });
  else if (g?.name)
    reqs.push({
      method: 'GET',
      path: '/groups',
      // OData string literal: a single quote is doubled (https://learn.microsoft.com/graph/query-parameters#escaping-single-quotes).
      query: { $filter: `displayName eq '${g.name.replace(/'/g, "''")}'`, $select: GROUP_SELECT },
      permissions: permissionRow('group.list.byName').delegated.least,
    });
  const res = await session.graph.batch(reqs);

  const accounts: ResolvedDeclaration['accounts'] = [];
  decl.accounts.forEach((a, i) => {
    const r = res[i]!;
    const label = a.upn && a.id ? `${a.upn} (${a.id})` : (a.upn ?? a.id)!;
    if (r.status === 404) {
      problems.push(`account ${label}: no such user in tenant ${who.tenantId}`);
      return;
    }
    const b = r.body as UserBody | undefined;
    if (r.status >= 300 || !b?.id || !b.userPrincipalName) {
      problems.push(graphFailure(`account ${label}`, r));
      return;
    }
    if (a.upn && a.upn.toLowerCase() !== b.userPrincipalName.toLowerCase()) {
      problems.push(`account ${label}: object ${b.id} is ${b.userPrincipalName}, not ${a.upn}`);
      return;
    }
    if (accounts.some((x) => x.id === b.id)) {
      problems.push(`account ${label}: declared twice (object ${b.id})`);
      return;
    }
    accounts.push({
      id: b.id.toLowerCase(),
      upn: b.userPrincipalName,
      ...(b.displayName ? { displayName: b.displayName } : {}),
    });
  });

  let group: ResolvedDeclaration['group'];
  if (g?.id || g?.name) {
    const r = res[decl.accounts.length]!;
    const label = g.id ?? `"${g.name}"`;
    if (r.status === 404) problems.push(`group ${label}: no such group in tenant ${who.tenantId}`);
    else if (r.status >= 300) problems.push(graphFailure(`group ${label}`, r));
    else {
      const found: GroupBody[] = g.id
        ? [r.body as GroupBody]
        : ((r.body as { value?: GroupBody[] } | undefined)?.value ?? []);
      if (found.length === 0) problems.push(`group ${label}: no group has this display name`);
      else if (found.length > 1)
        problems.push(`group ${label}: ${found.length} groups have this display name — declare the group's object id`);
      else if (!found[0]!.id) problems.push(graphFailure(`group ${label}`, r));
      else group = { id: found[0]!.id.toLowerCase(), displayName: found[0]!.displayName ?? found[0]!.id };
    }
  }
  for (const id of accounts.map((a) => a.id))
    if (!isGuid(id)) problems.push(`account ${id}: Graph returned an id that is not a GUID`);
  if (problems.length) throw new DeclarationMismatchError(problems, decl.source);
  return {
    tenantId: who.tenantId.toLowerCase(),
    accounts,
    ...(group ? { group } : {}),
    ...(decl.emergencyApp ? { emergencyApp: decl.emergencyApp } : {}),
    source: decl.source,
  };
}
