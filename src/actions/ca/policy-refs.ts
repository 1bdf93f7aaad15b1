/**
 * Conditional Access policies named in a runbook, read fresh from the tenant: object ids are
 * read one by one, display names are matched exactly against the whole list (an ambiguous or
 * unknown name is an error, never a guess).
 * GET /identity/conditionalAccess/policies[/{id}]
 * (https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies,
 * https://learn.microsoft.com/graph/api/conditionalaccesspolicy-get).
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { TenantSession } from '../../core/tenant.js';
import { graphBody } from '../../core/graph-types.js';
import type { CaPolicy } from '../../checks/snapshot.js';
import { GUID, seg } from '../odata.js';

export async function readPolicies(tenant: TenantSession, refs: readonly string[]): Promise<CaPolicy[]> {
  const policies: CaPolicy[] = [];
  let all: CaPolicy[] | undefined;
  for (const ref of refs) {
    if (GUID.test(ref)) {
      policies.push(
        (
          await tenant.graph.request<CaPolicy>({
            method: 'GET',
            path: `/identity/conditionalAccess/policies/${seg(ref)}`,
          })
        ).body,
      );
      continue;
    }
    if (!all) {
      all = [];
      for await (const p of tenant.graph.list<CaPolicy>({ path: '/identity/conditionalAccess/policies' })) all.push(p);
    }
    const named = all.filter((p) => p.displayName === ref);
    if (named.length !== 1) {
      throw new Error(
        named.length
          ? `${named.length} policies are named "${ref}"; give the policy's object id.`
          : `No Conditional Access policy is named "${ref}". Names must match exactly.`,
      );
    }
    policies.push(named[0]!);
  }
  return policies;
}

/** The groups a policy excludes (conditions.users.excludeGroups). */
export const excludedGroups = (p: CaPolicy): string[] => p.conditions?.users?.excludeGroups ?? [];

/** The preview's diff of excludeGroups, before and after `next`, one line per policy. */
export function excludeGroupsDiff(
  policies: readonly CaPolicy[],
  next: (p: CaPolicy) => string[],
): { before: string[]; after: string[] } {
  const line = (p: CaPolicy, ids: string[]) => `${p.displayName}: excludeGroups [${ids.join(', ')}]`;
  return { before: policies.map((p) => line(p, excludedGroups(p))), after: policies.map((p) => line(p, next(p))) };
}

/**
 * Sets a policy's excluded groups, keeping the rest of its user conditions as read.
 * PATCH /identity/conditionalAccess/policies/{id} (https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update).
 */
export async function setExcludedGroups(tenant: TenantSession, p: CaPolicy, groups: string[]): Promise<void> {
  const users = p.conditions?.users ?? {};
  await tenant.graph.request({
    method: 'PATCH',
    path: `/identity/conditionalAccess/policies/${seg(p.id)}`,
    body: graphBody<Graph.ConditionalAccessPolicy>({ conditions: { users: { ...users, excludeGroups: groups } } }),
  });
}
