/**
 * Conditional Access policies named in a runbook, read fresh from the tenant: object ids are
 * read one by one, display names are matched exactly against the whole list (an ambiguous or
 * unknown name is an error, never a guess).
 * GET /identity/conditionalAccess/policies[/{id}]
 * (https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies,
 * https://learn.microsoft.com/graph/api/conditionalaccesspolicy-get).
 */
import type { TenantSession } from '../../core/tenant.js';
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
