/**
 * Makes a service principal an owner of the (empty, role-assignable)
 * exclusion group — the layered path: at emergency time the service
 * principal, signed in with its certificate, can add a user to this group and
 * nothing else.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { findGroup, odataString, seg, directoryObjectRef } from '../odata.js';

const Args = z.strictObject({ group: z.string().min(1), appId: z.string().uuid() });
type Args = z.infer<typeof Args>;

async function state(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found.`);
  let sp: { id: string; displayName: string } | undefined;
  for await (const s of ctx.tenant.graph.list<{ id: string; displayName: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id,displayName' },
  }))
    sp = s;
  if (!sp) throw new Error(`No service principal for app ${a.appId}. Create it first.`);
  const owners = new Set<string>();
  for await (const o of ctx.tenant.graph.list<{ id: string }>({
    path: `/groups/${seg(g.id)}/owners`,
    query: { $select: 'id' },
  }))
    owners.add(o.id);
  return { g, sp, isOwner: owners.has(sp.id) };
}

export const action: Action<Args> = {
  id: 'group.addOwner',
  title: 'Make the emergency service principal an owner of the group',
  permissions: { graph: ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Application.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'ownership of the group (an owner can add anyone to it)',
  outputs: ['groupId', 'servicePrincipalId'],
  args: Args,
  key: (a) => `owner:${a.group.toLowerCase()}:${a.appId}`,
  async preview(a, ctx) {
    const { g, sp, isOwner } = await state(a, ctx);
    return {
      actionId: 'group.addOwner',
      summary: isOwner
        ? `"${sp.displayName}" already owns "${g.displayName}"`
        : `Add service principal "${sp.displayName}" as an owner of "${g.displayName}"`,
      target: { type: 'group', id: g.id, name: g.displayName },
      diff: isOwner ? undefined : { before: [], after: [`+ owner ${sp.displayName} (${sp.id})`] },
      grants: [
        {
          principal: { type: 'servicePrincipal', id: sp.id, name: sp.displayName },
          gains: `ownership of "${g.displayName}" (an owner can add anyone to it)`,
        },
      ],
      alreadyDone: isOwner,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { g, sp, isOwner } = await state(a, ctx);
    if (!isOwner) {
      await ctx.tenant.graph.request({
        method: 'POST',
        path: `/groups/${seg(g.id)}/owners/$ref`,
        body: directoryObjectRef(ctx.tenant, sp.id),
      });
    }
    return { outputs: { groupId: g.id, servicePrincipalId: sp.id } };
  },
  async reconcile(a, ctx) {
    const { g, sp, isOwner } = await state(a, ctx);
    return isOwner ? { applied: true, outputs: { groupId: g.id, servicePrincipalId: sp.id } } : { applied: false };
  },
};
