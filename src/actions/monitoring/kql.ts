/** KQL text the alert actions install. Values are quoted as KQL string literals. */

/** KQL string literal: backslash and double quote escaped. */
export function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Any sign-in — success AND failure (never filter ResultType == 0)
 * — by the break-glass accounts.
 */
export function signInQuery(upns: string[]): string {
  return [
    'SigninLogs',
    `| where tolower(UserPrincipalName) in (${upns.map((u) => kqlString(u.toLowerCase())).join(', ')})`,
    '| project TimeGenerated, UserPrincipalName, ResultType, ResultDescription, IPAddress, AppDisplayName, ConditionalAccessStatus',
  ].join('\n');
}

/** Membership changes of the exclusion group and of Global Administrator. */
export function auditQuery(groupId: string): string {
  return [
    'AuditLogs',
    '| where OperationName in ("Add member to group", "Remove member from group", "Add member to role", "Remove member from role", "Add eligible member to role")',
    `| where tostring(TargetResources) has ${kqlString(groupId)} or tostring(TargetResources) has "Global Administrator"`,
    '| project TimeGenerated, OperationName, InitiatedBy, TargetResources',
  ].join('\n');
}

/**
 * Any sign-in — success AND failure — of the break-glass application, from
 * AADServicePrincipalSignInLogs (filled by the ServicePrincipalSignInLogs
 * diagnostic category). Columns from the table reference:
 * https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs
 */
export function appSignInQuery(appId: string): string {
  return [
    'AADServicePrincipalSignInLogs',
    `| where AppId == ${kqlString(appId.toLowerCase())}`,
    '| project TimeGenerated, AppId, ServicePrincipalName, ResultType, ResultDescription, IPAddress, ResourceDisplayName, ServicePrincipalCredentialKeyId',
  ].join('\n');
}
