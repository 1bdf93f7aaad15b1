/**
 * Which Conditional Access policies must exclude the break-glass group before
 * they can lock the accounts out? Uses the same semantics as
 * checks BG-007/BG-008 (src/checks/ca.ts): enabled or report-only policies
 * whose grant or session controls can fail closed and whose scope can include
 * an account, minus those already excluding the group — and never the
 * legacy-authentication block. Outputs the first policy (to change and look
 * at alone) and the rest, and among them the policies that require a
 * phishing-resistant strength a security key meets (`phishingResistant`): the
 * group is excluded from those only while keys are enrolled, then held to them.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import type { CaPolicy, DirObject } from '../checks/snapshot.js';
import {
  appliesToNoSignIn,
  factsOf,
  isLegacyBlock,
  lockoutControls,
  sessionLockouts,
  userScope,
} from '../checks/ca.js';
import { protectsOnceKeysEnrolled } from '../checks/strength.js';
import { findGroup, seg } from '../actions/odata.js';

const Args = z.strictObject({ group: z.string().min(1) });

export const query: Query<z.infer<typeof Args>> = {
  id: 'ca.exclusionPlan',
  title: 'Find the policies that could lock the accounts out',
  permissions: {
    graph: ['Policy.Read.All', 'GroupMember.Read.All', 'User.Read.All', 'UserAuthMethod-Passkey.Read.All'],
  },
  outputs: [
    'done',
    'first',
    'rest',
    'all',
    'names',
    'legacyBlocks',
    'reportOnly',
    'phishingResistant',
    'phishingResistantNames',
  ],
  args: Args,
  async run(a, { tenant }) {
    const g = await findGroup(tenant, a.group);
    if (!g) throw new Error(`Group "${a.group}" not found.`);
    // members are directoryObjects: Graph refuses user properties in $select there, so read ids, then the users.
    const members: DirObject[] = [];
    for await (const m of tenant.graph.list<DirObject>({
      path: `/groups/${seg(g.id)}/members`,
      query: { $select: 'id' },
    }))
      members.push(m);
    const memberIds = members
      .filter((m) => (m['@odata.type'] ?? '#microsoft.graph.user').endsWith('.user'))
      .map((m) => m.id);
    if (!memberIds.length)
      throw new Error(`Group "${g.displayName}" has no user members yet; add the break-glass accounts first.`);
    const reads = await tenant.graph.batch(
      memberIds.flatMap((id) => [
        {
          method: 'GET' as const,
          path: `/users/${seg(id)}`,
          query: { $select: 'id,displayName,userPrincipalName,userType' },
        },
        { method: 'GET' as const, path: `/users/${seg(id)}/transitiveMemberOf`, query: { $select: 'id,displayName' } },
        // GET /users/{id}/authentication/fido2Methods (https://learn.microsoft.com/graph/api/fido2authenticationmethod-list)
        { method: 'GET' as const, path: `/users/${seg(id)}/authentication/fido2Methods`, query: { $select: 'id' } },
      ]),
    );
    const users = memberIds.map((id, i) => {
      const r = reads[3 * i]!;
      if (r.status >= 400) throw new Error(`Could not read member ${id} (HTTP ${r.status}).`);
      return r.body as DirObject;
    });
    const facts = users.map((u, i) => {
      const r = reads[3 * i + 1]!;
      if (r.status >= 400)
        throw new Error(`Could not read group memberships of ${u.userPrincipalName ?? u.id} (HTTP ${r.status}).`);
      return factsOf(u.userPrincipalName ?? u.id, u, (r.body as { value: DirObject[] }).value ?? []);
    });
    // Every member already holds a security key (a re-run, or keys enrolled before): a policy that
    // requires phishing-resistant MFA is protection they satisfy, not a lockout — never excluded.
    const keysHeld = users.every((u, i) => {
      const r = reads[3 * i + 2]!;
      if (r.status >= 400)
        throw new Error(`Could not read the security keys of ${u.userPrincipalName ?? u.id} (HTTP ${r.status}).`);
      return ((r.body as { value?: unknown[] }).value ?? []).length > 0;
    });
    const policies: CaPolicy[] = [];
    for await (const p of tenant.graph.list<CaPolicy>({ path: '/identity/conditionalAccess/policies' }))
      policies.push(p);
    const live = policies.filter((p) => p.state === 'enabled' || p.state === 'enabledForReportingButNotEnforced');
    const legacy = live.filter(isLegacyBlock);
    const needs = live.filter(
      (p) =>
        !isLegacyBlock(p) &&
        lockoutControls(p).length > 0 &&
        !appliesToNoSignIn(p) &&
        facts.some((f) => userScope(p, f).included) &&
        !(p.conditions?.users?.excludeGroups ?? []).includes(g.id) &&
        !(keysHeld && protectsOnceKeysEnrolled(p, sessionLockouts(p))),
    );
    // Enabled policies first: they lock out today; report-only ones the day they are flipped.
    needs.sort(
      (x, y) =>
        Number(x.state !== 'enabled') - Number(y.state !== 'enabled') || x.displayName.localeCompare(y.displayName),
    );
    const ids = needs.map((p) => p.id);
    // To exclude only while the keys are enrolled, then hold the accounts to: the ones excluded now,
    // and those an earlier set-up left excluding the group.
    const phishingResistant = live.filter(
      (p) =>
        !isLegacyBlock(p) &&
        !appliesToNoSignIn(p) &&
        protectsOnceKeysEnrolled(p, sessionLockouts(p)) &&
        facts.some((f) => userScope(p, f).included) &&
        (needs.includes(p) || (p.conditions?.users?.excludeGroups ?? []).includes(g.id)),
    );
    return {
      outputs: {
        done: true,
        first: ids.slice(0, 1),
        rest: ids.slice(1),
        all: ids,
        names: needs.map(
          (p) =>
            `${p.displayName} (${p.state === 'enabled' ? 'enabled' : 'report-only'}: ${lockoutControls(p).join(', ')})`,
        ),
        legacyBlocks: legacy.map((p) => p.displayName),
        reportOnly: needs.filter((p) => p.state !== 'enabled').map((p) => p.displayName),
        phishingResistant: phishingResistant.map((p) => p.id),
        phishingResistantNames: phishingResistant.map((p) => p.displayName),
      },
      summary: needs.length
        ? `${needs.length} polic${needs.length > 1 ? 'ies' : 'y'} need the exclusion: ${needs.map((p) => p.displayName).join(', ')}${legacy.length ? `; left alone (legacy-auth block): ${legacy.map((p) => p.displayName).join(', ')}` : ''}`
        : `Every policy that could fail closed already excludes "${g.displayName}"`,
    };
  },
};
