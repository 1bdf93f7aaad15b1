/**
 * Assigns Microsoft Entra directory roles — Global Administrator, or a named
 * narrower set — to the break-glass application's service principal: direct,
 * active, permanent and tenant-wide. Not through PIM: an application has no
 * user session to activate an eligible role with, and the door must open
 * without one.
 *
 *  - POST /roleManagement/directory/roleAssignments, body { principalId,
 *    roleDefinitionId (the role's template id), directoryScopeId: "/" }:
 *    https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignments?view=graph-rest-1.0
 *    (service principals are supported principals:
 *    https://learn.microsoft.com/graph/api/resources/unifiedroleassignment?view=graph-rest-1.0);
 *  - role names and template ids: https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 *    (src/config/entra-roles.ts).
 * Permissions: rows roleAssignment.create, roleAssignments.list and servicePrincipals.list of
 * src/config/permission-table.ts.
 *
 * Risk class `privilege`: the operator types the service principal's name. A
 * role held by an application is as powerful as the same role held by a person,
 * and no user MFA stands in front of it. Idempotent and crash-safe: the roles the
 * service principal already holds tenant-wide are read first and never
 * requested again, so a resumed step sends only what is missing.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { entraRoleId, entraRoleName } from '../../config/entra-roles.js';
import { graphBody } from '../../core/graph-types.js';
import { odataString } from '../odata.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  /** Built-in role display names or template ids; a comma-separated string is accepted (a runbook input). */
  roles: z
    .union([z.array(z.string().min(1)).min(1), z.string().min(1)])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((r) => r.trim()).filter(Boolean)),
});
type Args = z.infer<typeof Args>;

interface Role {
  id: string;
  name: string;
}

function rolesOf(a: Args): Role[] {
  if (!a.roles.length) throw new Error('Name at least one directory role (with.roles).');
  return a.roles.map((r) => {
    const id = entraRoleId(r);
    if (!id)
      throw new Error(
        `"${r}" is not a Microsoft Entra built-in role name or template id (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).`,
      );
    return { id, name: entraRoleName(id) ?? r };
  });
}

async function state(a: Args, ctx: ActionContext) {
  const roles = rolesOf(a);
  let sp: { id: string; displayName: string } | undefined;
  for await (const s of ctx.tenant.graph.list<{ id: string; displayName: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id,displayName' },
  }))
    sp = s;
  if (!sp) throw new Error(`No service principal for app ${a.appId}. Register the break-glass app first.`);
  const held = new Map<string, string>();
  for await (const r of ctx.tenant.graph.list<{ id: string; roleDefinitionId: string; directoryScopeId?: string }>({
    path: '/roleManagement/directory/roleAssignments',
    query: { $filter: `principalId eq ${odataString(sp.id)}` },
  }))
    if ((r.directoryScopeId ?? '/') === '/') held.set(r.roleDefinitionId.toLowerCase(), r.id);
  const missing = roles.filter((r) => !held.has(r.id));
  return { sp, roles, held, missing };
}

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

/** One active tenant-wide assignment; preview and apply build the same body. */
const assignmentBody = (principalId: string, r: Role) =>
  graphBody<Graph.UnifiedRoleAssignment>({ principalId, roleDefinitionId: r.id, directoryScopeId: '/' });

const GRANTS = 'the directory role(s) named, active, permanent and tenant-wide';

export const action: Action<Args> = {
  id: 'role.assignToServicePrincipal',
  title: 'Assign directory roles to the break-glass service principal (active, permanent, tenant-wide)',
  permissions: { graph: ['RoleManagement.ReadWrite.Directory', 'Application.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: `${GRANTS}: whoever holds its credential acts with them, without user MFA`,
  outputs: ['servicePrincipalId', 'roles', 'assignmentIds'],
  args: Args,
  key: (a) =>
    `sprole:${a.appId}:${a.roles
      .map((r) => entraRoleId(r) ?? r.toLowerCase())
      .sort()
      .join(',')}`,
  async preview(a, ctx) {
    const { sp, roles, missing } = await state(a, ctx);
    const names = roles.map((r) => r.name).join(', ');
    return {
      actionId: 'role.assignToServicePrincipal',
      summary: missing.length
        ? `Assign ${missing.map((r) => r.name).join(', ')} to service principal "${sp.displayName}": active, permanent, tenant-wide (scope "/")`
        : `Service principal "${sp.displayName}" already holds ${names} tenant-wide`,
      target: { type: 'servicePrincipal', id: sp.id, name: sp.displayName },
      grants: missing.length
        ? [
            {
              principal: { type: 'servicePrincipal', id: sp.id, name: sp.displayName },
              gains: `${missing.map((r) => r.name).join(', ')} (active, permanent, tenant-wide) — usable with its credential alone, no user MFA`,
            },
          ]
        : undefined,
      diff: missing.length
        ? {
            before: roles.filter((r) => !missing.includes(r)).map((r) => `role: ${r.name}`),
            after: roles.map((r) => `role: ${r.name} (active, permanent, scope /)`),
          }
        : undefined,
      sends: missing.map((r) => ({ method: 'POST', path: ASSIGNMENTS, body: assignmentBody(sp.id, r) })),
      alreadyDone: missing.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { sp, roles, held, missing } = await state(a, ctx);
    for (const r of missing) {
      const res = await ctx.tenant.graph.request<{ id: string }>({
        method: 'POST',
        path: ASSIGNMENTS,
        body: assignmentBody(sp.id, r),
      });
      held.set(r.id, res.body.id);
    }
    return {
      outputs: {
        servicePrincipalId: sp.id,
        roles: roles.map((r) => r.name),
        assignmentIds: roles.map((r) => held.get(r.id) ?? null),
      },
    };
  },
  async reconcile(a, ctx) {
    const { sp, roles, held, missing } = await state(a, ctx);
    return missing.length
      ? { applied: false }
      : {
          applied: true,
          outputs: {
            servicePrincipalId: sp.id,
            roles: roles.map((r) => r.name),
            assignmentIds: roles.map((r) => held.get(r.id)!),
          },
        };
  },
};
