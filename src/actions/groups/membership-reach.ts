/**
 * What a group's membership carries, read before anyone is added: a new member gains it with
 * the membership, so the preview names it and the operator approves it by name.
 *
 *  - Directory roles the group holds, active or eligible. Only a role-assignable group can hold
 *    them, and every member then has them
 *    (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
 *    GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}'
 *    (https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments) and
 *    GET /roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '{id}'
 *    (https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityschedules).
 *  - Conditional Access policies, on or report-only, that exclude the group
 *    (conditions.users.excludeGroups, https://learn.microsoft.com/graph/api/resources/conditionalaccessusers):
 *    a member signs in without them.
 *    GET /identity/conditionalAccess/policies (https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies).
 *
 * A read that fails is reported as unread, never as "carries nothing". A tenant without Entra ID P1
 * has no Conditional Access (https://learn.microsoft.com/entra/identity/conditional-access/overview#license-requirements):
 * no policy can exclude the group there, so that answer is not an unknown.
 */
import type { TenantSession } from '../../core/tenant.js';
import type { CaPolicy } from '../../checks/snapshot.js';
import { entraRoleName } from '../../config/entra-roles.js';
import { LICENCE_ERRORS } from '../../config/permission-table.js';
import { odataString } from '../odata.js';
import { excludedGroups } from '../ca/policy-refs.js';

export interface MembershipReach {
  /** "Global Administrator", "Security Reader (eligible)", "… at /administrativeUnits/…". */
  roles: string[];
  /** Display names of the policies that exclude the group; report-only ones say so. */
  excludedFrom: string[];
  /** What could not be read, with why: the preview shows it loudly. */
  unread: string[];
}

interface RoleGrant {
  roleDefinitionId?: string;
  directoryScopeId?: string;
}

function roleLabel(r: RoleGrant, eligible: boolean): string {
  const id = (r.roleDefinitionId ?? '').toLowerCase();
  const name = entraRoleName(id) ?? `the role ${id}`;
  const scope = r.directoryScopeId && r.directoryScopeId !== '/' ? ` at ${r.directoryScopeId}` : '';
  return `${name}${scope}${eligible ? ' (eligible)' : ''}`;
}

function why(e: unknown): string {
  const err = e as { status?: number; message?: string };
  return err.status ? `HTTP ${err.status}` : (err.message ?? String(e)).slice(0, 120);
}

const noConditionalAccess = (e: unknown): boolean => {
  const err = e as { status?: number; code?: string };
  return err.status === LICENCE_ERRORS.premiumP1.status && err.code === LICENCE_ERRORS.premiumP1.code;
};

export async function membershipReach(
  tenant: TenantSession,
  group: { id: string; isAssignableToRole?: boolean | null },
): Promise<MembershipReach> {
  const out: MembershipReach = { roles: [], excludedFrom: [], unread: [] };
  if (group.isAssignableToRole) {
    const filter = { $filter: `principalId eq ${odataString(group.id)}` };
    const reads: [string, string, boolean][] = [
      ['/roleManagement/directory/roleAssignments', 'the roles the group holds', false],
      ['/roleManagement/directory/roleEligibilitySchedules', 'the roles the group is eligible for', true],
    ];
    for (const [path, what, eligible] of reads) {
      try {
        for await (const r of tenant.graph.list<RoleGrant>({ path, query: filter }))
          out.roles.push(roleLabel(r, eligible));
      } catch (e) {
        out.unread.push(`${what} (${why(e)})`);
      }
    }
  }
  try {
    for await (const p of tenant.graph.list<CaPolicy>({ path: '/identity/conditionalAccess/policies' })) {
      if (p.state === 'disabled' || !excludedGroups(p).includes(group.id)) continue;
      out.excludedFrom.push(p.state === 'enabled' ? p.displayName : `${p.displayName} (report-only)`);
    }
  } catch (e) {
    if (!noConditionalAccess(e)) out.unread.push(`which Conditional Access policies exclude the group (${why(e)})`);
  }
  return out;
}
