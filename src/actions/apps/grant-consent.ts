/**
 * Admin consent for the emergency application's Graph application
 * permissions: one appRoleAssignment per permission on its service principal.
 * Grants only what is listed; existing grants are left alone.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { odataString, seg } from '../odata.js';
import { GRAPH_APP_ID, GRAPH_APP_ROLES } from './graph-app-roles.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  permissions: z
    .array(z.enum(Object.keys(GRAPH_APP_ROLES) as [string, ...string[]]))
    .min(1)
    .default(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']),
});
type Args = z.infer<typeof Args>;

async function sp(ctx: ActionContext, appId: string): Promise<{ id: string; displayName?: string } | undefined> {
  for await (const s of ctx.tenant.graph.list<{ id: string; displayName?: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(appId)}`, $select: 'id,displayName' },
  }))
    return s;
  return undefined;
}

async function state(a: Args, ctx: ActionContext) {
  const app = await sp(ctx, a.appId);
  if (!app) throw new Error(`No service principal for app ${a.appId}. Register the application first.`);
  const graph = await sp(ctx, GRAPH_APP_ID);
  if (!graph) throw new Error('The Microsoft Graph service principal was not found in this tenant.');
  const have = new Set<string>();
  for await (const r of ctx.tenant.graph.list<{ appRoleId: string; resourceId: string }>({
    path: `/servicePrincipals/${seg(app.id)}/appRoleAssignments`,
  })) {
    if (r.resourceId === graph.id) have.add(r.appRoleId);
  }
  const missing = a.permissions.filter((p) => !have.has(GRAPH_APP_ROLES[p]!));
  return { app, graph, missing };
}

export const action: Action<Args> = {
  id: 'app.grantConsent',
  title: 'Grant admin consent for the emergency application',
  permissions: { graph: ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'Microsoft Graph application permissions (admin consent)',
  outputs: ['granted'],
  args: Args,
  key: (a) => `consent:${a.appId}:${[...a.permissions].sort().join(',')}`,
  async preview(a, ctx) {
    const { app, missing } = await state(a, ctx);
    return {
      actionId: 'app.grantConsent',
      summary: missing.length
        ? `Grant ${missing.join(', ')} (application) to "${app.displayName ?? a.appId}"`
        : `"${app.displayName ?? a.appId}" already has ${a.permissions.join(', ')}`,
      target: { type: 'servicePrincipal', id: app.id, name: app.displayName ?? a.appId },
      grants: [
        {
          principal: { type: 'servicePrincipal', id: app.id, name: app.displayName ?? a.appId },
          gains: `${missing.join(', ')} (Microsoft Graph application permissions, admin consent)`,
        },
      ],
      diff: missing.length
        ? { before: [], after: missing.map((p) => `+ ${p} (Microsoft Graph, application)`) }
        : undefined,
      alreadyDone: missing.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { app, graph, missing } = await state(a, ctx);
    for (const p of missing) {
      await ctx.tenant.graph.request({
        method: 'POST',
        path: `/servicePrincipals/${seg(app.id)}/appRoleAssignments`,
        body: graphBody<Graph.AppRoleAssignment>({
          principalId: app.id,
          resourceId: graph.id,
          appRoleId: GRAPH_APP_ROLES[p],
        }),
      });
    }
    return { outputs: { granted: missing } };
  },
  async reconcile(a, ctx) {
    const { missing } = await state(a, ctx);
    return missing.length === 0 ? { applied: true, outputs: { granted: [] } } : { applied: false };
  },
};
