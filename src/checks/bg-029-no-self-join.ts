/**
 * BG-029: nobody can join the exclusion group by themselves. A member of the exclusion group is exempt from
 * every Conditional Access policy that excludes it; a Microsoft 365 group (groupTypes contains "Unified")
 * whose visibility is Public is one any user can join.
 *
 * Source: the Graph group resource (https://learn.microsoft.com/graph/api/resources/group):
 *  - groupTypes: "If the collection contains Unified, the group is a Microsoft 365 group; otherwise, it's
 *    either a security group or a distribution group";
 *  - visibility: "Specifies the group join policy and group content visibility for groups. Possible values
 *    are: Private, Public, or HiddenMembership … Groups assignable to roles are always Private"; "Returned by
 *    default. Nullable.";
 *  - "Group visibility options": Public — "Anyone can join the group without needing owner permission";
 *    Private and HiddenMembership — "Owner permission is needed to join the group".
 *
 * Verdicts, for the exclusion group and, where one is declared, the layered door's group (BG-025):
 *  - pass: not a Microsoft 365 group (a security group: its members are set by administrators and owners);
 *  - fail: a Microsoft 365 group whose visibility is Public — anyone in the organization can join it;
 *  - warn: a Microsoft 365 group that is Private or HiddenMembership — joining needs an owner, but its
 *    membership is also managed from Microsoft 365 surfaces (Outlook, Teams), not only by directory admins;
 *  - error: the group, its groupTypes or (for a Microsoft 365 group) its visibility could not be read, or the
 *    visibility is a value Microsoft does not document — never a pass on an unknown.
 * As BG-006: an undeclared or unreadable exclusion group is an error, a declared one that does not exist a fail.
 * Not judged: self-service group management for security groups in My Groups (a tenant setting this
 * check does not read).
 */
import type { CheckDefinition } from '../core/check.js';
import type { Group, TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { declaredExclusionGroup } from './declared-group.js';
import { finding, readError, result, type Finding } from './result.js';

const reads = ['group', 'emergencyGroup'];

const GROUP_DOC = 'https://learn.microsoft.com/graph/api/resources/group';

/** One group's finding: how someone could become a member without an administrator. */
function joinFinding(g: Group, label: string): Finding {
  const ref = { type: 'group', id: g.id, name: g.displayName };
  if (!Array.isArray(g.groupTypes))
    return finding(
      ref,
      'error',
      `the ${label}'s groupTypes did not come back, so whether it is a Microsoft 365 group is unknown`,
    );
  if (!g.groupTypes.includes('Unified'))
    return finding(ref, 'pass', `the ${label} is not a Microsoft 365 group: nobody joins it by themselves`);
  // Microsoft spells the third value both "HiddenMembership" and "Hiddenmembership" in the same page.
  const v = typeof g.visibility === 'string' ? g.visibility.toLowerCase() : undefined;
  if (v === 'public')
    return finding(
      ref,
      'fail',
      `the ${label} is a public Microsoft 365 group: anyone in the organization can join it without an owner's approval, and so skip every policy that excludes it (${GROUP_DOC})`,
    );
  if (v === 'private' || v === 'hiddenmembership')
    return finding(
      ref,
      'warn',
      `the ${label} is a ${g.visibility} Microsoft 365 group: joining needs an owner, but its members are also managed from Outlook and Teams, not only by directory administrators — use a security group`,
    );
  return finding(
    ref,
    'error',
    v === undefined
      ? `the ${label} is a Microsoft 365 group whose visibility did not come back, so whether anyone can join it is unknown`
      : `the ${label} is a Microsoft 365 group with undocumented visibility "${g.visibility}", so whether anyone can join it is unknown`,
  );
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-029',
  title: 'Nobody can join the exclusion group by themselves',
  severity: 'critical',
  rationale:
    'A member of the exclusion group is exempt from every Conditional Access policy that excludes it. A public Microsoft 365 group can be joined by anyone in the organization without an owner, which turns the exclusion into a self-service bypass.',
  source: `${GROUP_DOC}; https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access`,
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Use an assigned security group (not a Microsoft 365 group) for the exclusion: create one, move the break-glass accounts into it, point every Conditional Access exclusion at it, and delete the old group. Until then set the Microsoft 365 group to Private (Entra admin center → Groups → the group → Properties → Privacy).';
    const found = declaredExclusionGroup(check, snap, config, remediation);
    if (!('group' in found)) return found;
    const findings = [joinFinding(found.group, 'exclusion group')];
    const layered = config.emergencyGroup?.trim();
    if (layered) {
      if (!snap.emergencyGroup.ok)
        findings.push(
          finding(
            { type: 'group', name: layered },
            'error',
            `could not read the layered exclusion group: ${readError(snap.emergencyGroup)}`,
          ),
        );
      // A declared layered group that does not exist is BG-025's failure; there is nothing here to join.
      else if (snap.emergencyGroup.value)
        findings.push(joinFinding(snap.emergencyGroup.value, 'layered exclusion group'));
    }
    return result(check, {
      findings,
      passReason: findings.map((f) => f.reason).join('; '),
      remediation,
    });
  },
};
