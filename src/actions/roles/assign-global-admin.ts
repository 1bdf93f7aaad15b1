/**
 * Makes an account a permanent ACTIVE Global Administrator through a PIM
 * adminAssign request with noExpiration (never
 * eligible-only — PIM activation depends on the very MFA/CA a break-glass
 * account exists to bypass). Idempotent: an existing active tenant-wide
 * assignment is reported, not re-requested.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { GLOBAL_ADMIN_ROLE, odataString, requireUser } from '../odata.js';

const Args = z.strictObject({
  user: z.string().min(1),
  justification: z
    .string()
    .min(1)
    .default('Permanent Global Administrator for an emergency-access (break-glass) account'),
});
type Args = z.infer<typeof Args>;

async function activeAssignment(ctx: ActionContext, principalId: string): Promise<string | undefined> {
  for await (const a of ctx.tenant.graph.list<{ id: string; directoryScopeId: string }>({
    path: '/roleManagement/directory/roleAssignments',
    query: {
      $filter: `roleDefinitionId eq ${odataString(GLOBAL_ADMIN_ROLE)} and principalId eq ${odataString(principalId)}`,
    },
  })) {
    if (a.directoryScopeId === '/') return a.id;
  }
  return undefined;
}

const REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';

/** The PIM adminAssign request; preview and apply build the same body (only the start time differs). */
function requestBody(a: Args, principalId: string, start: Date) {
  return graphBody<Graph.UnifiedRoleAssignmentScheduleRequest>({
    action: 'adminAssign',
    principalId,
    roleDefinitionId: GLOBAL_ADMIN_ROLE,
    directoryScopeId: '/',
    justification: a.justification,
    scheduleInfo: { startDateTime: start.toISOString(), expiration: { type: 'noExpiration' } },
  });
}

export const action: Action<Args> = {
  id: 'role.assignGlobalAdmin',
  title: 'Assign Global Administrator permanently (active, no expiry)',
  permissions: { graph: ['RoleManagement.ReadWrite.Directory', 'User.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'Global Administrator (active, permanent, tenant-wide)',
  outputs: ['assignmentId', 'principalId'],
  args: Args,
  key: (a) => `ga:${a.user.toLowerCase()}`,
  async preview(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    const existing = await activeAssignment(ctx, u.id);
    return {
      actionId: 'role.assignGlobalAdmin',
      summary: existing
        ? `${u.userPrincipalName} already holds Global Administrator as an active tenant-wide assignment`
        : `Assign Global Administrator to ${u.userPrincipalName}: active, permanent (noExpiration), scope "/" via PIM adminAssign`,
      target: { type: 'user', id: u.id, name: u.userPrincipalName },
      grants: [
        {
          principal: { type: 'user', id: u.id, name: u.userPrincipalName },
          gains: 'Global Administrator (active, permanent, tenant-wide)',
        },
      ],
      diff: existing
        ? undefined
        : { before: ['roles: (none active)'], after: ['roles: Global Administrator (active, permanent)'] },
      sends: existing ? undefined : [{ method: 'POST', path: REQUESTS, body: requestBody(a, u.id, new Date()) }],
      alreadyDone: Boolean(existing),
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    await ctx.tenant.graph.request({
      method: 'POST',
      path: REQUESTS,
      body: requestBody(a, u.id, new Date()),
    });
    const id = await activeAssignment(ctx, u.id);
    return { outputs: { assignmentId: id ?? null, principalId: u.id } };
  },
  async reconcile(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    const id = await activeAssignment(ctx, u.id);
    return id ? { applied: true, outputs: { assignmentId: id, principalId: u.id } } : { applied: false };
  },
};
