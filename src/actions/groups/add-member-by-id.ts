/**
 * Seed 000's emergency move, made by the emergency application signed in with
 * its certificate: add a user (by object id) to the empty exclusion group (by
 * object id). The application deliberately cannot read groups or members, so
 * this action reads nothing first; Graph's own answer tells the state — a 400
 * "already exist" means the user is in, and counts as done, never as a retry.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { seg } from '../odata.js';

const Args = z.strictObject({
  group: z.string().uuid('the group object id'),
  user: z.string().uuid('the user object id'),
});
type Args = z.infer<typeof Args>;

function alreadyMember(e: unknown): boolean {
  const err = e as { status?: number; message?: string };
  return err?.status === 400 && /already exist/i.test(err.message ?? '');
}

async function add(a: Args, ctx: ActionContext): Promise<'added' | 'already-member'> {
  try {
    await ctx.tenant.graph.request({
      method: 'POST',
      path: `/groups/${seg(a.group)}/members/$ref`,
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${a.user}` },
    });
    return 'added';
  } catch (e) {
    if (alreadyMember(e)) return 'already-member';
    throw e;
  }
}

export const action: Action<Args> = {
  id: 'group.addMemberById',
  title: 'Add a user to the emergency exclusion group (as the emergency application)',
  permissions: { graph: ['RoleManagement.ReadWrite.Directory'] },
  destructive: false,
  outputs: ['result'],
  args: Args,
  key: (a) => `member-by-id:${a.group}:${a.user}`,
  async preview(a) {
    return {
      actionId: 'group.addMemberById',
      summary: `Add user ${a.user} to group ${a.group}. The user then signs in without MFA; this pages on-call.`,
      target: { type: 'group', id: a.group, name: a.group },
      diff: { before: [], after: [`+ member ${a.user}`] },
      alreadyDone: false,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    return { outputs: { result: await add(a, ctx) } };
  },
  async reconcile(a, ctx) {
    // The application cannot read membership; re-adding is the read: Graph says 400 if the user is in.
    const r = await add(a, ctx);
    return { applied: true, outputs: { result: r } };
  },
};
