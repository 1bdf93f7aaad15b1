/**
 * An application registration found by its display name, with its service principal, and the
 * create-what-is-missing step both app-registering actions (./create-break-glass-app.ts,
 * ./create-emergency-app.ts) take. Finding by name before sending anything is what makes them
 * re-runnable and crash-safe: a resumed step never registers a second application, and several
 * applications with the name is an error, never a guess.
 *
 *  - GET /applications?$filter=displayName eq '…':
 *    https://learn.microsoft.com/graph/api/application-list?view=graph-rest-1.0
 *  - GET /servicePrincipals?$filter=appId eq '…':
 *    https://learn.microsoft.com/graph/api/serviceprincipal-list?view=graph-rest-1.0
 *  - POST /applications: https://learn.microsoft.com/graph/api/application-post-applications?view=graph-rest-1.0
 *  - POST /servicePrincipals, body { appId }:
 *    https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals?view=graph-rest-1.0
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { ActionContext } from '../../core/action.js';
import { graphBody, type GraphBody } from '../../core/graph-types.js';
import { odataString } from '../odata.js';

/** What both actions read of an application ($select adds what a caller needs beyond these). */
export interface NamedApp {
  id: string;
  appId: string;
  displayName: string;
}

export interface FoundApp<A extends NamedApp> {
  app: A;
  /** Absent: the application has no service principal in this tenant yet. */
  sp?: { id: string };
}

/**
 * The one application named `name` and its service principal; undefined when none has the name.
 * `select` lists the application's properties to read; `duplicate` is the error when several have it.
 */
export async function findAppByName<A extends NamedApp>(
  ctx: ActionContext,
  name: string,
  select: string,
  duplicate: string,
): Promise<FoundApp<A> | undefined> {
  let app: A | undefined;
  for await (const a of ctx.tenant.graph.list<A>({
    path: '/applications',
    query: { $filter: `displayName eq ${odataString(name)}`, $select: select },
  })) {
    if (app) throw new Error(duplicate);
    app = a;
  }
  if (!app) return undefined;
  let sp: { id: string } | undefined;
  for await (const s of ctx.tenant.graph.list<{ id: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(app.appId)}`, $select: 'id' },
  }))
    sp = s;
  return { app, sp };
}

/**
 * Registers the application (`body`) when `find` finds none, reads it back, then creates its service
 * principal when it has none. `find` is asked again after the POST: what it refuses (a duplicate, an
 * existing app that is not what the caller registers) is refused here too.
 */
export async function createAppAndServicePrincipal<A extends NamedApp>(
  ctx: ActionContext,
  find: () => Promise<FoundApp<A> | undefined>,
  body: GraphBody,
  notReadBack: string,
): Promise<{ app: A; sp: { id: string } }> {
  let f = await find();
  if (!f) {
    await ctx.tenant.graph.request({ method: 'POST', path: '/applications', body });
    f = await find();
  }
  if (!f) throw new Error(notReadBack);
  let sp = f.sp;
  if (!sp) {
    const r = await ctx.tenant.graph.request<{ id: string }>({
      method: 'POST',
      path: '/servicePrincipals',
      body: graphBody<Graph.ServicePrincipal>({ appId: f.app.appId }),
    });
    sp = { id: r.body.id };
  }
  return { app: f.app, sp };
}
