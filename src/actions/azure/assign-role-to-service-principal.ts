/**
 * Assigns an Azure role (Azure RBAC) to the break-glass application's service
 * principal at a subscription or management-group scope, so that the app door
 * also opens Azure Resource Manager when no user can sign in. Directory roles
 * (role.assignToServicePrincipal) do not reach Azure resources: "Azure roles
 * and Microsoft Entra roles" are separate systems
 * (https://learn.microsoft.com/azure/role-based-access-control/rbac-and-directory-admin-roles).
 *
 * Which role (Learn's guidance): Owner "Grants full access to manage all
 * resources, including the ability to assign roles"; User Access Administrator
 * "Lets you manage user access to Azure resources" — enough to grant any role,
 * including to itself, so recovery is possible with one standing privilege that
 * changes no resource by itself
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged). Learn's best
 * practices: "Limit the number of subscription owners" and grant the least
 * privilege a job needs (https://learn.microsoft.com/azure/role-based-access-control/best-practices).
 * The runbook suggests User Access Administrator at the tenant root management group; the operator chooses.
 *
 * Calls (Azure REST API spec Microsoft.Authorization stable/2022-04-01, authorization-RoleAssignmentsCalls.json;
 * https://learn.microsoft.com/azure/role-based-access-control/role-assignments-rest):
 *  - Graph GET /servicePrincipals?$filter=appId eq '…' (the principal's object id);
 *  - ARM GET {scope}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '{id}'
 *    (RoleAssignments_ListForScope: assignments at, above or below the scope for that principal);
 *  - ARM PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{name} with
 *    { properties: { roleDefinitionId, principalId, principalType: "ServicePrincipal" } }
 *    (RoleAssignments_Create). principalType is set because Learn advises it for a new service principal
 *    (api-version 2018-09-01-preview or later "to assign an Azure role to a new service principal").
 * The assignment's name is a GUID derived from scope, principal and role, so a resumed step PUTs the same
 * name; a RoleAssignmentExists answer (the same assignment under another name) means it is in place.
 * Permissions: rows authorization.roleAssignments.list, authorization.roleAssignment.put and
 * servicePrincipals.list of src/config/permission-table.ts.
 *
 * Risk class `privilege`: the operator types the service principal's name.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { AZURE_ROLES, AZURE_SCOPE, azureRoleId, azureRoleName, describeScope } from '../../config/azure-roles.js';
import { odataString } from '../odata.js';

const API = '2022-04-01';

const Args = z.strictObject({
  appId: z.string().uuid(),
  /** A built-in role name (Owner, User Access Administrator, …) or its role definition GUID. */
  role: z.string().refine((r) => azureRoleId(r) !== undefined, {
    message: `an Azure built-in role: ${Object.keys(AZURE_ROLES).join(', ')}`,
  }),
  /** /subscriptions/{id} or /providers/Microsoft.Management/managementGroups/{id} (the root group's id is the tenant id). */
  scope: z
    .string()
    .regex(
      AZURE_SCOPE,
      'a subscription (/subscriptions/<id>) or management group (/providers/Microsoft.Management/managementGroups/<id>)',
    ),
});
type Args = z.infer<typeof Args>;

interface Assignment {
  id: string;
  name: string;
  properties: { roleDefinitionId: string; principalId: string; scope: string };
}

/** A name-based GUID (RFC 4122 version 5 layout over SHA-1), stable for the same scope, principal and role. */
function assignmentName(scope: string, principalId: string, roleId: string): string {
  const h = createHash('sha1')
    .update(`breakglass-role-assignment|${scope.toLowerCase()}|${principalId}|${roleId}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The role definition id as the REST example writes it: under the subscription, or tenant-level for a management group. */
const roleDefinitionId = (scope: string, roleId: string): string =>
  `${scope.toLowerCase().startsWith('/subscriptions/') ? scope : ''}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;

async function state(a: Args, ctx: ActionContext) {
  const roleId = azureRoleId(a.role)!;
  const roleName = azureRoleName(roleId)!;
  let sp: { id: string; displayName: string } | undefined;
  for await (const s of ctx.tenant.graph.list<{ id: string; displayName: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id,displayName' },
  }))
    sp = s;
  if (!sp) throw new Error(`No service principal for app ${a.appId}. Register the break-glass app first.`);
  const r = await ctx.tenant.arm.request<{ value?: Assignment[] }>(
    'GET',
    `${a.scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${sp.id}'`)}`,
    API,
  );
  const held = (r.body?.value ?? []).find(
    (x) =>
      x.properties.scope.toLowerCase() === a.scope.toLowerCase() &&
      x.properties.principalId.toLowerCase() === sp.id.toLowerCase() &&
      x.properties.roleDefinitionId.split('/').pop()?.toLowerCase() === roleId,
  );
  return { sp, roleId, roleName, held };
}

export const action: Action<Args> = {
  id: 'azureRole.assignToServicePrincipal',
  title:
    'Assign an Azure role to the break-glass service principal (Azure RBAC, at a subscription or management group)',
  permissions: { graph: ['Application.Read.All'], arm: ['Reader', 'User Access Administrator'] },
  destructive: false,
  risk: 'privilege',
  grants:
    'the Azure role named at the scope named: whoever holds its credential manages those Azure resources, without user MFA',
  outputs: ['servicePrincipalId', 'role', 'scope', 'roleAssignmentId'],
  args: Args,
  key: (a) => `azrole:${a.appId}:${azureRoleId(a.role) ?? a.role.toLowerCase()}:${a.scope.toLowerCase()}`,
  async preview(a, ctx) {
    const { sp, roleName, held } = await state(a, ctx);
    const where = describeScope(a.scope);
    const target = { type: 'servicePrincipal', id: sp.id, name: sp.displayName };
    return {
      actionId: 'azureRole.assignToServicePrincipal',
      summary: held
        ? `Service principal "${sp.displayName}" already holds the Azure role ${roleName} at ${where}`
        : `Assign the Azure role ${roleName} to service principal "${sp.displayName}" at ${where}`,
      target,
      grants: held
        ? undefined
        : [
            {
              principal: target,
              gains: `${roleName} at ${where} (Azure RBAC, permanent) — usable with its credential alone, no user MFA`,
            },
          ],
      diff: held ? undefined : { before: [], after: [`Azure role: ${roleName} at ${a.scope}`] },
      alreadyDone: Boolean(held),
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { sp, roleId, roleName, held } = await state(a, ctx);
    const outputs = (id: string) => ({
      servicePrincipalId: sp.id,
      role: roleName,
      scope: a.scope,
      roleAssignmentId: id,
    });
    if (held) return { outputs: outputs(held.id) };
    const name = assignmentName(a.scope, sp.id, roleId);
    try {
      const r = await ctx.tenant.arm.request<{ id?: string }>(
        'PUT',
        `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        API,
        {
          properties: {
            roleDefinitionId: roleDefinitionId(a.scope, roleId),
            principalId: sp.id,
            principalType: 'ServicePrincipal',
          },
        },
      );
      return { outputs: outputs(r.body?.id ?? `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`) };
    } catch (e) {
      // The same role for the same principal at the same scope under another name: already in place.
      if ((e as { status?: number }).status === 409) {
        const again = await state(a, ctx);
        if (again.held) return { outputs: outputs(again.held.id) };
      }
      throw e;
    }
  },
  async reconcile(a, ctx) {
    const { sp, roleName, held } = await state(a, ctx);
    return held
      ? {
          applied: true,
          outputs: { servicePrincipalId: sp.id, role: roleName, scope: a.scope, roleAssignmentId: held.id },
        }
      : { applied: false };
  },
};
