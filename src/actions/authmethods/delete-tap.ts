/**
 * Deletes every Temporary Access Pass left on an account once its FIDO2 key is
 * registered ("delete the TAP when done"; check BG-010).
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { requireUser, seg } from '../odata.js';

const Args = z.strictObject({ user: z.string().min(1) });
type Args = z.infer<typeof Args>;

async function taps(ctx: ActionContext, userId: string): Promise<{ id: string }[]> {
  const out: { id: string }[] = [];
  for await (const t of ctx.tenant.graph.list<{ id: string }>({
    path: `/users/${seg(userId)}/authentication/temporaryAccessPassMethods`,
  }))
    out.push(t);
  return out;
}

export const action: Action<Args> = {
  id: 'tap.delete',
  title: 'Delete the Temporary Access Pass',
  permissions: { graph: ['UserAuthenticationMethod.ReadWrite.All', 'User.Read.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['deleted'],
  args: Args,
  key: (a) => `tap-delete:${a.user.toLowerCase()}`,
  async preview(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    const t = await taps(ctx, u.id);
    return {
      actionId: 'tap.delete',
      summary: t.length
        ? `Delete ${t.length} Temporary Access Pass(es) of ${u.userPrincipalName}`
        : `${u.userPrincipalName} has no Temporary Access Pass left`,
      target: { type: 'user', id: u.id, name: u.userPrincipalName },
      diff: t.length ? { before: t.map((x) => `temporaryAccessPass ${x.id}`), after: [] } : undefined,
      alreadyDone: t.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    const t = await taps(ctx, u.id);
    for (const x of t)
      await ctx.tenant.graph.request({
        method: 'DELETE',
        path: `/users/${seg(u.id)}/authentication/temporaryAccessPassMethods/${seg(x.id)}`,
      });
    return { outputs: { deleted: t.length } };
  },
  async reconcile(a, ctx) {
    const u = await requireUser(ctx.tenant, a.user);
    return (await taps(ctx, u.id)).length === 0 ? { applied: true, outputs: { deleted: null } } : { applied: false };
  },
};
