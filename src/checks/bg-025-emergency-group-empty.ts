/**
 * BG-025: the layered door's exclusion group (runbook service-principal-layered)
 * is empty. Outside an emergency it holds nobody: a member is out of every
 * Conditional Access policy that excludes the group, with nothing to show for
 * it but this check and the audit alert. The emergency runbook adds one user
 * and removes them when the incident is over ("Close the layered door"); a
 * member found here is either a door left open after an emergency or someone
 * who used the certificate — a Global Administrator credential, since the
 * emergency app holds RoleManagement.ReadWrite.Directory
 * (https://learn.microsoft.com/graph/permissions-reference#rolemanagementreadwritedirectory).
 * Members are read as Microsoft documents (https://learn.microsoft.com/graph/api/group-list-members);
 * Conditional Access exclusions of groups: https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-users-groups.
 * Not applicable where no layered door is declared (`emergencyGroup`).
 */
import type { CheckDefinition } from '../core/check.js';
import type { DirObject, TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { errorResult, finding, notApplicable, readError, result } from './result.js';

const reads = ['emergencyGroup', 'emergencyGroupMembers'];

const kindOf = (o: DirObject): string =>
  typeof o['@odata.type'] === 'string' ? o['@odata.type'].replace('#microsoft.graph.', '') : 'directoryObject';

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-025',
  title: "The layered door's exclusion group is empty outside an emergency",
  severity: 'critical',
  rationale:
    'A member of the layered exclusion group is exempt from every Conditional Access policy that excludes it. The emergency runbook adds one user for the incident and removes them afterwards; anyone still in the group is a door left open, or a sign that the emergency certificate was used.',
  source:
    'https://learn.microsoft.com/graph/api/group-list-members; https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-users-groups; https://learn.microsoft.com/graph/permissions-reference#rolemanagementreadwritedirectory',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const declared = config.emergencyGroup?.trim();
    if (!declared) return notApplicable(check, 'no layered exclusion group is declared (emergencyGroup)');
    const remediation =
      'Outside an emergency, remove every member of the layered exclusion group (Entra admin center → Groups → the group → Members → Remove), then find out who added them: the audit log names the actor, and an addition by the emergency app means its certificate was used — rotate it.';
    if (!snap.emergencyGroup.ok)
      return errorResult(
        check,
        `could not read the layered exclusion group: ${readError(snap.emergencyGroup)}`,
        remediation,
      );
    const g = snap.emergencyGroup.value;
    if (g === null)
      return result(check, {
        verdict: 'fail',
        reason: `layered exclusion group "${declared}" does not exist`,
        objects: [{ type: 'group', name: declared }],
        remediation: 'Declare the object id of the group the service-principal-layered runbook created.',
      });
    const gref = { type: 'group', id: g.id, name: g.displayName };
    if (!snap.emergencyGroupMembers.ok)
      return errorResult(
        check,
        `could not read the members of ${g.displayName}: ${readError(snap.emergencyGroupMembers)}`,
        remediation,
      );
    const members = snap.emergencyGroupMembers.value;
    const findings = members.map((m) =>
      finding(
        { type: kindOf(m), id: m.id, name: m.userPrincipalName ?? m.displayName ?? m.id },
        'fail',
        'is a member: exempt from every policy that excludes the layered group — remove them unless an emergency is under way',
      ),
    );
    if (!members.length) findings.push(finding(gref, 'pass', 'no members'));
    return result(check, {
      findings,
      objects: [gref, ...findings.map((f) => f.object).filter((o) => o !== gref)],
      passReason: `${g.displayName} is empty`,
      remediation,
    });
  },
};
