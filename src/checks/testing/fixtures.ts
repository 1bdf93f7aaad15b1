/**
 * Hand-built snapshots for the check tests: `healthy()` is a tenant where
 * every check passes; tests break one thing at a time. Not used at run time.
 */
import type { CheckConfig } from '../../core/check.js';
import {
  GLOBAL_ADMIN_ROLE,
  emptyAccount,
  emptySnapshot,
  failed,
  ok,
  type AccountSnapshot,
  type AlertProbe,
  type CaPolicy,
  type TenantSnapshot,
} from '../snapshot.js';

export const NOW = new Date('2026-01-15T12:00:00Z');
export const DOMAIN = 'contoso.onmicrosoft.com';
export const UPN1 = `bg-admin-01@${DOMAIN}`;
export const UPN2 = `bg-admin-02@${DOMAIN}`;
export const GROUP_ID = '11111111-1111-1111-1111-111111111111';
export const WS =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
export const AAGUID = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
export const FORBIDDEN = failed<never>('403 Authorization_RequestDenied: Insufficient privileges', 'req-403');

export const config = (over: Partial<CheckConfig> = {}): CheckConfig => ({
  accounts: [UPN1, UPN2],
  group: GROUP_ID,
  workspace: WS,
  now: NOW,
  ...over,
});

function account(n: 1 | 2): AccountSnapshot {
  const upn = n === 1 ? UPN1 : UPN2;
  const id = `u${n}`;
  const a = emptyAccount(upn);
  a.user = ok({
    id,
    userPrincipalName: upn,
    displayName: `BREAK GLASS - Emergency Access 0${n}`,
    accountEnabled: true,
    userType: 'Member',
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    lastPasswordChangeDateTime: '2025-12-01T10:00:00Z',
    passwordPolicies: 'DisablePasswordExpiration',
    assignedLicenses: [],
  });
  a.signInActivity = ok({ lastSuccessfulSignInDateTime: '2025-11-20T09:00:00Z' });
  a.methods = ok([
    { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: '28c10230-6103-485e-b985-444c60001490' },
    { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: `k${n}` },
  ]);
  a.fido2Methods = ok([
    { id: `k${n}`, displayName: `Key 0${n}`, aaGuid: AAGUID, model: 'YubiKey 5 NFC', attestationLevel: 'attested' },
  ]);
  a.tapMethods = ok([]);
  a.memberOf = ok([
    { '@odata.type': '#microsoft.graph.group', id: GROUP_ID, displayName: 'SG-BreakGlass-Exclude' },
    { '@odata.type': '#microsoft.graph.directoryRole', id: 'r-ga', displayName: 'Global Administrator' },
  ]);
  a.transitiveMemberOf = ok([
    { '@odata.type': '#microsoft.graph.group', id: GROUP_ID, displayName: 'SG-BreakGlass-Exclude' },
  ]);
  a.appRoleAssignments = ok([]);
  a.ownedObjects = ok([]);
  a.whatIf = ok([]);
  a.signIns = ok([
    {
      id: `s${n}`,
      createdDateTime: '2025-11-20T09:00:00Z',
      appDisplayName: 'Azure Portal',
      status: { errorCode: 0 },
      authenticationDetails: [{ authenticationMethod: 'FIDO2 security key', succeeded: true }],
    },
  ]);
  return a;
}

export function policy(over: Partial<CaPolicy> & { id: string }): CaPolicy {
  return {
    displayName: over.id,
    state: 'enabled',
    conditions: {
      users: { includeUsers: ['All'], excludeGroups: [GROUP_ID] },
      applications: { includeApplications: ['All'] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    sessionControls: null,
    ...over,
  };
}

export const MFA_ALL = policy({ id: 'ca-mfa', displayName: 'CA001 Require MFA for all users' });
export const LEGACY_BLOCK = policy({
  id: 'ca-legacy',
  displayName: 'CA002 Block legacy authentication',
  conditions: {
    users: { includeUsers: ['All'] },
    applications: { includeApplications: ['All'] },
    clientAppTypes: ['exchangeActiveSync', 'other'],
  },
  grantControls: { operator: 'OR', builtInControls: ['block'] },
});

/**
 * Microsoft's "Require phishing-resistant multifactor authentication for all of your emergency accounts"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access): the
 * policy of https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-phish-resistant-mfa
 * (Global Administrator, All resources, the built-in Phishing-resistant MFA strength), the accounts not
 * excluded — their security keys satisfy it (BG-007), and it requires them (BG-027).
 */
export const PHISHING_RESISTANT_ADMINS = policy({
  id: 'ca-pr',
  displayName: 'CA101 Admins require phishing-resistant MFA',
  conditions: {
    users: { includeRoles: [GLOBAL_ADMIN_ROLE] },
    applications: { includeApplications: ['All'] },
    clientAppTypes: ['all'],
  },
  grantControls: {
    operator: 'OR',
    authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' },
  },
});

export function healthy(): TenantSnapshot {
  const s = emptySnapshot();
  s.accounts = [account(1), account(2)];
  s.organization = ok({
    id: 't',
    displayName: 'Contoso',
    verifiedDomains: [
      { name: DOMAIN, isInitial: true },
      { name: 'contoso.com', isDefault: true },
    ],
    // Licensed like the practice's healthy tenant: Microsoft Entra ID P1 and P2 (licences.ts).
    assignedPlans: [
      {
        servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
        capabilityStatus: 'Enabled',
        service: 'AADPremiumService',
      },
      {
        servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
        capabilityStatus: 'Enabled',
        service: 'AADPremiumService',
      },
    ],
  });
  s.group = ok({
    id: GROUP_ID,
    displayName: 'SG-BreakGlass-Exclude',
    groupTypes: [],
    securityEnabled: true,
    mailEnabled: false,
    isAssignableToRole: true,
    membershipRule: null,
  });
  s.groupMembers = ok([
    { '@odata.type': '#microsoft.graph.user', id: 'u1', userPrincipalName: UPN1 },
    { '@odata.type': '#microsoft.graph.user', id: 'u2', userPrincipalName: UPN2 },
  ]);
  s.caPolicies = ok([MFA_ALL, LEGACY_BLOCK, PHISHING_RESISTANT_ADMINS]);
  s.securityDefaults = ok({ isEnabled: false });
  s.authMethodsPolicy = ok({
    authenticationMethodConfigurations: [
      {
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
        id: 'Fido2',
        state: 'enabled',
        includeTargets: [{ id: 'all_users', targetType: 'group' }],
        excludeTargets: [],
        keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] },
      },
    ],
  });
  s.roleAssignments = ok([
    { id: 'ra1', principalId: 'u1', roleDefinitionId: GLOBAL_ADMIN_ROLE, directoryScopeId: '/' },
    { id: 'ra2', principalId: 'u2', roleDefinitionId: GLOBAL_ADMIN_ROLE, directoryScopeId: '/' },
    { id: 'ra3', principalId: 'someone-else', roleDefinitionId: GLOBAL_ADMIN_ROLE, directoryScopeId: '/' },
  ]);
  s.roleInstances = ok([
    {
      id: 'i1',
      principalId: 'u1',
      roleDefinitionId: GLOBAL_ADMIN_ROLE,
      assignmentType: 'Assigned',
      memberType: 'Direct',
      endDateTime: null,
    },
    {
      id: 'i2',
      principalId: 'u2',
      roleDefinitionId: GLOBAL_ADMIN_ROLE,
      assignmentType: 'Assigned',
      memberType: 'Direct',
      endDateTime: null,
    },
  ]);
  s.roleEligibility = ok([]);
  s.accessReviews = ok([
    {
      id: 'ar1',
      displayName: 'Monthly review - break-glass exclusion membership',
      status: 'InProgress',
      scope: {
        '@odata.type': '#microsoft.graph.accessReviewQueryScope',
        query: `/groups/${GROUP_ID}/transitiveMembers`,
        queryType: 'MicrosoftGraph',
      },
      settings: {
        defaultDecisionEnabled: false,
        defaultDecision: 'None',
        recurrence: { pattern: { type: 'absoluteMonthly', interval: 1 }, range: { type: 'noEnd' } },
      },
    },
  ]);
  s.diagnosticSettings = ok([
    {
      id: '/providers/microsoft.aadiam/diagnosticSettings/entra-to-law',
      name: 'entra-to-law',
      properties: {
        workspaceId: WS,
        logs: [
          { category: 'SignInLogs', enabled: true },
          { category: 'AuditLogs', enabled: true },
          { category: 'NonInteractiveUserSignInLogs', enabled: true },
        ],
      },
    },
  ]);
  s.sentinelRules = ok([
    {
      id: `${WS}/providers/Microsoft.SecurityInsights/alertRules/bg-signin`,
      name: 'bg-signin',
      kind: 'NRT',
      properties: {
        displayName: 'Break-glass account sign-in',
        enabled: true,
        query:
          'let bgPrefix = "bg-admin-";\nSigninLogs\n| where UserPrincipalName startswith bgPrefix\n| extend AccountCustomEntity = UserPrincipalName',
        incidentConfiguration: { createIncident: true },
      },
    },
    {
      id: `${WS}/providers/Microsoft.SecurityInsights/alertRules/bg-audit`,
      name: 'bg-audit',
      kind: 'Scheduled',
      properties: {
        displayName: 'Break-glass group or GA change',
        enabled: true,
        queryFrequency: 'PT5M',
        query:
          'AuditLogs\n| where OperationName in ("Add member to group", "Add member to role")\n| mv-expand tr = TargetResources\n| where tostring(tr.modifiedProperties) has "SG-BreakGlass-Exclude" or tostring(tr.modifiedProperties) has "Global Administrator"',
        incidentConfiguration: { createIncident: true },
      },
    },
  ]);
  s.scheduledQueryRules = ok([]);
  s.groupOwners = ok([]);
  s.groupUnits = ok([]);
  s.unitRoles = ok({});
  s.emergencyAppSp = ok(null);
  s.actionGroups = ok([
    {
      id: AG,
      name: 'ag-page',
      properties: {
        enabled: true,
        groupShortName: 'bgpage',
        emailReceivers: [{ name: 'oncall', emailAddress: 'oncall@contoso.com', status: 'Enabled' }],
        smsReceivers: [],
      },
    },
  ]);
  s.automationRules = ok([
    {
      id: `${WS}/providers/Microsoft.SecurityInsights/automationRules/notify-bg`,
      name: 'notify-bg',
      properties: {
        displayName: 'Page on break-glass incidents',
        order: 1,
        triggeringLogic: {
          isEnabled: true,
          triggersOn: 'Incidents',
          triggersWhen: 'Created',
          conditions: [
            {
              conditionType: 'Property',
              conditionProperties: {
                propertyName: 'IncidentRelatedAnalyticRuleIds',
                operator: 'Contains',
                propertyValues: [`${WS}/providers/Microsoft.SecurityInsights/alertRules/bg-signin`],
              },
            },
          ],
        },
        actions: [
          {
            order: 1,
            actionType: 'RunPlaybook',
            actionConfiguration: {
              logicAppResourceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Logic/workflows/page-oncall',
              tenantId: 't',
            },
          },
        ],
      },
    },
  ]);
  s.alertProbes = ok(healthyProbes(s));
  return s;
}

/**
 * What Log Analytics answers when the healthy NRT rule's query runs over one synthetic
 * sign-in of each account (BG-012's probe): the row comes back, with the rule's extend.
 * The BG-012 tests compute probe answers with the practice KQL engine instead.
 */
function healthyProbes(s: TenantSnapshot): AlertProbe[] {
  const out: AlertProbe[] = [];
  for (const a of s.accounts)
    for (const outcome of ['success', 'failure'] as const)
      out.push({
        ruleId: `${WS}/providers/Microsoft.SecurityInsights/alertRules/bg-signin`,
        upn: a.upn,
        outcome,
        result: ok({
          columns: [
            { name: 'UserPrincipalName', type: 'string' },
            { name: 'ResultType', type: 'string' },
            { name: 'AccountCustomEntity', type: 'string' },
          ],
          rows: [[a.upn, outcome === 'success' ? '0' : '50126', a.upn]],
        }),
      });
  return out;
}

export const AG =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag-page';

/** Replace the value of a successful read (shallow). */
export function val<T>(r: { ok: boolean }): T {
  if (!('value' in r)) throw new Error('read is not ok');
  return (r as { value: T }).value;
}
