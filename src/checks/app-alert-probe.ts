/**
 * BG-024's probe: an alert rule's OWN query, run by Log Analytics over one
 * synthetic client-credentials sign-in of the break-glass app (as BG-012 does
 * for accounts, ./alert-probe.ts): `let AADServicePrincipalSignInLogs =
 * datatable(…)[…]` shadows the table for the rest of the query
 * (https://learn.microsoft.com/kusto/query/let-statement,
 * https://learn.microsoft.com/kusto/query/datatable-operator). No sign-in
 * happens and nothing is written.
 *
 * Columns follow the Azure Monitor table reference
 * (https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs);
 * the diagnostic category that fills it is ServicePrincipalSignInLogs
 * (https://learn.microsoft.com/entra/identity/monitoring-health/concept-diagnostic-settings-logs-options).
 * A rule that reads a column not modelled here fails to run: BG-024 reports
 * that as an error, never a pass.
 */
import type { Outcome } from './alert-probe.js';

export const SP_SIGNIN_TABLE = 'AADServicePrincipalSignInLogs';

/** Entra's "Invalid client secret provided" — a wrong or stale credential (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). */
export const SP_FAILURE_CODE = 7000215;

export interface ProbeApp {
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  tenantId?: string;
}

type ColType = 'string' | 'dynamic';

const COLUMNS: [string, ColType][] = [
  ['TenantId', 'string'],
  ['OperationName', 'string'],
  ['Category', 'string'],
  ['ResultType', 'string'],
  ['ResultSignature', 'string'],
  ['ResultDescription', 'string'],
  ['Identity', 'string'],
  ['AppId', 'string'],
  ['ServicePrincipalId', 'string'],
  ['ServicePrincipalName', 'string'],
  ['ServicePrincipalCredentialKeyId', 'string'],
  ['ServicePrincipalCredentialThumbprint', 'string'],
  ['ClientCredentialType', 'string'],
  ['IPAddress', 'string'],
  ['Location', 'string'],
  ['LocationDetails', 'dynamic'],
  ['ResourceDisplayName', 'string'],
  ['ResourceIdentity', 'string'],
  ['ResourceServicePrincipalId', 'string'],
  ['ConditionalAccessStatus', 'string'],
  ['ConditionalAccessPolicies', 'dynamic'],
  ['CorrelationId', 'string'],
  ['Id', 'string'],
  ['Type', 'string'],
];

const kql = (s: string): string => JSON.stringify(s); // a JSON string is a valid KQL "…" literal

function row(a: ProbeApp, outcome: Outcome, probeId: string): Record<string, unknown> {
  const ok = outcome === 'success';
  return {
    TenantId: a.tenantId ?? '',
    OperationName: 'Sign-in activity',
    Category: 'ServicePrincipalSignInLogs',
    ResultType: String(ok ? 0 : SP_FAILURE_CODE),
    ResultSignature: ok ? 'SUCCESS' : 'FAILURE',
    ResultDescription: ok ? '' : 'Invalid client secret provided.',
    Identity: a.displayName,
    AppId: a.appId,
    ServicePrincipalId: a.servicePrincipalId,
    ServicePrincipalName: a.displayName,
    ServicePrincipalCredentialKeyId: '',
    ServicePrincipalCredentialThumbprint: '',
    ClientCredentialType: 'clientAssertion',
    IPAddress: '192.0.2.10', // TEST-NET-1 (RFC 5737): never a real client
    Location: '',
    LocationDetails: { city: '', state: '', countryOrRegion: '' },
    ResourceDisplayName: 'Microsoft Graph',
    ResourceIdentity: '00000003-0000-0000-c000-000000000000',
    ResourceServicePrincipalId: '',
    ConditionalAccessStatus: 'notApplied',
    ConditionalAccessPolicies: [],
    CorrelationId: probeId,
    Id: probeId,
    Type: SP_SIGNIN_TABLE,
  };
}

/** `let AADServicePrincipalSignInLogs = datatable(…)[<one row>] | extend TimeGenerated = now(-1m);` + the rule's query. */
export function appProbeQuery(ruleQuery: string, a: ProbeApp, outcome: Outcome, probeId: string): string {
  const r = row(a, outcome, probeId);
  const schema = COLUMNS.map(([n, t]) => `${n}:${t}`).join(', ');
  const values = COLUMNS.map(([n, t]) =>
    t === 'dynamic' ? `dynamic(${JSON.stringify(r[n])})` : kql(String(r[n] ?? '')),
  ).join(', ');
  return `let ${SP_SIGNIN_TABLE} = datatable(${schema})[\n  ${values}\n] | extend TimeGenerated = now(-1m);\n${ruleQuery}`;
}

/** The newest successful sign-in of the app: the evidence that its credential was proven lately. */
export function lastSignInQuery(appId: string): string {
  return [
    SP_SIGNIN_TABLE,
    `| where AppId == ${kql(appId)}`,
    '| where ResultType == "0"',
    '| summarize LastSuccess = max(TimeGenerated)',
  ].join('\n');
}
