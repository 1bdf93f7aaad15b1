/**
 * Takes the break-glass group back out of the exclusions of Conditional Access policies that
 * require a phishing-resistant authentication strength, once every account holds a security key
 * that meets it. Microsoft's guidance for emergency access accounts: "Require phishing-resistant
 * multifactor authentication for all of your emergency accounts"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
 *
 * It refuses a policy that would lock the accounts out (any control a security key does not
 * satisfy — a compliant device, a block, a strength that also needs something else): for those
 * the exclusion is what keeps the door open. Reads each policy before patching and patches only
 * those that still exclude the group, so a re-run or a resume never re-sends a change.
 * PATCH /identity/conditionalAccess/policies/{id} (https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update).
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { findGroup } from '../odata.js';
import { sessionLockouts } from '../../checks/ca.js';
import { protectsOnceKeysEnrolled } from '../../checks/strength.js';
import { excludeGroupsDiff, excludedGroups, readPolicies, setExcludedGroups } from './policy-refs.js';

/** policies: object ids, or exact display names. */
const Args = z.strictObject({ group: z.string().min(1), policies: z.array(z.string().min(1)).min(1) });
type Args = z.infer<typeof Args>;

async function read(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found.`);
  const policies = await readPolicies(ctx.tenant, a.policies);
  const lockouts = policies.filter((p) => !protectsOnceKeysEnrolled(p, sessionLockouts(p)));
  if (lockouts.length) {
    throw new Error(
      `Refusing to take "${g.displayName}" out of the exclusions of ${lockouts.map((p) => `"${p.displayName}"`).join(', ')}: ` +
        'a security key does not satisfy what it requires, so the exclusion is what keeps the accounts from being locked out. Remove it from the list.',
    );
  }
  const excluding = policies.filter((p) => excludedGroups(p).includes(g.id));
  return { g, policies, excluding };
}

export const action: Action<Args> = {
  id: 'ca.removeExclusion',
  title: 'Hold the break-glass group to phishing-resistant Conditional Access policies',
  permissions: { graph: ['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All', 'GroupMember.Read.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['patched', 'groupId'],
  args: Args,
  key: (a) => `ca-unexclude:${a.group.toLowerCase()}:${[...a.policies].sort().join(',')}`,
  async preview(a, ctx) {
    const { g, policies, excluding } = await read(a, ctx);
    return {
      actionId: 'ca.removeExclusion',
      summary: excluding.length
        ? `Stop excluding "${g.displayName}" from ${excluding.length} polic${excluding.length > 1 ? 'ies' : 'y'} that require phishing-resistant MFA: ${excluding.map((p) => `"${p.displayName}"`).join(', ')} — its members must then sign in with their security keys there`
        : `None of the ${policies.length} selected policies excludes "${g.displayName}"`,
      target: {
        type: 'conditionalAccessPolicy',
        id: excluding[0]?.id,
        name: excluding.map((p) => p.displayName).join(', ') || policies.map((p) => p.displayName).join(', '),
      },
      diff: excluding.length
        ? {
            ...excludeGroupsDiff(excluding, (p) => excludedGroups(p).filter((x) => x !== g.id)),
          }
        : undefined,
      alreadyDone: excluding.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { g, excluding } = await read(a, ctx);
    for (const p of excluding)
      await setExcludedGroups(
        ctx.tenant,
        p,
        excludedGroups(p).filter((x) => x !== g.id),
      );
    return { outputs: { patched: excluding.map((p) => p.displayName), groupId: g.id } };
  },
  async reconcile(a, ctx) {
    const { g, excluding } = await read(a, ctx);
    return excluding.length === 0 ? { applied: true, outputs: { patched: [], groupId: g.id } } : { applied: false };
  },
};
