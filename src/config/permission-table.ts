/**
 * Every call breakglass makes to Microsoft Graph, Azure Resource Manager and
 * the Log Analytics query API, with what Microsoft documents for it: the least
 * privileged delegated and application permissions (and the higher ones
 * Microsoft also accepts), the Microsoft Entra role a delegated caller needs,
 * the Azure role ARM checks, the licence, and the Learn page each row was
 * taken from. docs/permissions.md is rendered from this table (a test keeps
 * them equal); the practice tenant enforces exactly this table; a test ties
 * what each action, query and check declares to the rows of the calls it makes.
 *
 * Reading a row:
 *  - a permission set is ALL of its names together ("A + B"); a caller holds
 *    enough when it holds every name of `least` or of one `higher` set;
 *  - `application: null`: Microsoft documents no app-only use; an empty
 *    `least` (ARM, $batch): the call needs no permission in the token (ARM
 *    authorizes by Azure RBAC; a $batch item by its own row);
 *  - `entraRoles`: a delegated caller also needs one of them (Global
 *    Administrator holds every role's permissions); empty = any member user;
 *  - `unsettled`: the documentation does not settle the row; the note says
 *    which stricter reading the table (and the practice tenant) takes.
 */
import type { Licence } from './licences.js';
import { COVERED_ONLY_BY } from '../core/permission-rules.js';

export type PermissionApi = 'graph' | 'graph-beta' | 'arm' | 'logs';

/** A row that applies to a call only when this holds (the unconditional row of the same route applies otherwise). */
export type RowCondition =
  /** GET /users/{id} whose $select names signInActivity. */
  | 'selects-signInActivity'
  /** GET /users/{id} whose $select names only basic-profile properties (BASIC_PROFILE). */
  | 'selects-basic-profile'
  /** POST /groups whose body sets isAssignableToRole: true. */
  | 'body-isAssignableToRole'
  /** POST of a Conditional Access policy whose conditions.clientApplications names service principals. */
  | 'body-includesServicePrincipals'
  /** $ref additions to a group whose isAssignableToRole is true. */
  | 'target-group-role-assignable';

export interface PermissionChoice {
  /** Microsoft's least privileged permission(s): all together. */
  least: string[];
  /** Higher privileged alternatives Microsoft also accepts; each inner list is all together. */
  higher: string[][];
}

/** What a tenant without the licence receives (see LICENCE_ERRORS for the source of each). */
export interface LicenceError {
  status: number;
  code: string;
  message: string;
  /** Where the status/code/message were seen, and whether Microsoft's documentation settles them. */
  source: string;
  settled: boolean;
}

export interface PermissionRow {
  /** Stable id; actions, queries, checks and practice routes name rows by it. */
  id: string;
  api: PermissionApi;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path relative to the service root; {x} is one segment. ARM paths start at the resource id given as {…Id}. */
  path: string;
  apiVersion?: string;
  when?: RowCondition;
  /** The query breakglass sends, when it matters for the permission (e.g. $select). */
  query?: string;
  delegated: PermissionChoice;
  application: PermissionChoice | null;
  entraRoles: string[];
  /** Azure RBAC built-in role(s) ARM or the workspace checks, with the action they grant. */
  azureRbac?: string[];
  licence?: Licence;
  licenceError?: LicenceError;
  docs: string;
  /** Where breakglass makes the call (file, or file#read key). */
  usedBy: string[];
  checks?: string[];
  note?: string;
  unsettled?: true;
}

/**
 * The answers of a tenant without the licence. Only the sign-in report's
 * message is on Learn; the rest were seen in the field, or are the stricter
 * reading where nothing is published (marked settled: false).
 */
export const LICENCE_ERRORS = {
  /** Sign-in logs and signInActivity without Entra ID P1/P2. */
  premiumReporting: {
    status: 403,
    code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    message: "Neither tenant is B2C or tenant doesn't have premium license",
    source:
      'Message: https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph ("Error: Neither tenant is B2C or tenant doesn\'t have premium license: Accessing sign-in reports requires a Microsoft Entra ID P1 or P2 license."). Status 403 and the code are not on Learn; they are what Graph answers in microsoftgraph/microsoft-graph-docs issues 12772 and 14120 (signInActivity) and microsoftgraph/microsoft-graph-docs-contrib issue 7276 (sign-in logs).',
    settled: false,
  },
  /** PIM schedule APIs without Entra ID P2 / ID Governance. */
  pim: {
    status: 400,
    code: 'AadPremiumLicenseRequired',
    message: 'The tenant needs an AAD Premium 2 license.',
    source:
      'Not on Learn. The message is what the PIM API answers a tenant without P2 (microsoft/EntraExporter issue 61); the code and status are field reports. https://learn.microsoft.com/graph/api/resources/privilegedidentitymanagementv3-overview names PIM an Entra ID P2 / ID Governance feature.',
    settled: false,
  },
  /** Access reviews without Entra ID P2 / ID Governance. */
  governance: {
    status: 400,
    code: 'AadPremiumLicenseRequired',
    message: 'The tenant needs an AAD Premium 2 license.',
    source:
      'Not on Learn (https://learn.microsoft.com/entra/id-governance/access-reviews-overview#license-requirements states the licence, not the error). Stricter reading: the PIM licence answer.',
    settled: false,
  },
  /** Conditional Access and role-assignable groups without Entra ID P1. */
  premiumP1: {
    status: 403,
    code: 'AadPremiumLicenseRequired',
    message: 'The tenant needs an AAD Premium 1 license.',
    source:
      'Not on Learn: https://learn.microsoft.com/entra/identity/conditional-access/overview#license-requirements and https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept#license-requirements state the P1 requirement, not the answer. Stricter reading: the call is refused (not served as if licensed), in the shape of the PIM licence answer.',
    settled: false,
  },
  /** Entra diagnostic settings (export of sign-in logs) without Entra ID P1/P2. */
  diagnosticExport: {
    status: 400,
    code: 'BadRequest',
    message: 'Tenant does not have a Microsoft Entra ID P1 or P2 license: exporting sign-in logs requires one.',
    source:
      'Not on Learn: https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs lists "A Microsoft Entra ID P1 or P2 tenant" as a prerequisite, not the error. Stricter reading: the PUT is refused.',
    settled: false,
  },
  /** Conditional Access for workload identities without Workload Identities Premium. */
  workloadIdentities: {
    status: 403,
    code: 'AadPremiumLicenseRequired',
    message:
      'The tenant needs a Workload Identities Premium license to create or modify Conditional Access policies scoped to service principals.',
    source:
      'Not on Learn: https://learn.microsoft.com/entra/identity/conditional-access/workload-identity states "Workload Identities Premium licenses are required to create or modify Conditional Access policies scoped to service principals", not the answer. Stricter reading: the call is refused, in the shape of the P1 licence answer.',
    settled: false,
  },
} as const satisfies Record<string, LicenceError>;

/** The basic profile User.ReadBasic.All can read (https://learn.microsoft.com/graph/permissions-reference#userreadbasicall). */
export const BASIC_PROFILE = ['id', 'displayName', 'givenName', 'surname', 'mail', 'userPrincipalName'] as const;

export const PERMISSION_TABLE: readonly PermissionRow[] = [
  {
    id: 'organization.list',
    api: 'graph',
    method: 'GET',
    path: '/organization',
    delegated: {
      least: ['User.Read'],
      higher: [
        ['Directory.Read.All'],
        ['Organization.Read.All'],
        ['Directory.ReadWrite.All'],
        ['Organization.ReadWrite.All'],
      ],
    },
    application: {
      least: ['Organization.Read.All'],
      higher: [['Directory.Read.All'], ['Organization.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/organization-list?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#organization', 'queries/tenant-info.ts'],
    checks: ['BG-002'],
    note: 'User.Read is a delegated permission only; an app-only caller needs Organization.Read.All. Every member user can read their own organization, so no Entra role is needed. One stored version of the generated include names Directory.Read.All as least privileged application permission; Learn and the permissions source list Organization.Read.All for application — the table takes Organization.Read.All.',
  },
  {
    id: 'securityDefaults.get',
    api: 'graph',
    method: 'GET',
    path: '/policies/identitySecurityDefaultsEnforcementPolicy',
    delegated: { least: ['Policy.Read.All'], higher: [['Policy.ReadWrite.SecurityDefaults', 'Policy.Read.All']] },
    application: { least: ['Policy.Read.All'], higher: [['Policy.ReadWrite.SecurityDefaults', 'Policy.Read.All']] },
    entraRoles: ['Security Reader', 'Global Reader', 'Security Administrator', 'Conditional Access Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/identitysecuritydefaultsenforcementpolicy-get?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#securityDefaults', 'queries/tenant-info.ts'],
    checks: ['BG-007', 'BG-008', 'BG-011', 'BG-012', 'BG-016', 'BG-018', 'BG-019'],
    note: 'The permissions source marks Policy.ReadWrite.SecurityDefaults for this GET with AlsoRequires=Policy.Read.All.',
  },
  {
    id: 'ca.policies.list',
    api: 'graph',
    method: 'GET',
    path: '/identity/conditionalAccess/policies',
    delegated: { least: ['Policy.Read.All'], higher: [['Policy.ReadWrite.ConditionalAccess']] },
    application: { least: ['Policy.Read.All'], higher: [['Policy.ReadWrite.ConditionalAccess']] },
    entraRoles: [
      'Security Reader',
      'Global Reader',
      'Global Secure Access Administrator',
      'Security Administrator',
      'Conditional Access Administrator',
    ],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies?view=graph-rest-1.0',
    usedBy: [
      'checks/reads.ts#caPolicies',
      'actions/ca/add-exclusion.ts',
      'queries/ca-exclusion-plan.ts',
      'commands/check.ts',
      'queries/input-suggestions.ts (suggest: exclusion-group, exclusion-group-members)',
    ],
    checks: ['BG-007', 'BG-008'],
    note: 'Conditional Access is an Entra ID P1 feature (https://learn.microsoft.com/entra/identity/conditional-access/overview#license-requirements). The Graph page does not say what a tenant without P1 receives; stricter reading: licence P1 (model the documented licence error, and checks report "needs Entra ID P1"). Policy.Read.ConditionalAccess is NOT documented for this path (only for /evaluate, /plans, /settings).',
    unsettled: true,
  },
  {
    id: 'ca.policy.get',
    api: 'graph',
    method: 'GET',
    path: '/identity/conditionalAccess/policies/{id}',
    delegated: { least: ['Policy.Read.All'], higher: [['Policy.ReadWrite.ConditionalAccess']] },
    application: { least: ['Policy.Read.All'], higher: [['Policy.ReadWrite.ConditionalAccess']] },
    entraRoles: [
      'Security Reader',
      'Global Reader',
      'Global Secure Access Administrator',
      'Security Administrator',
      'Conditional Access Administrator',
    ],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/conditionalaccesspolicy-get?view=graph-rest-1.0',
    usedBy: ['actions/ca/add-exclusion.ts'],
    note: 'Licence: as ca.policies.list.',
  },
  {
    id: 'ca.policy.create',
    api: 'graph',
    method: 'POST',
    path: '/identity/conditionalAccess/policies',
    delegated: {
      least: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
      higher: [['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess']],
    },
    application: {
      least: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
      higher: [['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess']],
    },
    entraRoles: ['Conditional Access Administrator', 'Security Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/conditionalaccessroot-post-policies?view=graph-rest-1.0',
    usedBy: ['actions/ca/create-workload-identity-policy.ts'],
    note: 'Learn: least "Policy.Read.All and Policy.ReadWrite.ConditionalAccess", higher "Application.Read.All and Policy.ReadWrite.ConditionalAccess"; roles Security Administrator, Conditional Access Administrator.',
  },
  {
    id: 'ca.policy.create.workloadIdentity',
    api: 'graph',
    method: 'POST',
    path: '/identity/conditionalAccess/policies',
    when: 'body-includesServicePrincipals',
    delegated: {
      least: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
      higher: [['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess']],
    },
    application: {
      least: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
      higher: [['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess']],
    },
    entraRoles: ['Conditional Access Administrator', 'Security Administrator'],
    licence: 'workload-identities',
    licenceError: LICENCE_ERRORS.workloadIdentities,
    docs: 'https://learn.microsoft.com/entra/identity/conditional-access/workload-identity',
    usedBy: ['actions/ca/create-workload-identity-policy.ts'],
    note: 'A policy scoped to service principals (conditions.clientApplications) needs Workload Identities Premium to be created or modified; existing ones keep working without it (same page).',
    unsettled: true,
  },
  {
    id: 'ca.policy.update',
    api: 'graph',
    method: 'PATCH',
    path: '/identity/conditionalAccess/policies/{id}',
    delegated: {
      least: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
      higher: [['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess']],
    },
    application: {
      least: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
      higher: [['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess']],
    },
    entraRoles: ['Conditional Access Administrator', 'Security Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/conditionalaccesspolicy-update?view=graph-rest-1.0',
    usedBy: ['actions/ca/add-exclusion.ts'],
    note: 'Current Learn table: least "Policy.Read.All and Policy.ReadWrite.ConditionalAccess", higher "Application.Read.All and Policy.ReadWrite.ConditionalAccess" — Application.Read.All is an alternative partner, not a third requirement. An older version of the page required all three ("Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Application.Read.All") and the page links a known permissions issue. Stricter reading taken: Policy.Read.All AND Policy.ReadWrite.ConditionalAccess both required; Application.Read.All not required.',
    unsettled: true,
  },
  {
    id: 'authMethodsPolicy.get',
    api: 'graph',
    method: 'GET',
    path: '/policies/authenticationMethodsPolicy',
    delegated: {
      least: ['Policy.Read.AuthenticationMethod'],
      higher: [['Policy.ReadWrite.AuthenticationMethod'], ['Policy.Read.All']],
    },
    application: {
      least: ['Policy.Read.AuthenticationMethod'],
      higher: [['Policy.ReadWrite.AuthenticationMethod'], ['Policy.Read.All']],
    },
    entraRoles: ['Global Reader', 'Authentication Policy Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/authenticationmethodspolicy-get?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#authMethodsPolicy'],
    checks: ['BG-009'],
  },
  {
    id: 'authMethodConfig.get',
    api: 'graph',
    method: 'GET',
    path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
    delegated: {
      least: ['Policy.Read.AuthenticationMethod'],
      higher: [['Policy.ReadWrite.AuthenticationMethod'], ['Policy.Read.All']],
    },
    application: {
      least: ['Policy.Read.AuthenticationMethod'],
      higher: [['Policy.ReadWrite.AuthenticationMethod'], ['Policy.Read.All']],
    },
    entraRoles: ['Global Reader', 'Authentication Policy Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/authenticationmethodconfiguration-get?view=graph-rest-1.0',
    usedBy: ['actions/authmethods/enable-method.ts'],
  },
  {
    id: 'authMethodConfig.update',
    api: 'graph',
    method: 'PATCH',
    path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
    delegated: { least: ['Policy.ReadWrite.AuthenticationMethod'], higher: [] },
    application: { least: ['Policy.ReadWrite.AuthenticationMethod'], higher: [] },
    entraRoles: ['Authentication Policy Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/fido2authenticationmethodconfiguration-update?view=graph-rest-1.0',
    usedBy: ['actions/authmethods/enable-method.ts'],
    note: 'Same table on temporaryaccesspassauthenticationmethodconfiguration-update (the action patches Fido2 or TemporaryAccessPass).',
  },
  {
    id: 'roleAssignment.create',
    api: 'graph',
    method: 'POST',
    path: '/roleManagement/directory/roleAssignments',
    delegated: { least: ['RoleManagement.ReadWrite.Directory'], higher: [] },
    application: { least: ['RoleManagement.ReadWrite.Directory'], higher: [] },
    entraRoles: ['Privileged Role Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignments?view=graph-rest-1.0',
    usedBy: ['actions/roles/assign-to-service-principal.ts'],
    note: 'A direct, active, permanent assignment (no PIM, so no P2 licence). Supported principals: users, role-assignable groups and service principals (unifiedRoleAssignment resource page).',
  },
  {
    id: 'roleAssignments.list',
    api: 'graph',
    method: 'GET',
    path: '/roleManagement/directory/roleAssignments',
    delegated: {
      least: ['RoleManagement.Read.Directory'],
      higher: [
        ['Directory.Read.All'],
        ['RoleManagement.Read.All'],
        ['RoleManagement.ReadWrite.Directory'],
        ['Directory.ReadWrite.All'],
      ],
    },
    application: {
      least: ['RoleManagement.Read.Directory'],
      higher: [['Directory.Read.All'], ['RoleManagement.ReadWrite.Directory'], ['Directory.ReadWrite.All']],
    },
    entraRoles: ['Directory Readers', 'Global Reader', 'Privileged Role Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments?view=graph-rest-1.0',
    usedBy: [
      'checks/reads.ts#roleAssignments.ga',
      'queries/roles-effective.ts',
      'actions/roles/assign-global-admin.ts',
      'actions/roles/assign-to-service-principal.ts',
    ],
    checks: ['BG-003'],
    note: 'The directory (Entra) provider tab. One stored generated include shows the entitlement-management provider (EntitlementManagement.Read.All) — not the provider we call.',
  },
  {
    id: 'roleAssignmentScheduleInstances.list',
    api: 'graph',
    method: 'GET',
    path: '/roleManagement/directory/roleAssignmentScheduleInstances',
    delegated: {
      least: ['RoleAssignmentSchedule.Read.Directory'],
      higher: [
        ['RoleManagement.Read.Directory'],
        ['RoleManagement.Read.All'],
        ['RoleAssignmentSchedule.ReadWrite.Directory'],
        ['RoleManagement.ReadWrite.Directory'],
      ],
    },
    application: {
      least: ['RoleAssignmentSchedule.Read.Directory'],
      higher: [
        ['RoleManagement.Read.Directory'],
        ['RoleManagement.Read.All'],
        ['RoleAssignmentSchedule.ReadWrite.Directory'],
        ['RoleManagement.ReadWrite.Directory'],
      ],
    },
    entraRoles: [
      'Global Reader',
      'Security Operator',
      'Security Reader',
      'Security Administrator',
      'Privileged Role Administrator',
    ],
    licence: 'P2',
    licenceError: LICENCE_ERRORS.pim,
    docs: 'https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignmentscheduleinstances?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#roleInstances.ga'],
    checks: ['BG-003'],
    note: 'PIM APIs need Microsoft Entra ID P2 or Microsoft Entra ID Governance (https://learn.microsoft.com/graph/api/resources/privilegedidentitymanagementv3-overview). Stricter reading: P2; a free/P1 tenant gets the documented licence error and BG-003 must say "needs Entra ID P2", not crash or pass.',
    unsettled: true,
  },
  {
    id: 'roleEligibilitySchedules.list',
    api: 'graph',
    method: 'GET',
    path: '/roleManagement/directory/roleEligibilitySchedules',
    delegated: {
      least: ['RoleEligibilitySchedule.Read.Directory'],
      higher: [
        ['RoleManagement.Read.Directory'],
        ['RoleManagement.Read.All'],
        ['RoleEligibilitySchedule.ReadWrite.Directory'],
        ['RoleManagement.ReadWrite.Directory'],
      ],
    },
    application: {
      least: ['RoleEligibilitySchedule.Read.Directory'],
      higher: [
        ['RoleManagement.Read.Directory'],
        ['RoleManagement.Read.All'],
        ['RoleEligibilitySchedule.ReadWrite.Directory'],
        ['RoleManagement.ReadWrite.Directory'],
      ],
    },
    entraRoles: [
      'Global Reader',
      'Security Operator',
      'Security Reader',
      'Security Administrator',
      'Privileged Role Administrator',
    ],
    licence: 'P2',
    licenceError: LICENCE_ERRORS.pim,
    docs: 'https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityschedules?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#roleEligibility.ga'],
    checks: ['BG-003'],
    note: 'Licence: as roleAssignmentScheduleInstances.list.',
  },
  {
    id: 'roleAssignmentScheduleRequests.create',
    api: 'graph',
    method: 'POST',
    path: '/roleManagement/directory/roleAssignmentScheduleRequests',
    delegated: {
      least: ['RoleAssignmentSchedule.ReadWrite.Directory'],
      higher: [['RoleManagement.ReadWrite.Directory']],
    },
    application: {
      least: ['RoleAssignmentSchedule.ReadWrite.Directory'],
      higher: [['RoleManagement.ReadWrite.Directory']],
    },
    entraRoles: ['Privileged Role Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignmentschedulerequests?view=graph-rest-1.0',
    usedBy: ['actions/roles/assign-global-admin.ts'],
    note: 'Licence unsettled: the PIM overview puts the schedule APIs under P2/Governance; whether a permanent adminAssign is refused without P2 is not stated. The stricter reading would be P2, but this table does NOT gate it yet: the small-business setup makes its permanent assignment through this call on a tenant without P2, and the fallback to POST /roleManagement/directory/roleAssignments (no licence) is not built. Known gap.',
    unsettled: true,
  },
  {
    id: 'accessReviews.definitions.list',
    api: 'graph',
    method: 'GET',
    path: '/identityGovernance/accessReviews/definitions',
    delegated: { least: ['AccessReview.Read.All'], higher: [['AccessReview.ReadWrite.All']] },
    application: { least: ['AccessReview.Read.All'], higher: [['AccessReview.ReadWrite.All']] },
    entraRoles: ['Global Reader', 'Identity Governance Administrator'],
    licence: 'P2',
    licenceError: LICENCE_ERRORS.governance,
    docs: 'https://learn.microsoft.com/graph/api/accessreviewset-list-definitions?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#accessReviews', 'actions/governance/access-review.ts'],
    checks: ['BG-015'],
    note: 'Access reviews need Microsoft Entra ID P2 or Microsoft Entra ID Governance (https://learn.microsoft.com/entra/id-governance/access-reviews-overview#license-requirements). Role list: Learn also accepts User Administrator / Groups Administrator for reviews of groups.',
  },
  {
    id: 'accessReviews.definitions.create',
    api: 'graph',
    method: 'POST',
    path: '/identityGovernance/accessReviews/definitions',
    delegated: { least: ['AccessReview.ReadWrite.All'], higher: [] },
    application: { least: ['AccessReview.ReadWrite.All'], higher: [] },
    entraRoles: ['Identity Governance Administrator'],
    licence: 'P2',
    licenceError: LICENCE_ERRORS.governance,
    docs: 'https://learn.microsoft.com/graph/api/accessreviewset-post-definitions?view=graph-rest-1.0',
    usedBy: ['actions/governance/access-review.ts'],
    note: 'Licence as above. For a group-scoped review Learn also lists User Administrator / Groups Administrator.',
  },
  {
    id: 'user.get',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}',
    query:
      '$select=id,userPrincipalName,displayName,accountEnabled,userType,onPremisesSyncEnabled,onPremisesImmutableId,lastPasswordChangeDateTime,assignedLicenses ({id} is an object id or a UPN)',
    delegated: {
      least: ['User.Read.All'],
      higher: [['User.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['User.Read.All'],
      higher: [['User.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0',
    usedBy: [
      'checks/reads.ts#users',
      'actions/odata.ts (findUser: authmethods/create-tap, authmethods/delete-tap, governance/access-review, groups/add-members, roles/assign-global-admin, users/create-break-glass-user, users/set-password)',
      'actions/users/set-password.ts',
      'queries/ca-exclusion-plan.ts',
      'queries/fido2-registered.ts',
      'queries/methods-inventory.ts',
    ],
    checks: [
      'BG-001',
      'BG-002',
      'BG-003',
      'BG-004',
      'BG-005',
      'BG-006',
      'BG-007',
      'BG-008',
      'BG-009',
      'BG-010',
      'BG-012',
      'BG-013',
      'BG-014',
      'BG-017',
      'BG-018',
      'BG-019',
    ],
    note: 'Learn marks User.ReadBasic.All least privileged, but it returns only the basic profile; our $select includes onPremisesImmutableId, onPremisesSyncEnabled, lastPasswordChangeDateTime, assignedLicenses, so User.Read.All is the least that serves the request. Member users need no Entra role to read users.',
  },
  {
    id: 'user.get.basic',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}',
    when: 'selects-basic-profile',
    query: '$select=id,userPrincipalName,displayName ({id} is an object id or a UPN)',
    delegated: {
      least: ['User.ReadBasic.All'],
      higher: [['User.Read.All'], ['User.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['User.Read.All'],
      higher: [['User.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0',
    usedBy: [
      'export/resolve.ts',
      'queries/input-suggestions.ts (suggest: exclusion-group-members; $select=id,userPrincipalName, in a $batch)',
    ],
    note: 'Learn marks User.ReadBasic.All least privileged (delegated); it reads the basic profile only (https://learn.microsoft.com/graph/permissions-reference#userreadbasicall: display name, first and last name, email address, open extensions, photo; userPrincipalName and id are part of the basic profile), which is all `export` selects. Learn lists no User.ReadBasic.All for application: an app-only caller needs User.Read.All.',
  },
  {
    id: 'user.get.signInActivity',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}',
    when: 'selects-signInActivity',
    query: '$select=id,signInActivity',
    delegated: { least: ['User.Read.All', 'AuditLog.Read.All'], higher: [] },
    application: { least: ['User.Read.All', 'AuditLog.Read.All'], higher: [] },
    entraRoles: ['Reports Reader', 'Security Reader', 'Global Reader', 'Security Operator', 'Security Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumReporting,
    docs: 'https://learn.microsoft.com/graph/api/resources/signinactivity?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#signInActivity'],
    checks: ['BG-013', 'BG-014'],
    note: 'signInActivity: "Requires Microsoft Entra ID P1 or P2" and AuditLog.Read.All (user resource / signInActivity pages, and user-get "Permissions" note). Role list = the sign-in log readers (rbac-signin-apis-read).',
  },
  {
    id: 'user.create',
    api: 'graph',
    method: 'POST',
    path: '/users',
    delegated: { least: ['User.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    application: { least: ['User.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    entraRoles: ['User Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/user-post-users?view=graph-rest-1.0',
    usedBy: ['actions/users/create-break-glass-user.ts'],
  },
  {
    id: 'user.update.passwordProfile',
    api: 'graph',
    method: 'PATCH',
    path: '/users/{id}',
    delegated: {
      least: ['User-PasswordProfile.ReadWrite.All'],
      higher: [['User.ReadWrite.All'], ['Directory.ReadWrite.All'], ['Directory.AccessAsUser.All']],
    },
    application: {
      least: ['User-PasswordProfile.ReadWrite.All'],
      higher: [['User.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: ['Privileged Authentication Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/user-update?view=graph-rest-1.0',
    usedBy: ['actions/users/set-password.ts'],
    note: 'Body sets passwordProfile only. Resetting the password of a Global Administrator (every break-glass account) needs Privileged Authentication Administrator (or Global Administrator) for the caller — in app-only too, as a directory role assigned to the app (user-update "passwordProfile" note). The permissions source lists User-PasswordProfile.ReadWrite.All for both delegated and application on PATCH /users/{id}; Directory.AccessAsUser.All is from older revisions of the page (delegated only).',
  },
  {
    id: 'user.authMethods.list',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}/authentication/methods',
    delegated: { least: ['UserAuthenticationMethod.Read.All'], higher: [['UserAuthenticationMethod.ReadWrite.All']] },
    application: { least: ['UserAuthenticationMethod.Read.All'], higher: [['UserAuthenticationMethod.ReadWrite.All']] },
    entraRoles: ['Global Reader', 'Authentication Administrator', 'Privileged Authentication Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/authentication-list-methods?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#methods', 'queries/methods-inventory.ts'],
    checks: ['BG-004', 'BG-005'],
  },
  {
    id: 'user.fido2Methods.list',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}/authentication/fido2Methods',
    delegated: { least: ['UserAuthMethod-Passkey.Read.All'], higher: [['UserAuthMethod-Passkey.ReadWrite.All']] },
    application: { least: ['UserAuthMethod-Passkey.Read.All'], higher: [['UserAuthMethod-Passkey.ReadWrite.All']] },
    entraRoles: ['Global Reader', 'Authentication Administrator', 'Privileged Authentication Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/fido2authenticationmethod-list?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#fido2Methods', 'queries/fido2-registered.ts', 'queries/ca-exclusion-plan.ts'],
    checks: ['BG-004', 'BG-009', 'BG-019'],
    note: 'UNSETTLED. The page (2026 revision) generates its table from the permissions source, which lists only the passkey-specific permissions (UserAuthMethod-Passkey.*) plus the self-only UserAuthenticationMethod.Read/ReadWrite for this path; the earlier page listed UserAuthenticationMethod.Read.All / ReadWrite.All for "acting on other users". Stricter reading: UserAuthMethod-Passkey.Read.All; UserAuthenticationMethod.Read.All kept out of the accepted list until Microsoft documents it again.',
    unsettled: true,
  },
  {
    id: 'user.tapMethods.list',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}/authentication/temporaryAccessPassMethods',
    delegated: {
      least: ['UserAuthMethod-TAP.Read.All'],
      higher: [
        ['UserAuthenticationMethod.Read.All'],
        ['UserAuthMethod-TAP.ReadWrite.All'],
        ['UserAuthenticationMethod.ReadWrite.All'],
      ],
    },
    application: {
      least: ['UserAuthMethod-TAP.Read.All'],
      higher: [
        ['UserAuthenticationMethod.Read.All'],
        ['UserAuthMethod-TAP.ReadWrite.All'],
        ['UserAuthenticationMethod.ReadWrite.All'],
      ],
    },
    entraRoles: ['Global Reader', 'Authentication Administrator', 'Privileged Authentication Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-list?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#tapMethods', 'actions/authmethods/create-tap.ts', 'actions/authmethods/delete-tap.ts'],
    checks: ['BG-010'],
  },
  {
    id: 'user.tap.create',
    api: 'graph',
    method: 'POST',
    path: '/users/{id}/authentication/temporaryAccessPassMethods',
    delegated: { least: ['UserAuthMethod-TAP.ReadWrite.All'], higher: [['UserAuthenticationMethod.ReadWrite.All']] },
    application: { least: ['UserAuthMethod-TAP.ReadWrite.All'], higher: [['UserAuthenticationMethod.ReadWrite.All']] },
    entraRoles: ['Privileged Authentication Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/authentication-post-temporaryaccesspassmethods?view=graph-rest-1.0',
    usedBy: ['actions/authmethods/create-tap.ts'],
    note: 'Authentication Administrator can create a TAP only for non-admin users; break-glass accounts are Global Administrators, so Privileged Authentication Administrator is the least role. The TAP method must be enabled in the authentication methods policy (no licence).',
  },
  {
    id: 'user.tap.delete',
    api: 'graph',
    method: 'DELETE',
    path: '/users/{id}/authentication/temporaryAccessPassMethods/{id}',
    delegated: { least: ['UserAuthMethod-TAP.ReadWrite.All'], higher: [['UserAuthenticationMethod.ReadWrite.All']] },
    application: { least: ['UserAuthMethod-TAP.ReadWrite.All'], higher: [['UserAuthenticationMethod.ReadWrite.All']] },
    entraRoles: ['Privileged Authentication Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/temporaryaccesspassauthenticationmethod-delete?view=graph-rest-1.0',
    usedBy: ['actions/authmethods/delete-tap.ts'],
  },
  {
    id: 'user.memberOf.list',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}/memberOf',
    delegated: { least: ['GroupMember.Read.All'], higher: [['Directory.Read.All'], ['Directory.ReadWrite.All']] },
    application: { least: ['Directory.Read.All'], higher: [['Directory.ReadWrite.All']] },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/user-list-memberof?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#memberOf'],
    checks: ['BG-017'],
    note: 'The permissions source marks User.Read least for DelegatedWork (that is the /me pivot) and Directory.Read.All least for Application; GroupMember.ReadBasic.All / Group.ReadBasic.All are listed but return basic group properties only (enough for id,displayName — then they would be least; stricter reading kept GroupMember.Read.All for delegated). Directory roles are also members here; their visibility does not need a role for member users. GroupMember.Read.All is DelegatedWork-only for this path.',
    unsettled: true,
  },
  {
    id: 'user.transitiveMemberOf.list',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}/transitiveMemberOf',
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['User.Read.All'], ['Group.Read.All'], ['Directory.Read.All']],
    },
    application: {
      least: ['User.Read.All'],
      higher: [['GroupMember.Read.All'], ['Group.Read.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/user-list-transitivememberof?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#transitiveMemberOf', 'queries/ca-exclusion-plan.ts'],
    checks: ['BG-003', 'BG-007', 'BG-008', 'BG-009'],
    note: 'Permissions source: User.Read least (DelegatedWork, /me pivot), User.Read.All least (Application); GroupMember.Read.All listed for both. The table keeps GroupMember.Read.All for delegated (what we request) and User.Read.All for application.',
  },
  {
    id: 'user.appRoleAssignments.list',
    api: 'graph',
    method: 'GET',
    path: '/users/{id}/appRoleAssignments',
    delegated: { least: ['Directory.Read.All'], higher: [['AppRoleAssignment.ReadWrite.All']] },
    application: { least: ['Directory.Read.All'], higher: [['AppRoleAssignment.ReadWrite.All']] },
    entraRoles: ['Directory Readers', 'Global Reader', 'Privileged Role Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/user-list-approleassignments?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#appRoleAssignments'],
    checks: ['BG-017'],
    note: 'Learn: Delegated least AppRoleAssignment.ReadWrite.All, higher Directory.Read.All; Application least Directory.Read.All. A read-only check run never requests a write scope, so the table takes the documented read-only permission Directory.Read.All for delegated too. Roles: rbac-approleassignments-apis-read (Directory Readers and others).',
  },
  {
    id: 'group.get',
    api: 'graph',
    method: 'GET',
    path: '/groups/{id}',
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['Directory.Read.All'], ['Group.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['Directory.Read.All'], ['Group.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/group-get?view=graph-rest-1.0',
    usedBy: [
      'checks/reads.ts#group',
      'checks/reads.ts#emergencyGroup',
      'actions/odata.ts (findGroup: authmethods/enable-method, ca/add-exclusion, governance/access-review, groups/add-members, groups/add-owner, groups/create-group)',
      'queries/ca-exclusion-plan.ts',
      'export/resolve.ts ($select=id,displayName)',
      'queries/input-suggestions.ts (suggest: exclusion-group, exclusion-group-members; $select=id,displayName)',
    ],
    checks: ['BG-006', 'BG-007', 'BG-008', 'BG-015', 'BG-016', 'BG-017', 'BG-025', 'BG-029'],
    note: 'The permissions source also marks Group-NestingSupport.ReadWrite.All "least" for this path (a write permission; ignored). Member users need no role to read groups.',
  },
  {
    id: 'group.list.byName',
    api: 'graph',
    method: 'GET',
    path: '/groups',
    query:
      "$filter=displayName eq '{name}'&$select=id,displayName,groupTypes,securityEnabled,mailEnabled,isAssignableToRole,membershipRule,visibility",
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['Directory.Read.All'], ['Group.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['Directory.Read.All'], ['Group.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0',
    usedBy: [
      'checks/reads.ts#group',
      'checks/reads.ts#emergencyGroup',
      'actions/odata.ts (findGroup)',
      'export/resolve.ts ($select=id,displayName)',
    ],
    checks: ['BG-006', 'BG-007', 'BG-008', 'BG-015', 'BG-016', 'BG-017', 'BG-025', 'BG-029'],
    note: 'Group.ReadBasic.All is marked least privileged but returns basic properties only; our $select includes isAssignableToRole, membershipRule and visibility, so GroupMember.Read.All.',
  },
  {
    id: 'group.members.list',
    api: 'graph',
    method: 'GET',
    path: '/groups/{id}/members',
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.Read.All']],
    },
    application: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0',
    usedBy: [
      'actions/groups/add-members.ts',
      'queries/ca-exclusion-plan.ts',
      'queries/input-suggestions.ts (suggest: exclusion-group-members; $select=id)',
    ],
    note: 'GroupMember.ReadBasic.All is marked least but returns basic member properties; we $select userPrincipalName. Hidden-membership groups additionally need Member.Read.Hidden (not our case). v1.0 does not list service principal members (known issue on this page): the users these callers look for are listed; the checks read members on beta (group.members.list.beta).',
  },
  {
    id: 'group.members.list.beta',
    api: 'graph-beta',
    method: 'GET',
    path: '/groups/{id}/members',
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.Read.All']],
    },
    application: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-beta',
    usedBy: [
      'checks/reads.ts#groupMembers',
      'checks/reads.ts#emergencyGroupMembers',
      'checks/reads.ts#gaPrincipals (members of a group holding Global Administrator; Directory.Read.All, declared for directoryObject.get, also grants it)',
    ],
    checks: ['BG-006', 'BG-025', 'BG-028'],
    note: 'beta, because v1.0 does not list service principal members (known issue on the v1.0 page, whose workaround is "use this API on the beta endpoint"); the beta page lists users, contacts, devices, service principals and other groups, with the same permissions as v1.0. A service principal in the exclusion group, the emergency-access group or a Global Administrator group is what these checks must not miss. GroupMember.ReadBasic.All is marked least but returns basic member properties; we $select userPrincipalName.',
  },
  {
    id: 'group.create',
    api: 'graph',
    method: 'POST',
    path: '/groups',
    delegated: { least: ['Group.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    application: { least: ['Group.Create'], higher: [['Group.ReadWrite.All'], ['Directory.ReadWrite.All']] },
    entraRoles: ['Groups Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/group-post-groups?view=graph-rest-1.0',
    usedBy: ['actions/groups/create-group.ts (roleAssignable: false)'],
    note: 'Security group, assigned membership. Members can create security groups only if the tenant allows it; Groups Administrator is the least role that always can.',
  },
  {
    id: 'group.create.roleAssignable',
    api: 'graph',
    method: 'POST',
    path: '/groups',
    when: 'body-isAssignableToRole',
    delegated: {
      least: ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      higher: [['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']],
    },
    application: {
      least: ['Group.Create', 'RoleManagement.ReadWrite.Directory'],
      higher: [['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']],
    },
    entraRoles: ['Privileged Role Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/group-post-groups?view=graph-rest-1.0',
    usedBy: ['actions/groups/create-group.ts (roleAssignable: true)'],
    note: 'Learn (Example "role-assignable group"): "the calling user must be assigned the RoleManagement.ReadWrite.Directory permission to set the isAssignableToRole property". Role-assignable groups need Entra ID P1 (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept#license-requirements); Privileged Role Administrator is the least role to create one.',
  },
  {
    id: 'group.member.add',
    api: 'graph',
    method: 'POST',
    path: '/groups/{id}/members/$ref',
    delegated: { least: ['GroupMember.ReadWrite.All'], higher: [['Group.ReadWrite.All'], ['Directory.ReadWrite.All']] },
    application: {
      least: ['GroupMember.ReadWrite.All'],
      higher: [['Group.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: ['Groups Administrator', 'User Administrator', 'Directory Writers'],
    docs: 'https://learn.microsoft.com/graph/api/group-post-members?view=graph-rest-1.0',
    usedBy: ['actions/groups/add-members.ts', 'actions/groups/add-member-by-id.ts'],
    note: 'Member type user. Body {"@odata.id": "<graph root>/v1.0/directoryObjects/{id}"}. Group owners can also add members.',
  },
  {
    id: 'group.member.add.roleAssignable',
    api: 'graph',
    method: 'POST',
    path: '/groups/{id}/members/$ref',
    when: 'target-group-role-assignable',
    delegated: {
      least: ['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      higher: [
        ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
        ['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      ],
    },
    application: {
      least: ['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      higher: [
        ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
        ['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      ],
    },
    entraRoles: ['Privileged Role Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/group-post-members?view=graph-rest-1.0',
    usedBy: ['actions/groups/add-members.ts', 'actions/groups/add-member-by-id.ts'],
    note: 'UNSETTLED wording: "To add members to a role-assignable group, the calling user must also be assigned the RoleManagement.ReadWrite.Directory permission" (a later revision: "the app must also be assigned ... and the calling user must be assigned a supported Microsoft Entra role; Privileged Role Administrator is the least privileged"). Whether Graph accepts RoleManagement.ReadWrite.Directory alone is not documented. Stricter reading taken: BOTH GroupMember.ReadWrite.All (or a higher group permission) AND RoleManagement.ReadWrite.Directory.',
    unsettled: true,
  },
  {
    id: 'group.owners.list',
    api: 'graph',
    method: 'GET',
    path: '/groups/{id}/owners',
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.Read.All']],
    },
    application: {
      least: ['GroupMember.Read.All'],
      higher: [['Group.Read.All'], ['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/group-list-owners?view=graph-rest-1.0',
    usedBy: ['actions/groups/add-owner.ts'],
  },
  {
    id: 'group.memberOf.list',
    api: 'graph',
    method: 'GET',
    path: '/groups/{id}/memberOf',
    delegated: {
      least: ['GroupMember.Read.All'],
      higher: [['Directory.Read.All'], ['Directory.ReadWrite.All'], ['Group.Read.All']],
    },
    application: {
      least: ['GroupMember.Read.All'],
      higher: [['Directory.Read.All'], ['Directory.ReadWrite.All'], ['Group.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/group-list-memberof?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#groupUnits'],
    checks: ['BG-006', 'BG-021'],
    note: 'The page: an app without permission to read a member type gets its items "with limited information" (id and @odata.type only). An administrative unit\'s isMemberManagementRestricted needs AdministrativeUnit.Read.All or Directory.Read.All, so the check read declares Directory.Read.All (a documented higher set).',
  },
  {
    id: 'administrativeUnit.scopedRoleMembers.list',
    api: 'graph',
    method: 'GET',
    path: '/directory/administrativeUnits/{id}/scopedRoleMembers',
    delegated: {
      least: ['RoleManagement.Read.Directory'],
      higher: [['RoleManagement.ReadWrite.Directory'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['RoleManagement.Read.Directory'],
      higher: [['RoleManagement.ReadWrite.Directory'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/administrativeunit-list-scopedrolemembers?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#unitRoles'],
    checks: ['BG-006', 'BG-017', 'BG-021'],
  },
  {
    id: 'group.owner.add',
    api: 'graph',
    method: 'POST',
    path: '/groups/{id}/owners/$ref',
    delegated: { least: ['Group.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    application: { least: ['Group.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    entraRoles: ['Groups Administrator', 'User Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/group-post-owners?view=graph-rest-1.0',
    usedBy: ['actions/groups/add-owner.ts (group not role-assignable)'],
    note: 'Least privileged: Group.ReadWrite.All; GroupMember.ReadWrite.All is not documented for owners.',
  },
  {
    id: 'group.owner.add.roleAssignable',
    api: 'graph',
    method: 'POST',
    path: '/groups/{id}/owners/$ref',
    when: 'target-group-role-assignable',
    delegated: {
      least: ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      higher: [['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']],
    },
    application: {
      least: ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
      higher: [['Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']],
    },
    entraRoles: ['Privileged Role Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/group-post-owners?view=graph-rest-1.0',
    usedBy: ['actions/groups/add-owner.ts'],
    note: 'Least privileged: Group.ReadWrite.All (GroupMember.ReadWrite.All is not documented for owners). Role-assignable group: same "also RoleManagement.ReadWrite.Directory" rule as members; stricter reading: both required. Owner is a service principal; Application.Read.All covers reading it.',
    unsettled: true,
  },
  {
    id: 'applications.list',
    api: 'graph',
    method: 'GET',
    path: '/applications',
    query: "$filter=appId eq '{appId}' | displayName eq '{name}'",
    delegated: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/application-list?view=graph-rest-1.0',
    usedBy: [
      'actions/apps/add-certificate.ts',
      'actions/apps/app-credentials.ts',
      'actions/apps/create-emergency-app.ts',
      'actions/apps/create-break-glass-app.ts',
      'actions/apps/remove-owners.ts',
      'queries/app-prove-token.ts',
    ],
    note: 'Member users can read applications by default.',
  },
  {
    id: 'application.create',
    api: 'graph',
    method: 'POST',
    path: '/applications',
    delegated: { least: ['AppRegistration.Create'], higher: [['Application.ReadWrite.All']] },
    application: {
      least: ['AppRegistration.Create'],
      higher: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All']],
    },
    entraRoles: ['Application Developer', 'Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/application-post-applications?view=graph-rest-1.0',
    usedBy: ['actions/apps/create-emergency-app.ts', 'actions/apps/create-break-glass-app.ts'],
    note: 'Application Developer only when the tenant restricts app registration (default: members can register apps).',
  },
  {
    id: 'application.update',
    api: 'graph',
    method: 'PATCH',
    path: '/applications/{id}',
    delegated: { least: ['Application.ReadWrite.All'], higher: [] },
    application: { least: ['Application.ReadWrite.OwnedBy'], higher: [['Application.ReadWrite.All']] },
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/application-update?view=graph-rest-1.0',
    usedBy: ['actions/apps/add-certificate.ts', 'actions/apps/remove-credential.ts'],
    note: 'Body sets keyCredentials: the whole collection, so every certificate kept is re-sent. An owner of the application needs no role.',
  },
  {
    id: 'directoryAudits.list',
    api: 'graph',
    method: 'GET',
    path: '/auditLogs/directoryAudits',
    query: '$filter=activityDateTime ge {since} (and initiatedBy/user/userPrincipalName eq {upn})',
    delegated: { least: ['AuditLog.Read.All'], higher: [] },
    application: { least: ['AuditLog.Read.All'], higher: [] },
    entraRoles: ['Reports Reader', 'Security Reader', 'Security Administrator', 'Global Reader'],
    docs: 'https://learn.microsoft.com/graph/api/directoryaudit-list?view=graph-rest-1.0',
    usedBy: ['queries/app-audit-trail.ts', 'queries/audit-actions-by-accounts.ts'],
    note: 'Directory audit events are kept 7 days without Microsoft Entra ID P1, 30 days with it (https://learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention). An application holding a directory role reads them by that role.',
  },
  {
    id: 'application.get.keyCredentials',
    api: 'graph',
    method: 'GET',
    path: '/applications/{id}',
    query: '$select=id,appId,displayName,keyCredentials,passwordCredentials',
    delegated: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/application-get?view=graph-rest-1.0',
    usedBy: ['actions/apps/app-credentials.ts'],
    note: "One object with $select=keyCredentials: the only read that returns each certificate's `key` (https://learn.microsoft.com/graph/api/resources/keycredential).",
  },
  {
    id: 'application.addPassword',
    api: 'graph',
    method: 'POST',
    path: '/applications/{id}/addPassword',
    delegated: { least: ['Application.ReadWrite.All'], higher: [] },
    application: { least: ['Application.ReadWrite.OwnedBy'], higher: [['Application.ReadWrite.All']] },
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/application-addpassword?view=graph-rest-1.0',
    usedBy: ['actions/apps/add-secret.ts'],
    note: 'The secret (secretText) is in this response only. An owner of the application needs no role.',
  },
  {
    id: 'application.removePassword',
    api: 'graph',
    method: 'POST',
    path: '/applications/{id}/removePassword',
    delegated: { least: ['Application.ReadWrite.All'], higher: [] },
    application: { least: ['Application.ReadWrite.OwnedBy'], higher: [['Application.ReadWrite.All']] },
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/application-removepassword?view=graph-rest-1.0',
    usedBy: ['actions/apps/remove-credential.ts'],
    note: 'Secrets are removed by keyId; PATCH cannot set passwordCredentials. An owner of the application needs no role.',
  },
  {
    id: 'servicePrincipals.list',
    api: 'graph',
    method: 'GET',
    path: '/servicePrincipals',
    query: "$filter=appId eq '{appId}'&$select=id,displayName",
    delegated: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-list?view=graph-rest-1.0',
    usedBy: [
      'actions/apps/create-emergency-app.ts',
      'actions/apps/grant-consent.ts',
      'actions/groups/add-owner.ts',
      'actions/apps/create-break-glass-app.ts',
      'actions/apps/remove-owners.ts',
      'actions/roles/assign-to-service-principal.ts',
    ],
  },
  {
    id: 'servicePrincipal.create',
    api: 'graph',
    method: 'POST',
    path: '/servicePrincipals',
    delegated: { least: ['Application.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    application: {
      least: ['Application.ReadWrite.OwnedBy'],
      higher: [['Application.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-post-serviceprincipals?view=graph-rest-1.0',
    usedBy: ['actions/apps/create-emergency-app.ts', 'actions/apps/create-break-glass-app.ts'],
  },
  {
    id: 'application.owners.list',
    api: 'graph',
    method: 'GET',
    path: '/applications/{id}/owners',
    delegated: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['Application.Read.All'],
      higher: [
        ['Application.ReadWrite.OwnedBy'],
        ['Application.ReadWrite.All'],
        ['Directory.Read.All'],
        ['Directory.ReadWrite.All'],
      ],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/application-list-owners?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#bgApp', 'actions/apps/remove-owners.ts'],
    note: 'Member users can read application owners by default (the page lists non-admin member users).',
  },
  {
    id: 'application.federatedIdentityCredentials.list',
    api: 'graph',
    method: 'GET',
    path: '/applications/{id}/federatedIdentityCredentials',
    delegated: { least: ['Application.Read.All'], higher: [['Application.ReadWrite.All']] },
    application: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All']],
    },
    // Learn's least privileged roles: a member user or Application Developer for apps they own, Cloud Application
    // Administrator, Application Administrator. Ownership is not modelled here: the stricter reading keeps the two
    // administrator roles.
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials?view=graph-rest-1.0',
    usedBy: ['test/practice-federated-credentials.test.ts'],
    note: 'What the app trusts for workload identity federation (issuer, subject, audiences); read-only.',
  },
  {
    id: 'application.owner.remove',
    api: 'graph',
    method: 'DELETE',
    path: '/applications/{id}/owners/{id}/$ref',
    delegated: { least: ['Application.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    application: {
      least: ['Application.ReadWrite.OwnedBy'],
      higher: [['Application.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/application-delete-owners?view=graph-rest-1.0',
    usedBy: ['actions/apps/remove-owners.ts'],
  },
  {
    id: 'servicePrincipal.owners.list',
    api: 'graph',
    method: 'GET',
    path: '/servicePrincipals/{id}/owners',
    delegated: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['Application.Read.All'],
      higher: [
        ['Application.ReadWrite.OwnedBy'],
        ['Application.ReadWrite.All'],
        ['Directory.Read.All'],
        ['Directory.ReadWrite.All'],
      ],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-list-owners?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#bgApp', 'actions/apps/remove-owners.ts'],
  },
  {
    id: 'servicePrincipal.owner.remove',
    api: 'graph',
    method: 'DELETE',
    path: '/servicePrincipals/{id}/owners/{id}/$ref',
    delegated: { least: ['Application.ReadWrite.All'], higher: [['Directory.ReadWrite.All']] },
    application: {
      least: ['Application.ReadWrite.OwnedBy'],
      higher: [['Application.ReadWrite.All'], ['Directory.ReadWrite.All']],
    },
    entraRoles: ['Cloud Application Administrator', 'Application Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-delete-owners?view=graph-rest-1.0',
    usedBy: ['actions/apps/remove-owners.ts'],
    note: 'UNSETTLED: permissions taken as for application owners (same page family); stricter reading.',
    unsettled: true,
  },
  {
    id: 'servicePrincipal.appRoleAssignments.list',
    api: 'graph',
    method: 'GET',
    path: '/servicePrincipals/{id}/appRoleAssignments',
    delegated: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
    },
    application: {
      least: ['Application.Read.All'],
      higher: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All'], ['Directory.Read.All']],
    },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignments?view=graph-rest-1.0',
    usedBy: ['actions/apps/grant-consent.ts'],
  },
  {
    id: 'servicePrincipal.appRoleAssignment.create',
    api: 'graph',
    method: 'POST',
    path: '/servicePrincipals/{id}/appRoleAssignments',
    delegated: {
      least: ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'],
      higher: [
        ['AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'],
        ['Application.ReadWrite.All'],
        ['Directory.ReadWrite.All'],
      ],
    },
    application: {
      least: ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'],
      higher: [
        ['AppRoleAssignment.ReadWrite.All', 'Directory.Read.All'],
        ['Application.ReadWrite.All'],
        ['Directory.ReadWrite.All'],
      ],
    },
    entraRoles: ['Privileged Role Administrator'],
    docs: 'https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments?view=graph-rest-1.0',
    usedBy: ['actions/apps/grant-consent.ts'],
    note: 'Least: "AppRoleAssignment.ReadWrite.All and Application.Read.All" (permissions source: AlsoRequires=Application.Read.All,Directory.Read.All). Granting Microsoft Graph application permissions (app roles of a Microsoft API) is admin consent: Privileged Role Administrator is the least role (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent).',
  },
  {
    id: 'directoryObject.get',
    api: 'graph',
    method: 'GET',
    path: '/directoryObjects/{id}',
    delegated: { least: ['Directory.Read.All'], higher: [['Directory.ReadWrite.All']] },
    application: { least: ['Directory.Read.All'], higher: [['Directory.ReadWrite.All']] },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/api/directoryobject-get?view=graph-rest-1.0',
    usedBy: [
      'checks/reads.ts#gaPrincipals (who each Global Administrator principal is)',
      'commands/check.ts (resolveNames, suggestions when no accounts are declared)',
    ],
    checks: ['BG-028'],
    note: 'In `check` without declared accounts (resolveNames) failures are swallowed as a courtesy: without Directory.Read.All it answers 403 on a real tenant and the suggestions show bare ids.',
  },
  {
    id: 'signIns.list',
    api: 'graph',
    method: 'GET',
    path: '/auditLogs/signIns',
    delegated: { least: ['AuditLog.Read.All', 'Directory.Read.All'], higher: [] },
    application: { least: ['AuditLog.Read.All', 'Directory.Read.All'], higher: [] },
    entraRoles: ['Reports Reader', 'Security Reader', 'Global Reader', 'Security Operator', 'Security Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumReporting,
    docs: 'https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-1.0',
    usedBy: ['queries/signins-history.ts'],
    note: 'UNSETTLED. The generated table lists AuditLog.Read.All least and Directory.Read.All higher; earlier revisions of the page say the API "currently requires consent to both the AuditLog.Read.All and Directory.Read.All permissions" (known issue: license-check errors for activity reports). Stricter reading: both required. Licence: the reporting API needs Entra ID P1 or P2 — "Neither tenant is B2C or tenant doesn\'t have premium license" (https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-prerequisites-for-reporting-api). appliedConditionalAccessPolicies is omitted unless the caller also holds Policy.Read.All / Policy.Read.ConditionalAccess and a CA-reading role.',
    unsettled: true,
  },
  {
    id: 'signIns.list.beta',
    api: 'graph-beta',
    method: 'GET',
    path: '/auditLogs/signIns',
    delegated: { least: ['AuditLog.Read.All', 'Directory.Read.All'], higher: [] },
    application: { least: ['AuditLog.Read.All', 'Directory.Read.All'], higher: [] },
    entraRoles: ['Reports Reader', 'Security Reader', 'Global Reader', 'Security Operator', 'Security Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumReporting,
    docs: 'https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta',
    usedBy: ['checks/reads.ts#signIns'],
    checks: ['BG-013', 'BG-014'],
    note: 'beta, for authenticationDetails. UNSETTLED. The generated table lists AuditLog.Read.All least and Directory.Read.All higher; earlier revisions of the page say the API "currently requires consent to both the AuditLog.Read.All and Directory.Read.All permissions" (known issue: license-check errors for activity reports). Stricter reading: both required. Licence: the reporting API needs Entra ID P1 or P2 — "Neither tenant is B2C or tenant doesn\'t have premium license" (https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-prerequisites-for-reporting-api). appliedConditionalAccessPolicies is omitted unless the caller also holds Policy.Read.All / Policy.Read.ConditionalAccess and a CA-reading role.',
    unsettled: true,
  },
  {
    id: 'ca.evaluate',
    api: 'graph',
    method: 'POST',
    path: '/identity/conditionalAccess/evaluate',
    delegated: {
      least: ['Policy.Read.ConditionalAccess'],
      higher: [['Policy.Read.All'], ['Policy.ReadWrite.ConditionalAccess']],
    },
    application: {
      least: ['Policy.Read.ConditionalAccess'],
      higher: [['Policy.Read.All'], ['Policy.ReadWrite.ConditionalAccess']],
    },
    entraRoles: ['Security Reader', 'Global Reader', 'Conditional Access Administrator', 'Security Administrator'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.premiumP1,
    docs: 'https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate?view=graph-rest-1.0',
    usedBy: ['checks/reads.ts#whatIf'],
    checks: ['BG-018'],
    note: 'v1.0: the action is in the v1.0 metadata (conditionalAccessRoot/evaluate) and the checks call it there. Table confirmed on the v1.0 page (least Policy.Read.ConditionalAccess; higher Policy.Read.All, Policy.ReadWrite.ConditionalAccess), the same as beta. UNSETTLED: the page has no role paragraph and no licence statement; the table assumes the Conditional Access read roles and P1 (What If is part of Conditional Access).',
    unsettled: true,
  },
  {
    id: 'batch',
    api: 'graph',
    method: 'POST',
    path: '/$batch',
    delegated: { least: [], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    docs: 'https://learn.microsoft.com/graph/json-batching',
    usedBy: [
      'tenant/graph.ts, for checks/graph-waves.ts (the waves of checks/fetch-tenant-reads.ts, checks/fetch-account-reads.ts, checks/fetch-group-reads.ts)',
      'checks/fetch-bg-app.ts',
      'checks/fetch-unit-roles.ts',
      'queries/ca-exclusion-plan.ts',
      'queries/input-suggestions.ts',
      'queries/methods-inventory.ts',
      'queries/tenant-info.ts',
      'commands/check.ts',
      'export/resolve.ts',
    ],
    note: 'The envelope needs no permission; each inner request is authorized as if sent alone (its own row). Also POST /beta/$batch. Each item carries its own status, headers and request-id.',
  },
  {
    id: 'aadiam.diagnosticSettings.list',
    api: 'arm',
    method: 'GET',
    path: '/providers/microsoft.aadiam/diagnosticSettings',
    apiVersion: '2017-04-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: ['Security Administrator'],
    docs: 'https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs',
    usedBy: ['checks/reads.ts#diagnosticSettings', 'queries/input-suggestions.ts (suggest: sign-in-log-workspace)'],
    checks: ['BG-011'],
    note: 'Tenant-level ARM resource authorized by the caller\'s Entra role, not Azure RBAC. Learn names "at least the Security Administrator role" for diagnostic settings; a lower role for reading them is not documented — stricter reading: Security Administrator. App-only use is not documented (third-party providers state the API does not accept service principals) — unsettled.',
    unsettled: true,
  },
  {
    id: 'aadiam.diagnosticSetting.get',
    api: 'arm',
    method: 'GET',
    path: '/providers/microsoft.aadiam/diagnosticSettings/{name}',
    apiVersion: '2017-04-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: ['Security Administrator'],
    docs: 'https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs',
    usedBy: ['actions/monitoring/diagnostic-settings.ts'],
  },
  {
    id: 'aadiam.diagnosticSetting.put',
    api: 'arm',
    method: 'PUT',
    path: '/providers/microsoft.aadiam/diagnosticSettings/{name}',
    apiVersion: '2017-04-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: ['Security Administrator'],
    azureRbac: ['Log Analytics Contributor (on the destination workspace)'],
    licence: 'P1',
    licenceError: LICENCE_ERRORS.diagnosticExport,
    docs: 'https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs',
    usedBy: ['actions/monitoring/diagnostic-settings.ts'],
    note: 'Prerequisites on Learn: "At least the Security Administrator role in the Microsoft Entra tenant" and "Permission to access data in a Log Analytics workspace" (which Azure role is checked on the destination is not stated — stricter reading: Log Analytics Contributor on the workspace). Exporting sign-in logs needs Entra ID P1/P2. Template reference: https://learn.microsoft.com/azure/templates/microsoft.aadiam/2017-04-01/diagnosticsettings',
    unsettled: true,
  },
  {
    id: 'logAnalytics.workspace.get',
    api: 'arm',
    method: 'GET',
    path: '{workspaceResourceId}',
    apiVersion: '2022-10-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Reader (Microsoft.OperationalInsights/workspaces/read, in its */read)'],
    docs: 'https://learn.microsoft.com/rest/api/loganalytics/workspaces/get',
    usedBy: [
      'checks/fetch-log-arrivals.ts (logArrivals)',
      'checks/fetch-probes.ts (alertProbes)',
      'checks/fetch-bg-app.ts (bgAppProbes)',
      'queries/app-signins-arrived.ts',
    ],
    checks: ['BG-011', 'BG-012', 'BG-024'],
    note: 'Workspaces - Get (operation Workspaces_Get of Azure/azure-rest-api-specs specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2022-10-01/Workspaces.json, vendored as an operation path in src/practice/contracts/data/arm-specs.json), read for properties.customerId: the workspace id the Log Analytics query API addresses. Microsoft.OperationalInsights/workspaces/read is in Reader, in Log Analytics Reader and in Monitoring Reader ("Can read all monitoring data", */read: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/monitor); the reads and the query that make the call declare Monitoring Reader.',
  },
  {
    id: 'sentinel.alertRules.list',
    api: 'arm',
    method: 'GET',
    path: '{workspaceId}/providers/Microsoft.SecurityInsights/alertRules',
    apiVersion: '2025-07-01-preview',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Microsoft Sentinel Reader (Microsoft.SecurityInsights/alertRules/read)'],
    docs: 'https://learn.microsoft.com/azure/sentinel/roles',
    usedBy: ['checks/reads.ts#alertRules'],
    checks: ['BG-012', 'BG-016'],
    note: 'REST: https://learn.microsoft.com/rest/api/securityinsights/alert-rules/list . NRT rules need a preview api-version.',
  },
  {
    id: 'sentinel.alertRule.get',
    api: 'arm',
    method: 'GET',
    path: '{workspaceId}/providers/Microsoft.SecurityInsights/alertRules/{ruleId}',
    apiVersion: '2025-07-01-preview',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Microsoft Sentinel Reader (Microsoft.SecurityInsights/alertRules/read)'],
    docs: 'https://learn.microsoft.com/azure/sentinel/roles',
    usedBy: ['actions/monitoring/alert-rule.ts (sentinel: true)'],
  },
  {
    id: 'sentinel.alertRule.put',
    api: 'arm',
    method: 'PUT',
    path: '{workspaceId}/providers/Microsoft.SecurityInsights/alertRules/{ruleId}',
    apiVersion: '2025-07-01-preview',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Microsoft Sentinel Contributor (Microsoft.SecurityInsights/alertRules/write)'],
    docs: 'https://learn.microsoft.com/azure/sentinel/roles',
    usedBy: ['actions/monitoring/alert-rule.ts (sentinel: true)'],
    note: 'REST: https://learn.microsoft.com/rest/api/securityinsights/alert-rules/create-or-update . The action declares both roles whichever variant runs (Monitoring Contributor is not needed for the Sentinel variant).',
  },
  {
    id: 'insights.scheduledQueryRules.listBySubscription',
    api: 'arm',
    method: 'GET',
    path: '/subscriptions/{sub}/providers/Microsoft.Insights/scheduledQueryRules',
    apiVersion: '2023-12-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Reader (Microsoft.Insights/scheduledQueryRules/read)'],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security',
    usedBy: ['checks/reads.ts#scheduledQueryRules'],
    checks: ['BG-012', 'BG-016'],
    note: 'REST: https://learn.microsoft.com/rest/api/monitor/scheduled-query-rules/list-by-subscription',
  },
  {
    id: 'insights.scheduledQueryRule.get',
    api: 'arm',
    method: 'GET',
    path: '{resourceGroupId}/providers/Microsoft.Insights/scheduledQueryRules/{name}',
    apiVersion: '2023-12-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Reader (Microsoft.Insights/scheduledQueryRules/read)'],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security',
    usedBy: ['actions/monitoring/alert-rule.ts (sentinel: false)'],
  },
  {
    id: 'insights.scheduledQueryRule.put',
    api: 'arm',
    method: 'PUT',
    path: '{resourceGroupId}/providers/Microsoft.Insights/scheduledQueryRules/{name}',
    apiVersion: '2023-12-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Contributor (Microsoft.Insights/scheduledQueryRules/write)'],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security',
    usedBy: ['actions/monitoring/alert-rule.ts (sentinel: false)'],
    note: 'REST: https://learn.microsoft.com/rest/api/monitor/scheduled-query-rules/create-or-update . The caller also needs read access to the workspace in scopes (Monitoring Contributor includes */read).',
  },
  {
    id: 'insights.actionGroup.get',
    api: 'arm',
    method: 'GET',
    path: '{resourceGroupId}/providers/Microsoft.Insights/actionGroups/{name}',
    apiVersion: '2023-01-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Reader (Microsoft.Insights/actionGroups/read)'],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security',
    usedBy: ['actions/monitoring/action-group.ts'],
  },
  {
    id: 'insights.actionGroup.put',
    api: 'arm',
    method: 'PUT',
    path: '{resourceGroupId}/providers/Microsoft.Insights/actionGroups/{name}',
    apiVersion: '2023-01-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Contributor (Microsoft.Insights/actionGroups/write)'],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security',
    usedBy: ['actions/monitoring/action-group.ts'],
    note: 'REST: https://learn.microsoft.com/rest/api/monitor/action-groups/create-or-update',
  },
  {
    id: 'authorization.roleAssignments.list',
    api: 'arm',
    method: 'GET',
    path: '{scope}/providers/Microsoft.Authorization/roleAssignments',
    apiVersion: '2022-04-01',
    query: "$filter=principalId eq '{id}'",
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Reader (Microsoft.Authorization/roleAssignments/read) at the scope'],
    docs: 'https://learn.microsoft.com/azure/role-based-access-control/role-assignments-list-rest',
    usedBy: ['actions/azure/assign-role-to-service-principal.ts', 'checks/fetch-bg-app-azure.ts'],
    checks: ['BG-026'],
    note: 'REST: https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope . "$filter=principalId eq {id}" returns the assignments at, above or below the scope for that principal (the spec\'s RoleAssignmentFilterParameter). {scope}: /subscriptions/{id} or /providers/Microsoft.Management/managementGroups/{id}.',
  },
  {
    id: 'authorization.roleAssignment.put',
    api: 'arm',
    method: 'PUT',
    path: '{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}',
    apiVersion: '2022-04-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: [
      'User Access Administrator (Microsoft.Authorization/roleAssignments/write at the scope; Role Based Access Control Administrator or Owner also hold it)',
    ],
    docs: 'https://learn.microsoft.com/azure/role-based-access-control/role-assignments-rest',
    usedBy: ['actions/azure/assign-role-to-service-principal.ts'],
    note: 'REST: https://learn.microsoft.com/rest/api/authorization/role-assignments/create . Learn\'s prerequisite is "Microsoft.Authorization/roleAssignments/write permissions, such as Role Based Access Control Administrator or User Access Administrator" (Owner holds it too). A Global Administrator without an Azure role has none until they elevate access: https://learn.microsoft.com/azure/role-based-access-control/elevate-access-global-admin',
  },
  {
    id: 'sentinel.incidents.list',
    api: 'arm',
    method: 'GET',
    path: '{workspaceId}/providers/Microsoft.SecurityInsights/incidents',
    apiVersion: '2025-07-01-preview',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Microsoft Sentinel Reader (Microsoft.SecurityInsights/incidents/read)'],
    docs: 'https://learn.microsoft.com/azure/sentinel/roles',
    usedBy: ['queries/alert-fired.ts (sentinel: true)'],
    note: 'REST: https://learn.microsoft.com/rest/api/securityinsights/incidents/list . The query reads only the first page (nextLink not followed).',
  },
  {
    id: 'alertsManagement.alerts.list',
    api: 'arm',
    method: 'GET',
    path: '/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts',
    apiVersion: '2019-03-01',
    delegated: { least: ['user_impersonation'], higher: [] },
    application: { least: [], higher: [] },
    entraRoles: [],
    azureRbac: ['Monitoring Reader (Microsoft.AlertsManagement/alerts/read)'],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/roles-permissions-security',
    usedBy: ['queries/alert-fired.ts (sentinel: false)'],
    note: 'REST: https://learn.microsoft.com/rest/api/monitor/alertsmanagement/alerts/get-all',
  },
  {
    id: 'logAnalytics.query',
    api: 'logs',
    method: 'POST',
    path: '/v1/workspaces/{workspaceId}/query',
    delegated: { least: ['Data.Read'], higher: [] },
    application: { least: ['Data.Read'], higher: [] },
    entraRoles: [],
    azureRbac: [
      'Log Analytics Reader (Microsoft.OperationalInsights/workspaces/query/read; table SigninLogs readable)',
    ],
    docs: 'https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api',
    usedBy: ['queries/signins-arrived.ts', 'queries/app-signins-arrived.ts', 'checks/reads.ts#logArrivals'],
    checks: ['BG-011', 'BG-012'],
    note: 'Host api.loganalytics.io (scope https://api.loganalytics.io/Data.Read delegated, /.default app-only with the Data.Read app role). Authorization is Azure RBAC on the workspace: https://learn.microsoft.com/azure/azure-monitor/logs/manage-access . A first-party public client that is not pre-authorized for this resource gets AADSTS65002.',
  },
];

const BY_ID = new Map(PERMISSION_TABLE.map((r) => [r.id, r]));

/** The row with this id; throws on an unknown id (a typo must not pass silently). */
export function permissionRow(id: string): PermissionRow {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`no permission-table row "${id}"`);
  return r;
}

/** Every permission set that lets a caller of this kind make the call (least first). Empty: not documented for this kind. */
export function acceptedSets(row: PermissionRow, kind: 'delegated' | 'application'): string[][] {
  const c = kind === 'delegated' ? row.delegated : row.application;
  return c ? [c.least, ...c.higher] : [];
}

/** Does a caller holding `granted` (case-insensitive names) satisfy the row for this kind? Exactly the table: no implied supersets. */
export function grantSatisfies(
  row: PermissionRow,
  kind: 'delegated' | 'application',
  granted: Iterable<string>,
): boolean {
  const have = new Set([...granted].map((g) => g.toLowerCase()));
  // X.ReadWrite.Y stands in for X.Read.Y: the rule breakglass's own pre-run check uses when it
  // asks only for the write scope. Where Microsoft's table does not list the write form for a
  // read, this is the one place the table is read less strictly (docs/permissions.md says so) —
  // except where Microsoft's tables say the write form does not cover the read (core/permission-rules.ts:
  // GroupMember.ReadWrite.All cannot list or get groups), the same exception the sign-in's scopes follow.
  const holds = (p: string): boolean => {
    const lower = p.toLowerCase();
    if (have.has(lower)) return true;
    if (COVERED_ONLY_BY[lower]) return false;
    return have.has(lower.replace(/\.read(\.|$)/, '.readwrite$1'));
  };
  return acceptedSets(row, kind).some((set) => set.every(holds));
}
