/**
 * Removes every owner of the break-glass application and of its service
 * principal. "Owners can add credentials to an application and use those
 * credentials to impersonate the application's identity"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/delegate-app-roles):
 * an owner of an app holding Global Administrator is one credential away from
 * being it. Only administrators manage an ownerless app, and that is audited.
 *
 *  - GET /applications/{id}/owners: https://learn.microsoft.com/graph/api/application-list-owners?view=graph-rest-1.0
 *  - DELETE /applications/{id}/owners/{id}/$ref: https://learn.microsoft.com/graph/api/application-delete-owners?view=graph-rest-1.0
 *  - GET /servicePrincipals/{id}/owners: https://learn.microsoft.com/graph/api/serviceprincipal-list-owners?view=graph-rest-1.0
 *  - DELETE /servicePrincipals/{id}/owners/{id}/$ref: https://learn.microsoft.com/graph/api/serviceprincipal-delete-owners?view=graph-rest-1.0
 * Permissions: rows applications.list, application.owners.list, application.owner.remove,
 * servicePrincipals.list, servicePrincipal.owners.list and servicePrincipal.owner.remove of
 * src/config/permission-table.ts (Application.ReadWrite.All covers all six).
 *
 * Risk class `change`: it takes a door away, it opens none. Idempotent and
 * crash-safe: owners are read afresh each time and only those still present
 * are removed, so a resumed step never sends a DELETE twice for one owner.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { odataString, seg } from '../odata.js';

const Args = z.strictObject({ appId: z.string().uuid() });
type Args = z.infer<typeof Args>;

interface Owner {
  id: string;
  '@odata.type'?: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
}
interface Held {
  on: 'applications' | 'servicePrincipals';
  objectId: string;
  owner: Owner;
}

const nameOf = (o: Owner): string => o.userPrincipalName ?? o.displayName ?? o.id;
const kindOf = (o: Owner): string =>
  (o['@odata.type'] ?? '#microsoft.graph.directoryObject').replace('#microsoft.graph.', '');

async function owners(ctx: ActionContext, on: Held['on'], objectId: string): Promise<Held[]> {
  const out: Held[] = [];
  for await (const o of ctx.tenant.graph.list<Owner>({
    path: `/${on}/${seg(objectId)}/owners`,
    query: { $select: 'id,displayName,userPrincipalName' },
  }))
    out.push({ on, objectId, owner: o });
  return out;
}

async function state(a: Args, ctx: ActionContext) {
  let app: { id: string; displayName: string } | undefined;
  for await (const x of ctx.tenant.graph.list<{ id: string; displayName: string }>({
    path: '/applications',
    query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id,displayName' },
  }))
    app = x;
  if (!app) throw new Error(`No application with appId ${a.appId}. Register the break-glass app first.`);
  let sp: { id: string } | undefined;
  for await (const s of ctx.tenant.graph.list<{ id: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id' },
  }))
    sp = s;
  const held = [
    ...(await owners(ctx, 'applications', app.id)),
    ...(sp ? await owners(ctx, 'servicePrincipals', sp.id) : []),
  ];
  return { app, sp, held };
}

const line = (h: Held): string =>
  `owner of the ${h.on === 'applications' ? 'application' : 'service principal'}: ${nameOf(h.owner)} (${kindOf(h.owner)})`;

export const action: Action<Args> = {
  id: 'app.removeOwners',
  title: "Remove the break-glass application's owners",
  permissions: { graph: ['Application.ReadWrite.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['removed'],
  args: Args,
  key: (a) => `appowners:${a.appId}`,
  async preview(a, ctx) {
    const { app, held } = await state(a, ctx);
    return {
      actionId: 'app.removeOwners',
      summary: held.length
        ? `Remove ${held.length} owner(s) of "${app.displayName}": ${[...new Set(held.map((h) => nameOf(h.owner)))].join(', ')}`
        : `"${app.displayName}" and its service principal have no owners`,
      target: { type: 'application', id: app.id, name: app.displayName },
      diff: held.length ? { before: held.map(line), after: [] } : undefined,
      alreadyDone: held.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { held } = await state(a, ctx);
    for (const h of held)
      await ctx.tenant.graph.request({
        method: 'DELETE',
        path: `/${h.on}/${seg(h.objectId)}/owners/${seg(h.owner.id)}/$ref`,
      });
    return { outputs: { removed: held.map((h) => nameOf(h.owner)) } };
  },
  async reconcile(a, ctx) {
    const { held } = await state(a, ctx);
    return held.length ? { applied: false } : { applied: true, outputs: { removed: [] } };
  },
};
