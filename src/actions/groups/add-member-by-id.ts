/**
 * The layered path's emergency move, made by the emergency application signed in with
 * its certificate: add a user (by object id) to the empty exclusion group (by
 * object id). The application deliberately cannot read groups or members, so
 * the state is not read first; Graph's own answer tells it — a 400 "already
 * exist" means the user is in, and counts as done, never as a retry.
 *
 * The preview still tries to name the user and the group (an approval of a
 * bare object id is an approval of nobody knows whom); when the identity may
 * not read them it says so loudly, and the operator types the object id.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { seg, directoryObjectRef } from '../odata.js';
import { nameById, type NameRead } from './name-by-id.js';

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
      body: directoryObjectRef(ctx.tenant, a.user),
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
  // Adding to a role-assignable group: both, per docs/permissions.md (group.member.add.roleAssignable).
  permissions: { graph: ['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'] },
  destructive: false,
  risk: 'privilege',
  grants: 'membership of the emergency exclusion group (signs in without the MFA policy)',
  outputs: ['result'],
  args: Args,
  key: (a) => `member-by-id:${a.group}:${a.user}`,
  async preview(a, ctx) {
    const user = await nameById(ctx, 'users', a.user);
    const group = await nameById(ctx, 'groups', a.group);
    const label = (n: NameRead, id: string) => (n.ok ? `${n.label} (${id})` : `${id} — NAME UNKNOWN`);
    const unknown = [user, group].filter((n): n is Extract<NameRead, { ok: false }> => !n.ok).map((n) => n.why);
    return {
      actionId: 'group.addMemberById',
      summary: `Add user ${label(user, a.user)} to group ${label(group, a.group)}. The user then signs in without MFA; this pages on-call.`,
      target: { type: 'group', id: a.group, name: group.ok ? group.name : a.group },
      diff: {
        before: unknown.map((why) => `!! ${why}`),
        after: [`+ member ${label(user, a.user)}`],
      },
      grants: [
        {
          principal: { type: 'user', id: a.user, name: user.ok ? user.name : a.user },
          gains: `membership of ${group.ok ? `"${group.name}"` : `group ${a.group}`}: it signs in without the policies that exclude the group`,
          ...(unknown.length
            ? {
                unresolved: `Names could not be read: ${unknown.join('; ')}. Check both object ids against the setup report before you approve.`,
              }
            : {}),
        },
      ],
      alreadyDone: false,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    return { outputs: { result: await add(a, ctx) } };
  },
  async reconcile(a, ctx) {
    // Reads only. The application may not read membership (403): then the state is unknown and the
    // operator is asked again before anything is sent; sending again is safe (Graph answers 400 "already exist").
    // GET /groups/{id}/members — https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0
    try {
      for await (const m of ctx.tenant.graph.list<{ id: string }>({
        path: `/groups/${seg(a.group)}/members`,
        query: { $select: 'id' },
      })) {
        if (m.id === a.user) return { applied: true, outputs: { result: 'already-member' } };
      }
      return { applied: false };
    } catch (e) {
      const status = (e as { status?: number }).status;
      return {
        applied: false,
        unknown: `the signed-in identity cannot read the group's members${status ? ` (HTTP ${status})` : ''}`,
      };
    }
  },
};
