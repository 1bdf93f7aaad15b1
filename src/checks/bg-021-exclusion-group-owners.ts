/**
 * BG-021: nobody but the declared emergency app or a break-glass account owns
 * the exclusion group. Group owners can add members
 * (https://learn.microsoft.com/graph/api/group-post-members lists "Group owners"
 * among the roles that may), and a member of the exclusion group is exempt from
 * every Conditional Access policy that excludes it — an owner is a route around
 * the exclusion. Owners of a role-assignable group can manage its membership
 * too ("you can delegate the management of role-assignable groups by adding
 * group owners", https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
 */
import type { CheckDefinition } from '../core/check.js';
import type { DirObject, TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { declaredExclusionGroup } from './declared-group.js';
import { errorResult, finding, readError, result, type Finding } from './result.js';
import { GROUP_MANAGING_ROLES, RMAU_DOC, groupManagersOf, unitName, unitsIn } from './admin-units.js';

const reads = ['users', 'group', 'groupOwners', 'groupUnits', 'unitRoles', 'emergencyAppSp'];

const kindOf = (o: DirObject): string | undefined =>
  typeof o['@odata.type'] === 'string' ? o['@odata.type'].replace('#microsoft.graph.', '') : undefined;

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-021',
  title: 'Only the emergency app or a break-glass account owns the exclusion group',
  severity: 'critical',
  rationale:
    'An owner of the exclusion group can add any user to it, and that user is then exempt from every policy that excludes the group. The owners are as powerful as the exclusion itself.',
  source:
    'https://learn.microsoft.com/graph/api/group-post-members; https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept; https://learn.microsoft.com/graph/api/group-list-owners; https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Remove every owner of the exclusion group that is not the declared emergency app or a break-glass account (Entra admin center → Groups → Owners, or DELETE /groups/{id}/owners/{id}/$ref).';
    const found = declaredExclusionGroup(check, snap, config, remediation);
    if (!('group' in found)) return found;
    const g = found.group;
    if (!snap.groupOwners.ok)
      return errorResult(
        check,
        `could not read the owners of ${g.displayName}: ${readError(snap.groupOwners)}`,
        remediation,
      );
    const accounts = new Map<string, string>();
    const findings: Finding[] = [];
    for (const a of snap.accounts) {
      if (a.user.ok && a.user.value) accounts.set(a.user.value.id.toLowerCase(), a.user.value.userPrincipalName);
      else if (!a.user.ok)
        findings.push(
          finding(
            { type: 'user', name: a.upn },
            'error',
            `could not read the account, so its ownership cannot be judged: ${readError(a.user)}`,
          ),
        );
    }
    const app = config.emergencyApp?.trim().toLowerCase();
    // In a restricted management administrative unit, owners cannot manage the group; administrators assigned
    // a group-managing role at the unit's scope can (RMAU_DOC, "Who can modify objects?").
    const restricted = snap.groupUnits.ok ? unitsIn(snap.groupUnits.value).restricted : [];
    const where = restricted.map(unitName).join(', ');
    for (const o of snap.groupOwners.value) {
      if (restricted.length) {
        const name = o.userPrincipalName ?? o.displayName ?? o.appId ?? o.id;
        findings.push(
          finding(
            { type: kindOf(o) ?? 'directoryObject', id: o.id, name },
            accounts.has(o.id.toLowerCase()) ? 'pass' : 'warn',
            `owner, but cannot change the group while it is in restricted management administrative unit ${where}; taken out of the unit, it could add anyone`,
          ),
        );
        continue;
      }
      const kind = kindOf(o);
      const name = o.userPrincipalName ?? o.displayName ?? o.appId ?? o.id;
      const ref = { type: kind ?? 'directoryObject', id: o.id, name };
      if (!kind) {
        findings.push(finding(ref, 'error', 'owner returned without an @odata.type: cannot tell what it is'));
        continue;
      }
      if (kind === 'user' && accounts.has(o.id.toLowerCase()))
        findings.push(finding(ref, 'pass', 'a break-glass account'));
      else if (
        kind === 'servicePrincipal' &&
        app &&
        (lc(o.appId) === app || o.id.toLowerCase() === app || lc(o.displayName) === app)
      )
        findings.push(finding(ref, 'pass', 'the declared emergency app'));
      else if (kind === 'servicePrincipal' && !app)
        // Which application is the emergency app is declared, not guessed: without a declaration
        // a service-principal owner is reported, not judged.
        findings.push(
          finding(
            ref,
            'warn',
            'service principal owns the exclusion group and can add anyone to it — declare it as the emergency app (--emergency-app or "emergencyApp") if it is, otherwise remove it',
          ),
        );
      else findings.push(finding(ref, 'fail', `${kind} owns the exclusion group and can add anyone to it`));
    }
    const gref = { type: 'group', id: g.id, name: g.displayName };
    if (!snap.groupUnits.ok)
      findings.push(
        finding(
          gref,
          'error',
          `could not read the administrative units holding the group, so who else can change it is unknown: ${readError(snap.groupUnits)}`,
        ),
      );
    if (restricted.length) {
      if (!snap.unitRoles.ok)
        findings.push(
          finding(gref, 'error', `could not read the roles scoped to ${where}: ${readError(snap.unitRoles)}`),
        );
      else
        for (const r of groupManagersOf(restricted, snap.unitRoles.value)) {
          const p = r.roleMemberInfo;
          const name = p.displayName ?? p.id;
          const role = `${GROUP_MANAGING_ROLES[r.roleId]} scoped to ${where}`;
          const ref = { type: 'directoryObject', id: p.id, name };
          if (accounts.has(p.id.toLowerCase())) findings.push(finding(ref, 'pass', `a break-glass account (${role})`));
          else if (
            app &&
            (p.id.toLowerCase() === app ||
              lc(p.displayName) === app ||
              (snap.emergencyAppSp.ok && lc(snap.emergencyAppSp.value?.id) === p.id.toLowerCase()))
          )
            findings.push(finding(ref, 'pass', `the declared emergency app (${role}): the one door into the group`));
          else findings.push(finding(ref, 'fail', `holds ${role} and can add anyone to the group (${RMAU_DOC})`));
        }
    }
    if (snap.groupOwners.value.length === 0) findings.push(finding(gref, 'pass', 'no owners'));
    return result(check, {
      findings,
      objects: [gref, ...findings.map((f) => f.object).filter((o) => o !== gref)],
      passReason: `${g.displayName} is owned by ${snap.groupOwners.value.length ? 'only the emergency app and break-glass accounts' : 'nobody'}`,
      remediation,
    });
  },
};

function lc(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}
