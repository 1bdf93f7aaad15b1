/**
 * Registers the emergency application and its service principal:
 * single-tenant, requesting ONLY the Graph application permissions given
 * (default: RoleManagement.ReadWrite.Directory, enough to add a user to the
 * role-assignable exclusion group it owns — and deliberately no Group.Read.All,
 * so a thief does not even learn which group matters).
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { createAppAndServicePrincipal, findAppByName, type FoundApp, type NamedApp } from './app-by-name.js';
import { GRAPH_APP_ID, GRAPH_APP_ROLES } from './graph-app-roles.js';

const Args = z.strictObject({
  displayName: z.string().min(1).default('EmergencyAccess'),
  permissions: z
    .array(z.enum(Object.keys(GRAPH_APP_ROLES) as [string, ...string[]]))
    .min(1)
    .default(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']),
});
type Args = z.infer<typeof Args>;

function find(ctx: ActionContext, name: string): Promise<FoundApp<NamedApp> | undefined> {
  return findAppByName<NamedApp>(
    ctx,
    name,
    'id,appId,displayName',
    `More than one application is named "${name}". Rename one, or give a different displayName.`,
  );
}

const outputsOf = (f: { app: NamedApp; sp: { id: string } }) => ({
  appId: f.app.appId,
  applicationObjectId: f.app.id,
  servicePrincipalId: f.sp.id,
});

export const action: Action<Args> = {
  id: 'app.createEmergency',
  title: 'Register the emergency application and its service principal',
  permissions: { graph: ['Application.ReadWrite.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['appId', 'applicationObjectId', 'servicePrincipalId'],
  args: Args,
  key: (a) => `app:${a.displayName.toLowerCase()}`,
  async preview(a, ctx) {
    const f = await find(ctx, a.displayName);
    const done = Boolean(f?.sp);
    return {
      actionId: 'app.createEmergency',
      summary: done
        ? `Application "${a.displayName}" and its service principal already exist (appId ${f!.app.appId})`
        : `Register single-tenant application "${a.displayName}" requesting only ${a.permissions.join(', ')} (application), and create its service principal`,
      target: { type: 'application', id: f?.app.id, name: a.displayName },
      diff: done
        ? undefined
        : {
            before: [],
            after: [
              `application ${a.displayName} (AzureADMyOrg)`,
              ...a.permissions.map((p) => `requires ${p} (Role)`),
              'servicePrincipal',
            ],
          },
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const made = await createAppAndServicePrincipal(
      ctx,
      () => find(ctx, a.displayName),
      graphBody<Graph.Application>({
        displayName: a.displayName,
        signInAudience: 'AzureADMyOrg',
        requiredResourceAccess: [
          {
            resourceAppId: GRAPH_APP_ID,
            resourceAccess: a.permissions.map((p): Graph.ResourceAccess => ({
              id: GRAPH_APP_ROLES[p],
              type: 'Role',
            })),
          },
        ],
      }),
      'The application was created but cannot be read back yet (directory replication). Retry in a few seconds.',
    );
    return { outputs: outputsOf(made) };
  },
  async reconcile(a, ctx) {
    const f = await find(ctx, a.displayName);
    return f?.sp ? { applied: true, outputs: outputsOf({ app: f.app, sp: f.sp }) } : { applied: false };
  },
};
