/**
 * What each action, query and check read declares equals the permission
 * table for the calls it makes (src/config/permission-table.ts): for every
 * call, the declared Graph permissions hold one of the sets Microsoft
 * documents — for a delegated caller and, where Microsoft documents app-only
 * use, for an application — and every declared permission is needed by some
 * call; the same for the Log Analytics scope. ARM declarations name exactly
 * the roles the table lists (with the workspace role of a Log Analytics query
 * the declarer makes alongside its ARM calls). No implied supersets: the
 * practice tenant enforces the same exact sets.
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ACTIONS } from '../src/actions/index.js';
import { BUILT_IN_QUERIES } from '../src/queries/index.js';
import { READS, type ReadKey } from '../src/checks/reads.js';
import { acceptedSets, permissionRow, type PermissionRow } from '../src/config/permission-table.js';
import type { PermissionSet, SuggestionSource } from '../src/core/runbook.js';
import { SUGGESTION_CALLS, SUGGESTION_PERMISSIONS } from '../src/config/suggestion-permissions.js';

/** The calls each declarer makes (row ids), read from its source. */
const READ_CALLS: Partial<Record<ReadKey, string[]>> = {
  organization: ['organization.list'],
  users: ['user.get'],
  signInActivity: ['user.get.signInActivity'],
  signIns: ['signIns.list.beta'],
  methods: ['user.authMethods.list'],
  fido2Methods: ['user.fido2Methods.list'],
  tapMethods: ['user.tapMethods.list'],
  memberOf: ['user.memberOf.list'],
  transitiveMemberOf: ['user.transitiveMemberOf.list'],
  appRoleAssignments: ['user.appRoleAssignments.list'],
  ownedObjects: ['user.ownedObjects.list'],
  'roleAssignments.ga': ['roleAssignments.list'],
  'roleInstances.ga': ['roleAssignmentScheduleInstances.list'],
  'roleEligibility.ga': ['roleEligibilitySchedules.list'],
  gaPrincipals: ['directoryObject.get', 'group.members.list.beta'],
  group: ['group.get', 'group.list.byName'],
  groupMembers: ['group.members.list.beta'],
  groupOwners: ['group.owners.list'],
  emergencyGroup: ['group.get', 'group.list.byName'],
  emergencyGroupMembers: ['group.members.list.beta'],
  groupUnits: ['group.memberOf.list'],
  unitRoles: ['administrativeUnit.scopedRoleMembers.list'],
  emergencyAppSp: ['servicePrincipals.list'],
  caPolicies: ['ca.policies.list'],
  securityDefaults: ['securityDefaults.get'],
  authMethodsPolicy: ['authMethodsPolicy.get'],
  accessReviews: ['accessReviews.definitions.list'],
  diagnosticSettings: ['aadiam.diagnosticSettings.list'],
  alertRules: ['sentinel.alertRules.list'],
  scheduledQueryRules: ['insights.scheduledQueryRules.listBySubscription'],
  actionGroups: ['insights.actionGroups.listBySubscription'],
  automationRules: ['sentinel.automationRules.list'],
  whatIf: ['ca.evaluate'],
  bgApp: [
    'applications.list',
    'servicePrincipals.list',
    'application.owners.list',
    'servicePrincipal.owners.list',
    'roleAssignments.list',
    'servicePrincipal.appRoleAssignments.list',
  ],
  bgAppAzure: ['authorization.roleAssignments.list'],
  // The workspace read (customerId), then the Log Analytics query (src/checks/fetch-log-arrivals.ts,
  // fetch-probes.ts, fetch-bg-app.ts).
  logArrivals: ['logAnalytics.workspace.get', 'logAnalytics.query'],
  alertProbes: ['logAnalytics.workspace.get', 'logAnalytics.query'],
  bgAppProbes: ['logAnalytics.workspace.get', 'logAnalytics.query'],
};

const FIND_USER = ['user.get'];
const FIND_GROUP = ['group.get', 'group.list.byName'];
const ACTION_CALLS: Record<string, string[]> = {
  'app.createEmergency': [
    'applications.list',
    'application.create',
    'servicePrincipals.list',
    'servicePrincipal.create',
  ],
  'app.addCertificate': ['applications.list', 'application.get.keyCredentials', 'application.update'],
  'app.removeCredential': [
    'applications.list',
    'application.get.keyCredentials',
    'application.update',
    'application.removePassword',
  ],
  'app.addSecret': ['applications.list', 'application.get.keyCredentials', 'application.addPassword'],
  'app.createBreakGlass': [
    'applications.list',
    'application.create',
    'servicePrincipals.list',
    'servicePrincipal.create',
  ],
  'role.assignToServicePrincipal': ['servicePrincipals.list', 'roleAssignments.list', 'roleAssignment.create'],
  'app.removeOwners': [
    'applications.list',
    'servicePrincipals.list',
    'application.owners.list',
    'application.owner.remove',
    'servicePrincipal.owners.list',
    'servicePrincipal.owner.remove',
  ],
  'app.grantConsent': [
    'servicePrincipals.list',
    'servicePrincipal.appRoleAssignments.list',
    'servicePrincipal.appRoleAssignment.create',
  ],
  'tap.create': [...FIND_USER, 'user.tapMethods.list', 'user.tap.create'],
  'tap.delete': [...FIND_USER, 'user.tapMethods.list', 'user.tap.delete'],
  'authMethods.enableForGroup': [...FIND_GROUP, 'authMethodConfig.get', 'authMethodConfig.update'],
  'ca.addExclusion': [...FIND_GROUP, 'ca.policies.list', 'ca.policy.get', 'ca.policy.update'],
  'group.addMemberById': ['group.member.add', 'group.member.add.roleAssignable'],
  'group.addMembers': [
    ...FIND_GROUP,
    ...FIND_USER,
    'group.members.list',
    'group.member.add',
    'group.member.add.roleAssignable',
    // The preview's reach (src/actions/groups/membership-reach.ts).
    'roleAssignments.list',
    'roleEligibilitySchedules.list',
    'ca.policies.list',
  ],
  'group.create': [...FIND_GROUP, 'group.create', 'group.create.roleAssignable'],
  'user.createBreakGlass': [...FIND_USER, 'user.create'],
  'user.setPassword': [...FIND_USER, 'user.update.passwordProfile'],
  // GET /users/{id}?$select=id,passwordPolicies is the user.get row (not basic profile).
  'user.disablePasswordExpiration': [...FIND_USER, 'user.update.passwordPolicies'],
  'monitoring.entraDiagnostics': ['aadiam.diagnosticSetting.get', 'aadiam.diagnosticSetting.put'],
  'ca.createWorkloadIdentityPolicy': [
    'servicePrincipals.list',
    'ca.policies.list',
    'ca.policy.create',
    'ca.policy.create.workloadIdentity',
  ],
  'role.assignGlobalAdmin': [...FIND_USER, 'roleAssignments.list', 'roleAssignmentScheduleRequests.create'],
  'group.addOwner': [
    ...FIND_GROUP,
    'servicePrincipals.list',
    'group.owners.list',
    'group.owner.add',
    'group.owner.add.roleAssignable',
  ],
  'authMethods.limitToGroup': [...FIND_GROUP, 'authMethodConfig.get', 'authMethodConfig.update'],
  'authMethods.restore': ['authMethodConfig.get', 'authMethodConfig.update'],
  'ca.removeExclusion': [...FIND_GROUP, 'ca.policies.list', 'ca.policy.get', 'ca.policy.update'],
  'governance.accessReview': [
    ...FIND_GROUP,
    ...FIND_USER,
    'accessReviews.definitions.list',
    'accessReviews.definitions.create',
  ],
  'monitoring.actionGroup': ['insights.actionGroup.get', 'insights.actionGroup.put'],
  'monitoring.alertRule': [
    'insights.scheduledQueryRule.get',
    'insights.scheduledQueryRule.put',
    'sentinel.alertRule.get',
    'sentinel.alertRule.put',
  ],
  'azureRole.assignToServicePrincipal': [
    'servicePrincipals.list',
    'authorization.roleAssignments.list',
    'authorization.roleAssignment.put',
  ],
};
const QUERY_CALLS: Record<string, string[]> = {
  'signins.history': [...FIND_USER, 'signIns.list'],
  'tenant.info': ['organization.list', 'securityDefaults.get'],
  'fido2.registered': [...FIND_USER, 'user.fido2Methods.list'],
  'roles.globalAdminEffective': ['roleAssignments.list'],
  'app.proveToken': ['applications.list'],
  'app.auditTrail': ['directoryAudits.list'],
  'audit.actionsByAccounts': ['directoryAudits.list'],
  'authMethods.policy': ['authMethodsPolicy.get'],
  'methods.inventory': [...FIND_USER, 'user.authMethods.list'],
  'ca.exclusionPlan': [
    ...FIND_GROUP,
    'group.members.list',
    ...FIND_USER,
    'user.transitiveMemberOf.list',
    'user.fido2Methods.list',
    'ca.policies.list',
  ],
  'drill.start': [],
  'signins.arrived': ['logAnalytics.query'],
  'app.signInsArrived': ['logAnalytics.workspace.get', 'logAnalytics.query'],
  // Sentinel incidents (sentinel: true) or Azure Monitor alerts.
  'alert.fired': ['sentinel.incidents.list', 'alertsManagement.alerts.list'],
};

/**
 * Declarers whose calls are not listed yet, each with why: they are not compared with the table.
 * Listed on 2026-12-06 when this test became exhaustive; map one and remove it here.
 */
const UNMAPPED: { actions: Record<string, string>; queries: Record<string, string>; reads: Record<string, string> } = {
  actions: {},
  queries: {},
  reads: {},
};

type Kind = 'delegated' | 'application';

function kindsOf(row: PermissionRow): Kind[] {
  return row.application && row.application.least.length > 0 ? ['delegated', 'application'] : ['delegated'];
}

/** Problems with a Graph (or Log Analytics) declaration for these calls (empty = equal to the table). */
function scopeProblems(declared: string[], calls: string[], apis: readonly PermissionRow['api'][]): string[] {
  const rows = calls.map(permissionRow).filter((r) => apis.includes(r.api));
  const has = (set: string[], perms: string[]): boolean =>
    set.every((p) => perms.some((d) => d.toLowerCase() === p.toLowerCase()));
  const ok = (perms: string[], r: PermissionRow, k: Kind): boolean => acceptedSets(r, k).some((s) => has(s, perms));
  const out: string[] = [];
  for (const r of rows)
    for (const k of kindsOf(r))
      if (!ok(declared, r, k))
        out.push(
          `not enough for ${r.id} (${k}): needs one of ${acceptedSets(r, k)
            .map((s) => s.join(' + '))
            .join(' | ')}`,
        );
  for (const p of declared) {
    const without = declared.filter((d) => d !== p);
    if (rows.every((r) => kindsOf(r).every((k) => ok(without, r, k)))) out.push(`${p} is not needed by any call`);
  }
  return out;
}

function armProblems(declared: string[], calls: string[]): string[] {
  const all = calls.map(permissionRow);
  // The Log Analytics query is authorized by an Azure role on the workspace too. A declarer that also calls ARM
  // names it with its ARM roles; one that calls only the Logs API has no ARM token to ask for (an `arm` entry
  // adds the ARM scope to the sign-in), so its workspace role is not compared here.
  const rows = all.some((r) => r.api === 'arm') ? all.filter((r) => r.api === 'arm' || r.api === 'logs') : [];
  const want = new Set<string>();
  for (const r of rows) {
    for (const role of r.entraRoles) want.add(`${role} (Microsoft Entra role)`);
    for (const rbac of r.azureRbac ?? []) want.add(rbac.replace(/\s*\(.*$/, ''));
  }
  const have = new Set(declared);
  return [
    ...[...want].filter((w) => !have.has(w)).map((w) => `missing ${w}`),
    ...[...have].filter((h) => !want.has(h)).map((h) => `${h} is not in the table`),
  ];
}

function check(name: string, p: Partial<PermissionSet>, calls: string[]): string[] {
  return [
    ...scopeProblems(p.graph ?? [], calls, ['graph', 'graph-beta']),
    ...scopeProblems(p.logs ?? [], calls, ['logs']),
    ...armProblems(p.arm ?? [], calls),
  ].map((m) => `${name}: ${m}`);
}

describe('permission declarations equal the permission table', () => {
  it('every check read', () => {
    const problems = Object.entries(READ_CALLS).flatMap(([k, calls = []]) =>
      check(`read ${k}`, READS[k as ReadKey].permissions, calls),
    );
    expect(problems).toEqual([]);
  });

  it('every action', () => {
    const problems = BUILT_IN_ACTIONS.filter((a) => ACTION_CALLS[a.id]).flatMap((a) =>
      check(`action ${a.id}`, a.permissions, ACTION_CALLS[a.id]!),
    );
    expect(problems).toEqual([]);
  });

  it('every query', () => {
    const problems = BUILT_IN_QUERIES.filter((q) => QUERY_CALLS[q.id]).flatMap((q) =>
      check(`query ${q.id}`, q.permissions, QUERY_CALLS[q.id]!),
    );
    expect(problems).toEqual([]);
  });

  it("every input `suggest:` source, and the table names the reads' file for each of its calls", () => {
    const sources = Object.keys(SUGGESTION_CALLS) as SuggestionSource[];
    const problems = sources.flatMap((s) => check(`suggest ${s}`, SUGGESTION_PERMISSIONS[s], [...SUGGESTION_CALLS[s]]));
    expect(problems).toEqual([]);
    const unnamed = sources.flatMap((s) =>
      SUGGESTION_CALLS[s]
        .filter((id) => !permissionRow(id).usedBy.some((u) => u.includes('queries/input-suggestions.ts')))
        .map((id) => `${s}: ${id}`),
    );
    expect(unnamed).toEqual([]);
  });

  it('every action, query and check read has its calls listed here, or is a known gap', () => {
    // A declarer missing from these lists would pass the tests above without being compared with the table:
    // a new one must be listed, and the gaps below are named so they shrink rather than grow unseen.
    expect(BUILT_IN_ACTIONS.map((a) => a.id).filter((id) => !ACTION_CALLS[id])).toEqual(Object.keys(UNMAPPED.actions));
    expect(BUILT_IN_QUERIES.map((q) => q.id).filter((id) => !QUERY_CALLS[id])).toEqual(Object.keys(UNMAPPED.queries));
    expect((Object.keys(READS) as ReadKey[]).filter((k) => !READ_CALLS[k])).toEqual(Object.keys(UNMAPPED.reads));
  });

  it('a deliberately short declaration is caught', () => {
    expect(check('x', { graph: ['AuditLog.Read.All'] }, ['signIns.list'])).not.toEqual([]);
    expect(
      check('x', { graph: ['RoleManagement.ReadWrite.Directory'] }, ['group.member.add.roleAssignable']),
    ).not.toEqual([]);
    // Logs: the query scope, and the workspace role beside ARM calls.
    expect(check('x', { arm: ['Monitoring Reader'] }, ['logAnalytics.workspace.get', 'logAnalytics.query'])).toEqual([
      'x: not enough for logAnalytics.query (delegated): needs one of Data.Read',
      'x: not enough for logAnalytics.query (application): needs one of Data.Read',
    ]);
    expect(
      check('x', { logs: ['Data.Read'], arm: ['Reader'] }, ['logAnalytics.workspace.get', 'logAnalytics.query']),
    ).toEqual(['x: missing Monitoring Reader', 'x: Reader is not in the table']);
  });
});
