/**
 * Adds accounts (or, for the layered path, a user at emergency time) to
 * a group via members/$ref. Reads the membership first and adds only who is
 * missing, so a re-run or a resume after a crash never re-sends an addition
 * (Graph answers 400 to a duplicate). Adding to a role-assignable group also
 * needs RoleManagement.ReadWrite.Directory.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { findGroup, requireUser, seg, directoryObjectRef } from '../odata.js';

const Args = z.strictObject({ group: z.string().min(1), members: z.array(z.string().min(1)).min(1) });
type Args = z.infer<typeof Args>;

async function plan(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found. Create it first (step "group.create").`);
  const current = new Set<string>();
  for await (const m of ctx.tenant.graph.list<{ id: string }>({
    path: `/groups/${seg(g.id)}/members`,
    query: { $select: 'id' },
  }))
    current.add(m.id);
  const users = [];
  for (const m of a.members) users.push(await requireUser(ctx.tenant, m));
  return { g, current, missing: users.filter((u) => !current.has(u.id)), users };
}

export const action: Action<Args> = {
  id: 'group.addMembers',
  title: 'Add accounts to the group',
  // Reading the group (by name or id) and its members needs GroupMember.Read.All, which GroupMember.ReadWrite.All
  // does not cover for groups (core/permission-rules.ts); the write needs GroupMember.ReadWrite.All (and
  // RoleManagement.ReadWrite.Directory for a role-assignable group):
  // https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0
  // https://learn.microsoft.com/graph/api/group-post-members?view=graph-rest-1.0
  permissions: {
    graph: ['GroupMember.ReadWrite.All', 'GroupMember.Read.All', 'RoleManagement.ReadWrite.Directory', 'User.Read.All'],
  },
  destructive: false,
  risk: 'privilege',
  grants:
    'membership of the group (an exclusion group skips Conditional Access; a role-assignable group can carry directory roles)',
  outputs: ['groupId', 'added'],
  args: Args,
  key: (a) =>
    `members:${a.group.toLowerCase()}:${[...a.members]
      .map((m) => m.toLowerCase())
      .sort()
      .join(',')}`,
  async preview(a, ctx) {
    const { g, missing, users } = await plan(a, ctx);
    return {
      actionId: 'group.addMembers',
      summary:
        missing.length === 0
          ? `All ${users.length} account(s) are already members of "${g.displayName}"`
          : `Add ${missing.map((u) => u.userPrincipalName).join(', ')} to "${g.displayName}"`,
      target: { type: 'group', id: g.id, name: g.displayName },
      diff: missing.length ? { before: [], after: missing.map((u) => `+ member ${u.userPrincipalName}`) } : undefined,
      grants: missing.map((u) => ({
        principal: { type: 'user', id: u.id, name: u.userPrincipalName },
        gains: `membership of "${g.displayName}"${g.isAssignableToRole ? ' (role-assignable: its members can hold directory roles)' : ''}`,
      })),
      alreadyDone: missing.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { g, missing } = await plan(a, ctx);
    for (const u of missing) {
      await ctx.tenant.graph.request({
        method: 'POST',
        path: `/groups/${seg(g.id)}/members/$ref`,
        body: directoryObjectRef(ctx.tenant, u.id),
      });
    }
    return { outputs: { groupId: g.id, added: missing.map((u) => u.userPrincipalName) } };
  },
  async reconcile(a, ctx) {
    const { g, missing } = await plan(a, ctx);
    return missing.length === 0 ? { applied: true, outputs: { groupId: g.id, added: [] } } : { applied: false };
  },
};
