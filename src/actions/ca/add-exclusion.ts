/**
 * Adds the break-glass group to the exclusions of Conditional Access policies.
 * The runbook applies it to ONE representative policy first,
 * then to the rest. This action refuses a legacy-authentication block policy
 * outright: excluding break-glass there only opens a downgrade path.
 * Reads each policy before patching, and patches only those still lacking
 * the group, so a re-run or a resume never re-sends a change.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { findGroup } from '../odata.js';
import { excludeGroupsDiff, excludedGroups, readPolicies, setExcludedGroups } from './policy-refs.js';
import { isLegacyBlock } from '../../checks/ca.js';

/** policies: object ids, or exact display names (resolved; an ambiguous or unknown name is an error). */
const Args = z.strictObject({ group: z.string().min(1), policies: z.array(z.string().min(1)).min(1) });
type Args = z.infer<typeof Args>;

async function read(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found.`);
  const policies = await readPolicies(ctx.tenant, a.policies);
  const legacy = policies.filter(isLegacyBlock);
  if (legacy.length) {
    throw new Error(
      `Refusing to exclude break-glass from legacy-authentication block polic${legacy.length > 1 ? 'ies' : 'y'} ${legacy.map((p) => `"${p.displayName}"`).join(', ')}: ` +
        'break-glass never uses legacy auth, and an exclusion there is a downgrade path. Remove it from the list.',
    );
  }
  const missing = policies.filter((p) => !excludedGroups(p).includes(g.id));
  return { g, policies, missing };
}

export const action: Action<Args> = {
  id: 'ca.addExclusion',
  title: 'Exclude the break-glass group from Conditional Access policies',
  permissions: { graph: ['Policy.ReadWrite.ConditionalAccess', 'Policy.Read.All', 'GroupMember.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'exclusion from Conditional Access policies',
  outputs: ['patched', 'groupId'],
  args: Args,
  key: (a) => `ca-exclude:${a.group.toLowerCase()}:${[...a.policies].sort().join(',')}`,
  async preview(a, ctx) {
    const { g, policies, missing } = await read(a, ctx);
    return {
      actionId: 'ca.addExclusion',
      summary: missing.length
        ? `Exclude "${g.displayName}" from ${missing.length} polic${missing.length > 1 ? 'ies' : 'y'}: ${missing.map((p) => `"${p.displayName}"`).join(', ')}`
        : `All ${policies.length} selected policies already exclude "${g.displayName}"`,
      target: {
        type: 'conditionalAccessPolicy',
        id: missing[0]?.id,
        name: missing.map((p) => p.displayName).join(', ') || policies.map((p) => p.displayName).join(', '),
      },
      diff: missing.length
        ? {
            ...excludeGroupsDiff(missing, (p) => [...excludedGroups(p), g.id]),
          }
        : undefined,
      grants: [
        {
          principal: { type: 'group', id: g.id, name: g.displayName },
          gains: `exclusion from ${missing.map((p) => `"${p.displayName}"`).join(', ')}: its members skip ${missing.length > 1 ? 'these policies' : 'this policy'}`,
        },
      ],
      alreadyDone: missing.length === 0,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { g, missing } = await read(a, ctx);
    for (const p of missing) await setExcludedGroups(ctx.tenant, p, [...excludedGroups(p), g.id]);
    return { outputs: { patched: missing.map((p) => p.displayName), groupId: g.id } };
  },
  async reconcile(a, ctx) {
    const { g, missing } = await read(a, ctx);
    return missing.length === 0 ? { applied: true, outputs: { patched: [], groupId: g.id } } : { applied: false };
  },
};
