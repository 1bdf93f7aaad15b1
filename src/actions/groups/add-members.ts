/**
 * Adds accounts (or, for the layered path, a user at emergency time) to
 * a group via members/$ref. Reads the membership first and adds only who is
 * missing, so a re-run or a resume after a crash never re-sends an addition
 * (Graph answers 400 to a duplicate). Adding to a role-assignable group also
 * needs RoleManagement.ReadWrite.Directory.
 *
 * The preview names what the membership carries (./membership-reach.ts): the roles the group
 * holds and the Conditional Access policies that exclude it. "Add X to SG-BreakGlass-Exclude" is
 * approved as "X skips CA001, CA003 …", not as a bare membership.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import type { PlannedRequest } from '../../core/events.js';
import { findGroup, requireUser, seg, directoryObjectRef } from '../odata.js';
import { membershipReach, type MembershipReach } from './membership-reach.js';

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
  // The preview's reach: the roles a role-assignable group holds (RoleManagement.ReadWrite.Directory, already
  // needed for the write, covers both role lists) and the CA policies excluding it (Policy.Read.All):
  // https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments?view=graph-rest-1.0
  // https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityschedules?view=graph-rest-1.0
  // https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies?view=graph-rest-1.0
  permissions: {
    graph: [
      'GroupMember.ReadWrite.All',
      'GroupMember.Read.All',
      'RoleManagement.ReadWrite.Directory',
      'User.Read.All',
      'Policy.Read.All',
    ],
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
    const reach: MembershipReach = missing.length
      ? await membershipReach(ctx.tenant, g)
      : { roles: [], excludedFrom: [], unread: [] };
    const carries = [
      ...(reach.roles.length ? [`${reach.roles.join(', ')} (held by the group)`] : []),
      ...(reach.excludedFrom.length
        ? [`sign-in without ${reach.excludedFrom.join(', ')} (Conditional Access policies that exclude the group)`]
        : []),
    ];
    const sends: PlannedRequest[] = missing.map((u) => ({
      method: 'POST',
      path: `/groups/${seg(g.id)}/members/$ref`,
      body: directoryObjectRef(ctx.tenant, u.id),
      current: { heldRoles: reach.roles, excludedFrom: reach.excludedFrom },
    }));
    return {
      actionId: 'group.addMembers',
      summary:
        missing.length === 0
          ? `All ${users.length} account(s) are already members of "${g.displayName}"`
          : `Add ${missing.map((u) => u.userPrincipalName).join(', ')} to "${g.displayName}"`,
      target: { type: 'group', id: g.id, name: g.displayName },
      diff: missing.length
        ? {
            before: reach.unread.map((w) => `!! could not read ${w}: check it before you approve`),
            after: missing.map((u) => `+ member ${u.userPrincipalName}`),
          }
        : undefined,
      grants: missing.map((u) => ({
        principal: { type: 'user', id: u.id, name: u.userPrincipalName },
        gains:
          `membership of "${g.displayName}"${g.isAssignableToRole ? ' (role-assignable: its members can hold directory roles)' : ''}` +
          (carries.length ? `, and with it: ${carries.join('; ')}` : ''),
      })),
      ...(sends.length ? { sends } : {}),
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
