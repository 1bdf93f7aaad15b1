/**
 * The TenantSnapshot: everything the built-in checks read, fetched once per
 * run by the fetch plan (./fetch-plan.ts). Every field is a Read<T> so a
 * failed (or not fetched) read is visible to the check, which then returns
 * `error` — never `pass`.
 *
 * Entity shapes list only the Graph / ARM fields the checks use (the fetch
 * plan `$select`s exactly these).
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { RequestEvidence } from '../core/tenant.js';
import type { Selected } from '../core/graph-types.js';
import type { Read } from '../core/check.js';

export const GLOBAL_ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';

export interface User {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  onPremisesImmutableId?: string | null;
  lastPasswordChangeDateTime?: string | null;
  assignedLicenses?: { skuId: string }[] | null;
  /** "Returned only on $select" (https://learn.microsoft.com/graph/api/resources/user); absent = not read. */
  passwordPolicies?: string | null;
}

export interface SignInActivity {
  lastSignInDateTime?: string | null;
  lastSuccessfulSignInDateTime?: string | null;
  lastNonInteractiveSignInDateTime?: string | null;
}

export interface Organization {
  id: string;
  displayName?: string | null;
  verifiedDomains: { name: string; isDefault?: boolean; isInitial?: boolean; type?: string }[];
  /** The tenant's service plans (https://learn.microsoft.com/graph/api/resources/assignedplan): which licences it holds (licences.ts). */
  assignedPlans?: { servicePlanId?: string | null; capabilityStatus?: string | null; service?: string | null }[] | null;
}

export interface AuthMethod {
  '@odata.type': string;
  id: string;
  [k: string]: unknown;
}

export interface Fido2Method {
  id: string;
  displayName?: string | null;
  aaGuid?: string | null;
  model?: string | null;
  attestationLevel?: string | null;
  createdDateTime?: string | null;
  /** deviceBound | synced | unknownFutureValue (v1.0 $metadata, graph.passkeyType); absent on older answers. */
  passkeyType?: string | null;
}

export interface TapMethod {
  id: string;
  createdDateTime?: string | null;
  startDateTime?: string | null;
  lifetimeInMinutes?: number | null;
  isUsableOnce?: boolean | null;
  isUsable?: boolean | null;
  methodUsabilityReason?: string | null;
}

/** A directoryObject from memberOf / members (group, directoryRole, user, servicePrincipal …). */
export interface DirObject {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  roleTemplateId?: string | null;
  /** Service principals and applications. */
  appId?: string | null;
  /** Administrative units: a restricted management unit (null when the caller may not read it). */
  isMemberManagementRestricted?: boolean | null;
}

/** A role assigned at an administrative unit's scope (scopedRoleMembership). */
export interface ScopedRole {
  id: string;
  administrativeUnitId: string;
  roleId: string;
  roleMemberInfo: { id: string; displayName?: string | null };
}

export interface AppRoleAssignment {
  id: string;
  appRoleId?: string;
  resourceId?: string;
  resourceDisplayName?: string | null;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string;
}

/** roleAssignmentScheduleInstances: tells permanent (endDateTime null, Assigned) from time-bound or activated. */
export interface RoleAssignmentInstance {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  assignmentType?: string | null; // Assigned | Activated
  memberType?: string | null; // Direct | Group | Inherited
  startDateTime?: string | null;
  endDateTime?: string | null;
}

export interface RoleEligibility {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  status?: string | null;
  memberType?: string | null;
  scheduleInfo?: { expiration?: { type?: string | null; endDateTime?: string | null } | null } | null;
}

/**
 * A principal holding or eligible for Global Administrator: the directory object (GET /directoryObjects/{id},
 * typed by @odata.type; null = no such object), and for a group its members (GET /groups/{id}/members).
 */
export interface GaPrincipal {
  object: Read<DirObject | null>;
  /** Groups only; absent until read. */
  members?: Read<DirObject[]>;
}

export interface Group {
  id: string;
  displayName: string;
  groupTypes?: string[] | null;
  securityEnabled?: boolean | null;
  mailEnabled?: boolean | null;
  isAssignableToRole?: boolean | null;
  membershipRule?: string | null;
  /** Public, Private or HiddenMembership: who may join (https://learn.microsoft.com/graph/api/resources/group, "Group visibility options"). */
  visibility?: string | null;
}

/** conditionalAccessUsers (https://learn.microsoft.com/graph/api/resources/conditionalaccessusers), as Microsoft types it. */
export type CaUsers = Graph.ConditionalAccessUsers;

/**
 * A Conditional Access policy (https://learn.microsoft.com/graph/api/resources/conditionalaccesspolicy):
 * Microsoft's type, with the id, name and state every check relies on made required.
 */
export type CaPolicy = Selected<Graph.ConditionalAccessPolicy, 'id' | 'displayName' | 'state'> &
  Pick<Graph.ConditionalAccessPolicy, 'conditions' | 'grantControls' | 'sessionControls'>;

export interface AuthMethodTarget {
  id: string;
  targetType?: string;
  isRegistrationRequired?: boolean;
}

export interface AuthMethodConfig {
  '@odata.type'?: string;
  id: string;
  state?: string;
  includeTargets?: AuthMethodTarget[];
  excludeTargets?: AuthMethodTarget[];
  isAttestationEnforced?: boolean;
  isSelfServiceRegistrationAllowed?: boolean;
  keyRestrictions?: { isEnforced?: boolean; enforcementType?: string; aaGuids?: string[] } | null;
}

export interface AuthMethodsPolicy {
  id?: string;
  authenticationMethodConfigurations: AuthMethodConfig[];
}

export interface SecurityDefaults {
  id?: string;
  isEnabled: boolean;
}

/** What the declared workspace received from Entra within the window (an app-only stand-in for the diagnostic settings). */
export interface LogArrivals {
  /** The declared workspace's resource id. */
  workspace: string;
  /** ISO 8601 duration looked back over, e.g. P1D. */
  window: string;
  /** Per Log Analytics table (SigninLogs, AADNonInteractiveUserSignInLogs, AuditLogs): rows and the newest row's time. */
  tables: Record<string, { rows: number; newest: string | null }>;
}

export interface DiagnosticSetting {
  id?: string;
  name: string;
  properties: {
    workspaceId?: string | null;
    logs?: { category?: string; categoryGroup?: string; enabled: boolean }[];
  };
}

/** Microsoft Sentinel analytics rule (SecurityInsights alertRules). */
export interface SentinelRule {
  id: string;
  name: string;
  kind: string; // Scheduled | NRT | Fusion | MicrosoftSecurityIncidentCreation …
  properties: {
    displayName?: string;
    enabled?: boolean;
    query?: string;
    queryFrequency?: string;
    queryPeriod?: string;
    /** Scheduled rules: GreaterThan | LessThan | Equal | NotEqual, against the number of result rows. */
    triggerOperator?: string;
    triggerThreshold?: number;
    severity?: string;
    incidentConfiguration?: { createIncident?: boolean } | null;
  };
}

/** Azure Monitor scheduled query rule (Microsoft.Insights/scheduledQueryRules 2023-12-01). */
export interface ScheduledQueryRule {
  id: string;
  name: string;
  kind?: string;
  properties: {
    displayName?: string;
    enabled?: boolean;
    evaluationFrequency?: string;
    windowSize?: string;
    scopes?: string[];
    criteria?: {
      allOf?: {
        query?: string;
        timeAggregation?: string;
        metricMeasureColumn?: string;
        operator?: string;
        threshold?: number;
        failingPeriods?: { numberOfEvaluationPeriods?: number; minFailingPeriodsToAlert?: number } | null;
      }[];
    };
    actions?: { actionGroups?: string[] } | null;
  };
}

/** Microsoft.Insights/actionGroups (2023-01-01): receivers are the *Receivers arrays. */
export interface ActionGroup {
  id: string;
  name: string;
  properties: { enabled?: boolean; groupShortName?: string; [receivers: string]: unknown };
}

/** Microsoft.SecurityInsights/automationRules: what happens when an incident is created. */
export interface AutomationRule {
  id: string;
  name: string;
  properties: {
    displayName?: string;
    order?: number;
    triggeringLogic?: {
      isEnabled?: boolean;
      expirationTimeUtc?: string | null;
      triggersOn?: string;
      triggersWhen?: string;
      conditions?: {
        conditionType?: string;
        conditionProperties?: { propertyName?: string; operator?: string; propertyValues?: string[] };
      }[];
    };
    actions?: { order?: number; actionType?: string; actionConfiguration?: unknown }[];
  };
}

/** One run of a rule's query over a synthetic sign-in (./alert-probe.ts). */
export interface AlertProbe {
  ruleId: string;
  /** The declared account, lower-case. */
  upn: string;
  outcome: 'success' | 'failure';
  result: Read<{ columns: { name: string; type: string }[]; rows: unknown[][] }>;
}

/** An application's credential as Graph lists it (keyCredentials / passwordCredentials; never the key or secret). */
export interface AppCredential {
  keyId: string;
  displayName?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  /** keyCredentials only: AsymmetricX509Cert. */
  type?: string | null;
  usage?: string | null;
}

/** The service principal kept as a break-glass identity (CheckConfig.breakGlassApp). */
/**
 * An Azure role assignment (authorization-RoleAssignmentsCalls.json 2022-04-01, RoleAssignment): the
 * members the checks read.
 */
export interface AzureRoleAssignment {
  id: string;
  name?: string;
  properties: { roleDefinitionId: string; principalId: string; scope: string; principalType?: string };
}

export interface BreakGlassApp {
  application: {
    id: string;
    appId: string;
    displayName: string;
    keyCredentials: AppCredential[];
    passwordCredentials: AppCredential[];
  };
  /** null: the application has no service principal in this tenant. */
  servicePrincipal: { id: string; displayName?: string | null } | null;
}

/** One run of an alert rule's query over a synthetic sign-in of the break-glass app. */
export interface AppAlertProbe {
  ruleId: string;
  outcome: 'success' | 'failure';
  result: Read<{ columns: { name: string; type: string }[]; rows: unknown[][] }>;
}

export interface AccessReviewDefinition {
  id: string;
  displayName?: string;
  status?: string;
  scope?: unknown;
  instanceEnumerationScope?: unknown;
  settings?: {
    defaultDecisionEnabled?: boolean;
    defaultDecision?: string;
    autoApplyDecisionsEnabled?: boolean;
    recurrence?: { pattern?: { type?: string; interval?: number } | null; range?: unknown } | null;
  } | null;
}

/** One entry of the beta conditionalAccess/evaluate answer. */
export interface WhatIfPolicy extends CaPolicy {
  policyApplies?: boolean;
  analysisReasons?: string;
}

export interface AccountSnapshot {
  /** As declared (lower-cased). */
  upn: string;
  /** null = no such user (404). */
  user: Read<User | null>;
  signInActivity: Read<SignInActivity | null>;
  methods: Read<AuthMethod[]>;
  fido2Methods: Read<Fido2Method[]>;
  tapMethods: Read<TapMethod[]>;
  /** Direct memberships (groups, directory roles). */
  memberOf: Read<DirObject[]>;
  /** Transitive group memberships: decides CA inclusion/exclusion through nested groups. */
  transitiveMemberOf: Read<DirObject[]>;
  appRoleAssignments: Read<AppRoleAssignment[]>;
  whatIf: Read<WhatIfPolicy[]>;
  /** Newest sign-in log entries (beta, with authenticationDetails). */
  signIns: Read<SignInLogEntry[]>;
  /** Groups, applications, service principals the account owns. */
  ownedObjects: Read<DirObject[]>;
}

export interface SignInLogEntry {
  id: string;
  createdDateTime: string;
  appDisplayName?: string | null;
  status?: { errorCode?: number; failureReason?: string | null } | null;
  authenticationDetails?: { authenticationMethod?: string; succeeded?: boolean }[] | null;
}

export interface TenantSnapshot {
  accounts: AccountSnapshot[];
  organization: Read<Organization>;
  /** null = declared but not found. */
  group: Read<Group | null>;
  groupMembers: Read<DirObject[]>;
  groupOwners: Read<DirObject[]>;
  /** The layered door's exclusion group (BG-025); null = declared but not found. */
  emergencyGroup: Read<Group | null>;
  emergencyGroupMembers: Read<DirObject[]>;
  /** What the exclusion group is a direct member of (groups and administrative units). */
  groupUnits: Read<DirObject[]>;
  /**
   * Roles scoped to each restricted management administrative unit holding the exclusion group or an
   * account, by unit id. Read only when there is such a unit.
   */
  unitRoles: Read<Record<string, ScopedRole[]>>;
  /** The declared emergency app's service principal (null when none is declared by appId, or none exists). */
  emergencyAppSp: Read<DirObject | null>;
  caPolicies: Read<CaPolicy[]>;
  securityDefaults: Read<SecurityDefaults>;
  authMethodsPolicy: Read<AuthMethodsPolicy>;
  roleAssignments: Read<RoleAssignment[]>;
  roleInstances: Read<RoleAssignmentInstance[]>;
  roleEligibility: Read<RoleEligibility[]>;
  /**
   * Who each principal of the Global Administrator assignments and eligibility is, by lowercased
   * principal id (./fetch-ga-principals.ts), and for a group its members.
   */
  gaPrincipals: Read<Record<string, GaPrincipal>>;
  accessReviews: Read<AccessReviewDefinition[]>;
  diagnosticSettings: Read<DiagnosticSetting[]>;
  /**
   * Rows that arrived in the declared workspace per Entra log table. Read only when the diagnostic
   * settings were refused to an app-only caller (./fetch-log-arrivals.ts): the outcome stands in for the
   * configuration. Otherwise "not read".
   */
  logArrivals: Read<LogArrivals>;
  sentinelRules: Read<SentinelRule[]>;
  scheduledQueryRules: Read<ScheduledQueryRule[]>;
  actionGroups: Read<ActionGroup[]>;
  automationRules: Read<AutomationRule[]>;
  alertProbes: Read<AlertProbe[]>;
  /** The declared break-glass app; null = no application has that appId. */
  bgApp: Read<BreakGlassApp | null>;
  /** Owners of the application and of its service principal, together. */
  bgAppOwners: Read<DirObject[]>;
  /** Directory role assignments of its service principal (any scope). */
  bgAppRoles: Read<RoleAssignment[]>;
  /** App role assignments (application permissions) of its service principal. */
  bgAppPermissions: Read<AppRoleAssignment[]>;
  /** Sign-in alert rules run over a synthetic ServicePrincipalSignInLogs row of the app. */
  bgAppProbes: Read<AppAlertProbe[]>;
  /** Newest successful sign-in of the app in the declared workspace (AADServicePrincipalSignInLogs); null = none. */
  bgAppLastSignIn: Read<string | null>;
  /**
   * Azure RBAC role assignments of its service principal, read at each declared scope with
   * $filter=principalId (at, above or below the scope), de-duplicated by id.
   */
  bgAppAzureRoles: Read<AzureRoleAssignment[]>;
  /** Evidence per read key ("caPolicies", "methods:bg1@x.onmicrosoft.com" …). */
  evidence: Record<string, RequestEvidence[]>;
}

const NOT_READ = ' was not read in this run';

export function notFetched<T>(what: string): Read<T> {
  return { ok: false, error: `${what}${NOT_READ}` };
}

/** The read was not part of this run (no check that ran asked for it) — not a failure. */
export function wasNotRead(r: Read<unknown>): boolean {
  return !r.ok && r.error.endsWith(NOT_READ) && !r.requestId;
}

export function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}

export function failed<T>(error: string, requestId?: string, licence?: string): Read<T> {
  return { ok: false, error, ...(requestId ? { requestId } : {}), ...(licence ? { licence } : {}) };
}

/** An empty snapshot where nothing was read (tests and the fetch plan start from this). */
export function emptySnapshot(): TenantSnapshot {
  return {
    accounts: [],
    organization: notFetched('organization'),
    group: notFetched('exclusion group'),
    groupMembers: notFetched('exclusion group members'),
    groupOwners: notFetched('exclusion group owners'),
    emergencyGroup: notFetched("layered door's exclusion group"),
    emergencyGroupMembers: notFetched("layered door's exclusion group members"),
    groupUnits: notFetched('administrative units holding the exclusion group'),
    unitRoles: notFetched('roles scoped to restricted management administrative units'),
    emergencyAppSp: notFetched("the emergency app's service principal"),
    caPolicies: notFetched('Conditional Access policies'),
    securityDefaults: notFetched('Security Defaults policy'),
    authMethodsPolicy: notFetched('authentication methods policy'),
    roleAssignments: notFetched('Global Administrator assignments'),
    roleInstances: notFetched('Global Administrator assignment schedules'),
    roleEligibility: notFetched('Global Administrator eligibility'),
    gaPrincipals: notFetched('Global Administrator principals'),
    accessReviews: notFetched('access review definitions'),
    diagnosticSettings: notFetched('Entra diagnostic settings'),
    logArrivals: notFetched('rows arriving in the workspace'),
    sentinelRules: notFetched('Sentinel analytics rules'),
    scheduledQueryRules: notFetched('Azure Monitor scheduled query rules'),
    actionGroups: notFetched('action groups'),
    automationRules: notFetched('Sentinel automation rules'),
    alertProbes: notFetched('alert rule probes'),
    bgApp: notFetched('break-glass application'),
    bgAppOwners: notFetched('break-glass application owners'),
    bgAppRoles: notFetched('break-glass application role assignments'),
    bgAppPermissions: notFetched('break-glass application permissions'),
    bgAppProbes: notFetched('break-glass application alert probes'),
    bgAppLastSignIn: notFetched('break-glass application sign-in history'),
    bgAppAzureRoles: notFetched('break-glass application Azure role assignments'),
    evidence: {},
  };
}

export function emptyAccount(upn: string): AccountSnapshot {
  return {
    upn: upn.toLowerCase(),
    user: notFetched(`user ${upn}`),
    signInActivity: notFetched(`sign-in activity of ${upn}`),
    methods: notFetched(`authentication methods of ${upn}`),
    fido2Methods: notFetched(`FIDO2 keys of ${upn}`),
    tapMethods: notFetched(`Temporary Access Passes of ${upn}`),
    memberOf: notFetched(`memberships of ${upn}`),
    transitiveMemberOf: notFetched(`transitive memberships of ${upn}`),
    appRoleAssignments: notFetched(`app role assignments of ${upn}`),
    whatIf: notFetched(`What-If evaluation of ${upn}`),
    signIns: notFetched(`sign-in log of ${upn}`),
    ownedObjects: notFetched(`objects owned by ${upn}`),
  };
}
