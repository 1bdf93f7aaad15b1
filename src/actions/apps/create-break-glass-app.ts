/**
 * Registers the application that IS the break-glass identity, and its service
 * principal, requesting NO API permission: what it can do comes only from the
 * directory (and Azure) roles assigned to its service principal afterwards,
 * each one a separate, typed-confirmed privilege step.
 *
 *  - POST /applications, body { displayName, signInAudience: AzureADMyOrg,
 *    requiredResourceAccess: [] }:
 *    https://learn.microsoft.com/graph/api/application-post-applications?view=graph-rest-1.0
 *    (signInAudience: https://learn.microsoft.com/graph/api/resources/application?view=graph-rest-1.0);
 *  - POST /servicePrincipals, body { appId }:
 *    https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals?view=graph-rest-1.0.
 * Permissions: rows application.create, servicePrincipal.create, applications.list and
 * servicePrincipals.list of src/config/permission-table.ts (Application.ReadWrite.All covers all four).
 *
 * Risk class `change`: the app holds nothing yet. Idempotent and crash-safe: the
 * app is found by its display name before anything is sent (several with the
 * name is an error, never a guess), so a resumed step never registers a second
 * one; an existing app that requests API permissions is refused, not adopted.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { createAppAndServicePrincipal, findAppByName, type FoundApp, type NamedApp } from './app-by-name.js';

const Args = z.strictObject({
  displayName: z.string().min(1).max(120).default('BreakGlass-App'),
});
type Args = z.infer<typeof Args>;

interface App extends NamedApp {
  requiredResourceAccess?: { resourceAppId: string; resourceAccess: unknown[] }[];
}

async function find(ctx: ActionContext, name: string): Promise<FoundApp<App> | undefined> {
  const found = await findAppByName<App>(
    ctx,
    name,
    'id,appId,displayName,requiredResourceAccess',
    `More than one application is named "${name}". Give the break-glass app a name no other application has.`,
  );
  if (!found) return undefined;
  const requested = (found.app.requiredResourceAccess ?? []).reduce((n, r) => n + (r.resourceAccess?.length ?? 0), 0);
  if (requested > 0)
    throw new Error(
      `Application "${name}" already exists and requests ${requested} API permission(s). The break-glass app requests none; choose a new name, or review that application yourself.`,
    );
  return found;
}

const outputsOf = (f: { app: App; sp: { id: string } }) => ({
  appId: f.app.appId,
  applicationObjectId: f.app.id,
  servicePrincipalId: f.sp.id,
  displayName: f.app.displayName,
});

export const action: Action<Args> = {
  id: 'app.createBreakGlass',
  title: 'Register the break-glass application and its service principal (no API permissions)',
  permissions: { graph: ['Application.ReadWrite.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['appId', 'applicationObjectId', 'servicePrincipalId', 'displayName'],
  args: Args,
  key: (a) => `bgapp:${a.displayName.toLowerCase()}`,
  async preview(a, ctx) {
    const f = await find(ctx, a.displayName);
    const done = Boolean(f?.sp);
    return {
      actionId: 'app.createBreakGlass',
      summary: done
        ? `Application "${a.displayName}" and its service principal already exist (appId ${f!.app.appId}), requesting no API permission`
        : f
          ? `Application "${a.displayName}" exists (appId ${f.app.appId}); create its service principal`
          : `Register single-tenant application "${a.displayName}" requesting NO API permission, and create its service principal`,
      target: { type: 'application', id: f?.app.id, name: a.displayName },
      diff: done
        ? undefined
        : {
            before: f ? [`application ${a.displayName}`] : [],
            after: [
              `application ${a.displayName} (AzureADMyOrg, requiredResourceAccess: none)`,
              `servicePrincipal ${a.displayName}`,
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
        requiredResourceAccess: [],
      }),
      'The application was created but cannot be read back yet (directory replication). Retry the step in a few seconds: it will not register a second one.',
    );
    return { outputs: outputsOf(made) };
  },
  async reconcile(a, ctx) {
    const f = await find(ctx, a.displayName);
    return f?.sp ? { applied: true, outputs: outputsOf({ app: f.app, sp: f.sp }) } : { applied: false };
  },
};
