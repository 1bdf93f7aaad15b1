/**
 * BG-017: the accounts hold nothing but their role: no other group memberships,
 * roles or app role assignments. Licences are computed and reported on every
 * finding, never judged: whether an account needs one (a mailbox to forward
 * alert mail, say) is the tenant's decision.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';
import { RMAU_DOC, unitName, unitsIn } from './admin-units.js';

const reads = ['users', 'group', 'memberOf', 'appRoleAssignments'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-017',
  title: 'Accounts hold nothing else',
  severity: 'medium',
  rationale:
    'The account exists to hold Global Administrator and nothing else; every extra group or app assignment is extra blast radius and a way to change what policies apply to it.',
  source: 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const groupId = snap.group.ok && snap.group.value ? snap.group.value.id : undefined;
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.memberOf.ok) return finding(ref, 'error', `could not read memberships: ${readError(a.memberOf)}`);
      if (!a.appRoleAssignments.ok)
        return finding(ref, 'error', `could not read app role assignments: ${readError(a.appRoleAssignments)}`);
      const type = (o: { '@odata.type'?: string }) => (o['@odata.type'] ?? '').replace('#microsoft.graph.', '');
      // Fail closed: memberOf lists groups, directory roles and administrative units
      // (https://learn.microsoft.com/graph/api/user-list-memberof); anything else, or nothing said, is not judged as fine.
      const odd = a.memberOf.value.filter((o) => !['group', 'directoryRole', 'administrativeUnit'].includes(type(o)));
      if (odd.length)
        return finding(
          ref,
          'error',
          `membership(s) of unknown type: ${odd.map((o) => `${o.displayName ?? o.id} (${o['@odata.type'] ?? 'no @odata.type'})`).join(', ')}`,
        );
      const units = unitsIn(a.memberOf.value);
      if (units.unknown.length)
        return finding(
          ref,
          'error',
          `member of administrative unit ${units.unknown.map(unitName).join(', ')} whose restriction could not be read`,
        );
      const groups = a.memberOf.value.filter((o) => type(o) === 'group' && o.id !== groupId);
      const roles = a.memberOf.value.filter(
        (o) => type(o) === 'directoryRole' && o.displayName !== 'Global Administrator',
      );
      const apps = a.appRoleAssignments.value;
      const skus = (u.assignedLicenses ?? []).map((l) => l.skuId);
      const lic = skus.length ? `licences (reported, not judged): ${skus.join(', ')}` : 'no licences';
      if (groups.length)
        return finding(
          ref,
          'fail',
          `other group membership(s): ${groups.map((g) => g.displayName ?? g.id).join(', ')}${groupId ? '' : ' (exclusion group unknown, so it is listed too)'}; ${lic}`,
        );
      const extras = [
        // A Global Administrator in a restricted management unit "can't have their password reset by any other
        // administrator in the system" until it is taken out (RMAU_DOC, Limitations): rotation and key
        // enrolment would be refused.
        ...(units.restricted.length
          ? [
              `in restricted management administrative unit ${units.restricted.map(unitName).join(', ')}: no administrator can reset or change this account while it is there — take it out before rotating its credentials or enrolling a key (${RMAU_DOC})`,
            ]
          : []),
        ...(units.open.length
          ? [
              `member of administrative unit ${units.open.map(unitName).join(', ')} (administrators scoped to it gain reach)`,
            ]
          : []),
        ...(roles.length ? [`other directory role(s): ${roles.map((r) => r.displayName ?? r.id).join(', ')}`] : []),
        ...(apps.length
          ? [`app role assignment(s): ${apps.map((x) => x.resourceDisplayName ?? x.resourceId ?? x.id).join(', ')}`]
          : []),
      ];
      if (extras.length) return finding(ref, 'warn', `${extras.join('; ')}; ${lic}`);
      return finding(ref, 'pass', `no other memberships or app assignments; ${lic}`);
    });
    return result(check, {
      findings,
      passReason: 'the accounts hold nothing beyond their role and the exclusion group',
      remediation: 'Remove the accounts from the listed groups, roles and applications.',
    });
  },
};
