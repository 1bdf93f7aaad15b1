/** BG-006: the exclusion group is an assigned (not dynamic) security group whose members are exactly the declared accounts. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { declaredExclusionGroup } from './declared-group.js';
import { errorResult, finding, NO_ACCOUNTS, readError, result, type Finding } from './result.js';
import { licenceGate, needsReason, unknownReason } from './licences.js';
import { RMAU_DOC, unitName, unitsIn } from './admin-units.js';

const reads = ['users', 'group', 'groupMembers', 'groupUnits', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-006',
  title: 'Exclusion group is assigned and holds exactly the accounts',
  severity: 'critical',
  rationale:
    'The group every CA policy excludes is the one object to manage and audit. A dynamic rule can silently empty or balloon it; an extra member is an account exempt from Conditional Access. A role-assignable group can only be changed by privileged role admins.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access; https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept; https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      'Use one assigned, role-assignable security group whose only members are the break-glass accounts; remove any other member.';
    const found = declaredExclusionGroup(check, snap, config, remediation);
    if (!('group' in found)) return found;
    const g = found.group;
    const gref = { type: 'group', id: g.id, name: g.displayName };
    const findings: Finding[] = [];
    if ((g.groupTypes ?? []).includes('DynamicMembership'))
      findings.push(
        finding(gref, 'fail', `dynamic membership (${g.membershipRule ?? 'rule'}) — use assigned membership`),
      );
    if (g.securityEnabled === false) findings.push(finding(gref, 'fail', 'not a security group'));
    // A restricted management administrative unit changes who can change the group: nobody outside the roles
    // scoped to it, and nobody at all for a role-assignable group (RMAU_DOC, Limitations).
    const units = snap.groupUnits.ok ? unitsIn(snap.groupUnits.value) : undefined;
    if (!snap.groupUnits.ok)
      findings.push(
        finding(
          gref,
          'error',
          `could not read the administrative units holding the group, so who can change its members is unknown: ${readError(snap.groupUnits)}`,
        ),
      );
    else if (units!.unknown.length)
      findings.push(
        finding(
          gref,
          'error',
          `in administrative unit ${units!.unknown.map(unitName).join(', ')} whose restriction could not be read (needs Directory.Read.All or AdministrativeUnit.Read.All)`,
        ),
      );
    const restricted = units?.restricted ?? [];
    if (restricted.length && g.isAssignableToRole)
      findings.push(
        finding(
          gref,
          'fail',
          `role-assignable and in restricted management administrative unit ${restricted.map(unitName).join(', ')}: nobody can change its members there, so no emergency door can add a user to it — take it out of the unit, or use a non-role-assignable group in the unit (${RMAU_DOC})`,
        ),
      );
    else if (restricted.length)
      findings.push(
        finding(
          gref,
          'pass',
          `not role-assignable, but in restricted management administrative unit ${restricted.map(unitName).join(', ')}: only administrators assigned a role at its scope can change its members (BG-021 names them)`,
        ),
      );
    if (!g.isAssignableToRole && !restricted.length) {
      // Role-assignable groups need Microsoft Entra ID P1 ("Using this feature requires a Microsoft
      // Entra ID P1 license", https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept):
      // where the tenant cannot have one, the plain group the small-business runbook builds is right.
      const gate = licenceGate(snap, 'P1');
      if (gate.kind === 'missing')
        findings.push(
          finding(
            gref,
            'not-applicable',
            `not role-assignable: a role-assignable group ${needsReason('P1', 'role-assignable groups', gate.how)}; watch its members and owners (BG-021)`,
          ),
        );
      else
        findings.push(
          finding(
            gref,
            gate.kind === 'unknown' ? 'error' : 'warn',
            gate.kind === 'unknown'
              ? `not role-assignable, and ${unknownReason('P1', gate.error)}`
              : 'not role-assignable: Groups Administrators and group owners can add members (and so exempt them from CA)',
          ),
        );
    }
    if (!snap.groupMembers.ok) {
      findings.push(finding(gref, 'error', `could not read members: ${readError(snap.groupMembers)}`));
      return result(check, { findings, objects: [gref], remediation });
    }
    const members = snap.groupMembers.value;
    const declared = new Map<string, string>(); // id → upn
    for (const a of snap.accounts) {
      if (!a.user.ok)
        findings.push(
          finding({ type: 'user', name: a.upn }, 'error', `could not read the account: ${readError(a.user)}`),
        );
      else if (a.user.value) declared.set(a.user.value.id, a.user.value.userPrincipalName);
    }
    const memberIds = new Set(members.map((m) => m.id));
    for (const [id, upn] of declared)
      if (!memberIds.has(id))
        findings.push(finding({ type: 'user', id, name: upn }, 'fail', 'declared account is not a member'));
    for (const m of members) {
      if (declared.has(m.id)) continue;
      const kind = (m['@odata.type'] ?? '#microsoft.graph.user').replace('#microsoft.graph.', '');
      findings.push(
        finding(
          { type: kind, id: m.id, name: m.userPrincipalName ?? m.displayName ?? m.id },
          'fail',
          `unexpected ${kind} member of the exclusion group`,
        ),
      );
    }
    if (!findings.some((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable'))
      findings.push(
        finding(
          gref,
          'pass',
          `assigned${g.isAssignableToRole ? ', role-assignable' : ''}; ${members.length} member(s), exactly the accounts`,
        ),
      );
    return result(check, {
      findings,
      objects: [gref, ...findings.filter((f) => f.object !== gref).map((f) => f.object)],
      passReason: `${g.displayName} holds exactly the ${declared.size} accounts`,
      remediation,
    });
  },
};
