/** BG-003: each account holds a permanent, active Global Administrator assignment (not PIM-eligible, no end date). */
import type { CheckDefinition } from '../core/check.js';
import { GLOBAL_ADMIN_ROLE, type TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, day, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'roleAssignments.ga', 'roleInstances.ga', 'roleEligibility.ga', 'transitiveMemberOf'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-003',
  title: 'Permanent active Global Administrator',
  severity: 'critical',
  rationale:
    'PIM activation depends on the very systems (Conditional Access, MFA, PIM) a break-glass account must bypass; an eligible-only or expiring assignment may be unusable in the emergency.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access; https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-how-to-add-role-to-user',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const { roleAssignments: ra, roleInstances: ri, roleEligibility: re } = snap;
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!ra.ok) return finding(ref, 'error', `could not read Global Administrator assignments: ${readError(ra)}`);
      // Without Entra ID P2 there is no PIM: every active assignment is a plain, permanent one.
      const noPim = !ri.ok && ri.licence !== undefined;
      if (!ri.ok && !noPim) return finding(ref, 'error', `could not read assignment schedules: ${readError(ri)}`);
      const instances = ri.ok ? ri.value : [];
      const groups = a.transitiveMemberOf.ok ? new Set(a.transitiveMemberOf.value.map((g) => g.id)) : undefined;
      const ga = (x: { roleDefinitionId: string }) => x.roleDefinitionId === GLOBAL_ADMIN_ROLE;
      const direct = ra.value.filter((x) => ga(x) && x.principalId === u.id);
      const viaGroup = groups ? ra.value.filter((x) => ga(x) && groups.has(x.principalId)) : [];
      if (direct.length === 0 && viaGroup.length === 0) {
        if (!a.transitiveMemberOf.ok)
          return finding(
            ref,
            'error',
            `no direct assignment, and group memberships could not be read: ${readError(a.transitiveMemberOf)}`,
          );
        if (!re.ok && re.licence !== undefined)
          return finding(
            ref,
            'fail',
            'not a Global Administrator (the tenant has no Entra ID P2, so no PIM eligibility)',
          );
        const elig = re.ok
          ? re.value.filter((x) => ga(x) && (x.principalId === u.id || groups?.has(x.principalId)))
          : [];
        if (elig.length) return finding(ref, 'fail', 'Global Administrator is only PIM-eligible, not active');
        if (!re.ok)
          return finding(
            ref,
            'fail',
            `no active Global Administrator assignment (eligibility unreadable: ${re.error})`,
          );
        return finding(ref, 'fail', 'not a Global Administrator');
      }
      const principals = new Set([...direct, ...viaGroup].map((x) => x.principalId));
      const inst = instances.filter((x) => ga(x) && principals.has(x.principalId));
      const permanent = inst.filter((x) => !x.endDateTime && (x.assignmentType ?? 'Assigned') === 'Assigned');
      if (inst.length > 0 && permanent.length === 0) {
        const ends = inst.map((x) => x.endDateTime).filter(Boolean) as string[];
        const activated = inst.some((x) => x.assignmentType === 'Activated');
        return finding(
          ref,
          'fail',
          activated
            ? 'Global Administrator is active only through a PIM activation'
            : `active assignment expires ${ends.map(day).join(', ')}`,
        );
      }
      if (direct.length === 0)
        return finding(
          ref,
          'warn',
          'Global Administrator only through a role-assignable group — assign it directly so a membership change cannot remove it',
        );
      return finding(ref, 'pass', 'permanent active Global Administrator');
    });
    return result(check, {
      findings,
      passReason: 'every account is a permanent active Global Administrator',
      remediation:
        'Assign Global Administrator to each account as a permanent active assignment (roleAssignmentScheduleRequests action adminAssign, expiration noExpiration) — not eligible.',
    });
  },
};
