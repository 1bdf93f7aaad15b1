/**
 * The read keys checks declare (`reads`), what each costs in permissions,
 * and which other reads it depends on. The fetch plan fetches the union of
 * the declared keys plus their dependencies; a check's `permissions` are
 * derived from its reads here so they cannot drift from what is fetched.
 *
 * Permissions are what the permission table (src/config/permission-table.ts,
 * docs/permissions.md) documents as enough for each read's calls, for a
 * delegated and an app-only caller; test/permission-declarations.test.ts
 * holds them to it. ARM entries are role names (Azure RBAC, or a Microsoft
 * Entra role where the API checks one).
 */
import type { PermissionSet } from '../core/runbook.js';
import type { Licence } from '../config/licences.js';

export const READ_KEYS = [
  'organization',
  'users',
  'signInActivity',
  'signIns',
  'methods',
  'fido2Methods',
  'tapMethods',
  'memberOf',
  'transitiveMemberOf',
  'appRoleAssignments',
  'roleAssignments.ga',
  'roleInstances.ga',
  'roleEligibility.ga',
  'gaPrincipals',
  'group',
  'groupMembers',
  'groupOwners',
  'emergencyGroup',
  'emergencyGroupMembers',
  'groupUnits',
  'unitRoles',
  'emergencyAppSp',
  'ownedObjects',
  'caPolicies',
  'securityDefaults',
  'authMethodsPolicy',
  'accessReviews',
  'diagnosticSettings',
  'logArrivals',
  'alertRules',
  'scheduledQueryRules',
  'actionGroups',
  'automationRules',
  'alertProbes',
  'whatIf',
  'bgApp',
  'bgAppProbes',
  'bgAppAzure',
] as const;
export type ReadKey = (typeof READ_KEYS)[number];

interface ReadSpec {
  permissions: Partial<PermissionSet>;
  /** The licence the read's call needs (permission table); a tenant without it answers with a licence error. */
  licence?: Licence;
  /** Reads that must complete first (ids they resolve). */
  dependsOn: ReadKey[];
}

export const READS: Record<ReadKey, ReadSpec> = {
  organization: { permissions: { graph: ['Organization.Read.All'] }, dependsOn: [] },
  users: { permissions: { graph: ['User.Read.All'] }, dependsOn: [] },
  signInActivity: {
    licence: 'P1',
    permissions: { graph: ['User.Read.All', 'AuditLog.Read.All'] },
    dependsOn: ['users'],
  },
  signIns: { licence: 'P1', permissions: { graph: ['AuditLog.Read.All', 'Directory.Read.All'] }, dependsOn: ['users'] },
  methods: { permissions: { graph: ['UserAuthenticationMethod.Read.All'] }, dependsOn: ['users'] },
  fido2Methods: { permissions: { graph: ['UserAuthMethod-Passkey.Read.All'] }, dependsOn: ['users'] },
  tapMethods: { permissions: { graph: ['UserAuthenticationMethod.Read.All'] }, dependsOn: ['users'] },
  memberOf: { permissions: { graph: ['Directory.Read.All'] }, dependsOn: ['users'] },
  transitiveMemberOf: { permissions: { graph: ['GroupMember.Read.All'] }, dependsOn: ['users'] },
  appRoleAssignments: { permissions: { graph: ['Directory.Read.All'] }, dependsOn: ['users'] },
  'roleAssignments.ga': { permissions: { graph: ['RoleManagement.Read.Directory'] }, dependsOn: [] },
  'roleInstances.ga': {
    licence: 'P2',
    permissions: { graph: ['RoleAssignmentSchedule.Read.Directory'] },
    dependsOn: [],
  },
  'roleEligibility.ga': {
    licence: 'P2',
    permissions: { graph: ['RoleEligibilitySchedule.Read.Directory'] },
    dependsOn: [],
  },
  // Who holds Global Administrator: each principal (https://learn.microsoft.com/graph/api/directoryobject-get,
  // least privileged Directory.Read.All) and a group's members (https://learn.microsoft.com/graph/api/group-list-members,
  // GroupMember.Read.All, which Directory.Read.All also grants).
  gaPrincipals: {
    permissions: { graph: ['Directory.Read.All'] },
    dependsOn: ['roleAssignments.ga', 'roleEligibility.ga'],
  },
  group: { permissions: { graph: ['GroupMember.Read.All'] }, dependsOn: [] },
  groupMembers: { permissions: { graph: ['GroupMember.Read.All'] }, dependsOn: ['group'] },
  // https://learn.microsoft.com/graph/api/group-list-owners
  groupOwners: { permissions: { graph: ['GroupMember.Read.All'] }, dependsOn: ['group'] },
  // The layered door's exclusion group (BG-025): the same calls as the exclusion group's.
  emergencyGroup: { permissions: { graph: ['GroupMember.Read.All'] }, dependsOn: [] },
  emergencyGroupMembers: { permissions: { graph: ['GroupMember.Read.All'] }, dependsOn: ['emergencyGroup'] },
  // Directory.Read.All, not GroupMember.Read.All: with less, an administrative unit in the list comes back
  // with id and type only, and whether it is restricted cannot be told (permission table, group.memberOf.list).
  groupUnits: { permissions: { graph: ['Directory.Read.All'] }, dependsOn: ['group'] },
  unitRoles: { permissions: { graph: ['RoleManagement.Read.Directory'] }, dependsOn: ['memberOf', 'groupUnits'] },
  // The declared emergency app's service principal, so a role scoped to it (which names only an object id) can be recognised.
  emergencyAppSp: { permissions: { graph: ['Directory.Read.All'] }, dependsOn: [] },
  // https://learn.microsoft.com/graph/api/user-list-ownedobjects (another user's: User.Read.All)
  ownedObjects: { permissions: { graph: ['User.Read.All'] }, dependsOn: ['users'] },
  caPolicies: { permissions: { graph: ['Policy.Read.All'] }, dependsOn: [] },
  securityDefaults: { permissions: { graph: ['Policy.Read.All'] }, dependsOn: [] },
  authMethodsPolicy: { permissions: { graph: ['Policy.Read.AuthenticationMethod'] }, dependsOn: [] },
  accessReviews: { licence: 'P2', permissions: { graph: ['AccessReview.Read.All'] }, dependsOn: [] },
  diagnosticSettings: { permissions: { arm: ['Security Administrator (Microsoft Entra role)'] }, dependsOn: [] },
  // Read only when the diagnostic settings are refused app-only (./fetch-log-arrivals.ts): rows arriving in the
  // declared workspace, through the Log Analytics query API (https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api);
  // the workspace read (customerId) and the query need a role that reads its data: Monitoring Reader, as for
  // alertProbes ("Can read all monitoring data (metrics, logs, etc.)"), or Log Analytics Reader on the workspace
  // (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/monitor).
  logArrivals: {
    permissions: { logs: ['Data.Read'], arm: ['Monitoring Reader'] },
    dependsOn: ['diagnosticSettings'],
  },
  alertRules: { permissions: { arm: ['Microsoft Sentinel Reader'] }, dependsOn: [] },
  scheduledQueryRules: { permissions: { arm: ['Monitoring Reader'] }, dependsOn: [] },
  // https://learn.microsoft.com/rest/api/monitor/action-groups/list-by-subscription-id
  actionGroups: { permissions: { arm: ['Monitoring Reader'] }, dependsOn: [] },
  // https://learn.microsoft.com/rest/api/securityinsights/automation-rules/list
  automationRules: { permissions: { arm: ['Microsoft Sentinel Reader'] }, dependsOn: [] },
  // Log Analytics query API (https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api): Data.Read;
  // the workspace read (customerId) and the query need a */read role on it: Monitoring Reader (permission table
  // rows logAnalytics.workspace.get and logAnalytics.query).
  alertProbes: {
    permissions: { logs: ['Data.Read'], arm: ['Monitoring Reader'] },
    dependsOn: ['users', 'alertRules', 'scheduledQueryRules'],
  },
  whatIf: { licence: 'P1', permissions: { graph: ['Policy.Read.ConditionalAccess'] }, dependsOn: ['users'] },
  // The declared break-glass app: the application and its service principal, their owners
  // (https://learn.microsoft.com/graph/api/application-list-owners), its role assignments and app role assignments.
  bgApp: { permissions: { graph: ['Application.Read.All', 'RoleManagement.Read.Directory'] }, dependsOn: [] },
  // Its sign-in alert rules run over a synthetic row, and its last successful sign-in, through the Log Analytics query API.
  bgAppProbes: {
    permissions: { logs: ['Data.Read'], arm: ['Monitoring Reader'] },
    dependsOn: ['bgApp', 'alertRules', 'scheduledQueryRules'],
  },
  // Its Azure role assignments at each declared scope (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-list-rest):
  // Microsoft.Authorization/roleAssignments/read, which Reader holds.
  bgAppAzure: { permissions: { arm: ['Reader'] }, dependsOn: ['bgApp'] },
};

export function isReadKey(k: string): k is ReadKey {
  return (READ_KEYS as readonly string[]).includes(k);
}

/** The union of the reads' permissions, sorted and de-duplicated. */
export function permissionsForReads(keys: readonly string[]): PermissionSet {
  const out: PermissionSet = { graph: [], arm: [], logs: [] };
  for (const k of keys) {
    if (!isReadKey(k)) throw new Error(`unknown read key "${k}"`);
    const p = READS[k].permissions;
    for (const api of ['graph', 'arm', 'logs'] as const)
      for (const s of p[api] ?? []) if (!out[api].includes(s)) out[api].push(s);
  }
  for (const api of ['graph', 'arm', 'logs'] as const) out[api].sort();
  return out;
}

/** The keys plus everything they depend on. */
export function closeOverDependencies(keys: Iterable<string>): Set<ReadKey> {
  const out = new Set<ReadKey>();
  const visit = (k: string): void => {
    if (!isReadKey(k)) throw new Error(`unknown read key "${k}"`);
    if (out.has(k)) return;
    out.add(k);
    for (const d of READS[k].dependsOn) visit(d);
  };
  for (const k of keys) visit(k);
  return out;
}
