/**
 * Log ingestion and alerting. Sign-ins and audits reach a workspace only
 * through an Entra diagnostic setting (microsoft.aadiam) whose category is
 * enabled, after the ingestion delay. Alert rules then evaluate their KQL on
 * their own schedule against those tables and raise alerts / incidents and
 * "send" action-group notifications — so a drill can prove the page fired.
 */
import type { WorldState } from './world-state.js';
import { isoDurationMs } from './time.js';
import { runQuery, type Column, type Table } from '../kql/index.js';
import type { ArmResource, AuditRec, SignInRec, SpSignInRec } from './state.js';

export const SIGNIN_COLUMNS: Column[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'OperationName', type: 'string' },
  { name: 'Category', type: 'string' },
  { name: 'ResultType', type: 'string' },
  { name: 'ResultDescription', type: 'string' },
  { name: 'Identity', type: 'string' },
  { name: 'UserPrincipalName', type: 'string' },
  { name: 'UserDisplayName', type: 'string' },
  { name: 'UserId', type: 'string' },
  { name: 'AppDisplayName', type: 'string' },
  { name: 'AppId', type: 'string' },
  { name: 'IPAddress', type: 'string' },
  { name: 'Location', type: 'string' },
  { name: 'LocationDetails', type: 'dynamic' },
  { name: 'ClientAppUsed', type: 'string' },
  { name: 'ConditionalAccessStatus', type: 'string' },
  { name: 'ConditionalAccessPolicies', type: 'dynamic' },
  { name: 'AuthenticationDetails', type: 'string' },
  { name: 'AuthenticationRequirement', type: 'string' },
  { name: 'IsInteractive', type: 'bool' },
  { name: 'Status', type: 'dynamic' },
  { name: 'ResourceDisplayName', type: 'string' },
  { name: 'CorrelationId', type: 'string' },
  { name: 'Id', type: 'string' },
  { name: 'Type', type: 'string' },
];

export const AUDIT_COLUMNS: Column[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'OperationName', type: 'string' },
  { name: 'Category', type: 'string' },
  { name: 'Result', type: 'string' },
  { name: 'ActivityDisplayName', type: 'string' },
  { name: 'ActivityDateTime', type: 'datetime' },
  { name: 'AADOperationType', type: 'string' },
  { name: 'InitiatedBy', type: 'dynamic' },
  { name: 'TargetResources', type: 'dynamic' },
  { name: 'LoggedByService', type: 'string' },
  { name: 'Id', type: 'string' },
  { name: 'CorrelationId', type: 'string' },
  { name: 'Type', type: 'string' },
];

export const SECURITY_ALERT_COLUMNS: Column[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'AlertName', type: 'string' },
  { name: 'AlertSeverity', type: 'string' },
  { name: 'Description', type: 'string' },
  { name: 'ProviderName', type: 'string' },
  { name: 'SystemAlertId', type: 'string' },
  { name: 'Entities', type: 'string' },
  { name: 'Type', type: 'string' },
];

/** AADServicePrincipalSignInLogs (monitor the break-glass service principal's sign-ins). */
export const SP_SIGNIN_COLUMNS: Column[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'OperationName', type: 'string' },
  { name: 'Category', type: 'string' },
  { name: 'ResultType', type: 'string' },
  { name: 'ResultDescription', type: 'string' },
  { name: 'AppId', type: 'string' },
  { name: 'ServicePrincipalId', type: 'string' },
  { name: 'ServicePrincipalName', type: 'string' },
  { name: 'ServicePrincipalCredentialKeyId', type: 'string' },
  { name: 'ServicePrincipalCredentialThumbprint', type: 'string' },
  { name: 'ClientCredentialType', type: 'string' },
  { name: 'IPAddress', type: 'string' },
  { name: 'Location', type: 'string' },
  { name: 'LocationDetails', type: 'dynamic' },
  { name: 'ResourceDisplayName', type: 'string' },
  { name: 'ResourceIdentity', type: 'string' },
  { name: 'ConditionalAccessStatus', type: 'string' },
  { name: 'Id', type: 'string' },
  { name: 'CorrelationId', type: 'string' },
  { name: 'Type', type: 'string' },
];

/** Log Analytics table names (what KQL sees) — note the AAD prefix on the non-interactive and SP tables. */
export const TABLE_COLUMNS: Record<string, Column[]> = {
  SigninLogs: SIGNIN_COLUMNS,
  AADNonInteractiveUserSignInLogs: SIGNIN_COLUMNS,
  AADServicePrincipalSignInLogs: SP_SIGNIN_COLUMNS,
  AuditLogs: AUDIT_COLUMNS,
  SecurityAlert: SECURITY_ALERT_COLUMNS,
};

export function signInRow(w: WorldState, s: SignInRec): Record<string, unknown> {
  return {
    TenantId: w.tenantId,
    TimeGenerated: new Date(s.at),
    OperationName: 'Sign-in activity',
    Category: 'SignInLogs',
    ResultType: String(s.errorCode),
    ResultDescription: s.errorCode === 0 ? '' : s.failureReason,
    Identity: s.userDisplayName,
    UserPrincipalName: s.userPrincipalName.toLowerCase(),
    UserDisplayName: s.userDisplayName,
    UserId: s.userId,
    AppDisplayName: s.appDisplayName,
    AppId: s.appId,
    IPAddress: s.ipAddress,
    Location: s.countryOrRegion,
    LocationDetails: { city: s.city, state: '', countryOrRegion: s.countryOrRegion, geoCoordinates: {} },
    ClientAppUsed: s.clientAppUsed,
    ConditionalAccessStatus: s.conditionalAccessStatus,
    ConditionalAccessPolicies: s.appliedConditionalAccessPolicies,
    AuthenticationDetails: JSON.stringify(s.authenticationDetails),
    AuthenticationRequirement: s.authenticationRequirement,
    IsInteractive: s.isInteractive,
    Status: { errorCode: s.errorCode, failureReason: s.failureReason || undefined, additionalDetails: undefined },
    ResourceDisplayName: 'Windows Azure Service Management API',
    CorrelationId: s.id,
    Id: s.id,
    Type: 'SigninLogs',
    _ingestedAt: s.ingestAt,
  };
}

export function spSignInRow(w: WorldState, s: SpSignInRec): Record<string, unknown> {
  return {
    TenantId: w.tenantId,
    TimeGenerated: new Date(s.at),
    OperationName: 'Sign-in activity',
    Category: 'ServicePrincipalSignInLogs',
    ResultType: String(s.errorCode),
    ResultDescription: s.failureReason,
    AppId: s.appId,
    ServicePrincipalId: s.servicePrincipalId,
    ServicePrincipalName: s.displayName,
    // Columns per https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs:
    // ServicePrincipalCredentialKeyId "the key id of the service principal that initiated the sign-in",
    // ServicePrincipalCredentialThumbprint "the thumbprint of the service principal that initiated the sign-in".
    ServicePrincipalCredentialKeyId: s.credentialKeyId,
    ServicePrincipalCredentialThumbprint: s.credentialThumbprint ?? '',
    ClientCredentialType: s.credentialType,
    IPAddress: s.ipAddress,
    Location: 'GB',
    LocationDetails: { city: 'London', state: '', countryOrRegion: 'GB' },
    ResourceDisplayName: s.resourceDisplayName,
    ResourceIdentity: s.resourceAppId,
    ConditionalAccessStatus: 'notApplied',
    Id: s.id,
    CorrelationId: s.id,
    Type: 'AADServicePrincipalSignInLogs',
    _ingestedAt: s.ingestAt,
  };
}

export function auditRow(w: WorldState, a: AuditRec): Record<string, unknown> {
  return {
    TenantId: w.tenantId,
    TimeGenerated: new Date(a.at),
    OperationName: a.activityDisplayName,
    Category: a.category,
    Result: a.result,
    ActivityDisplayName: a.activityDisplayName,
    ActivityDateTime: new Date(a.at),
    AADOperationType: a.operationType,
    InitiatedBy: a.initiatedBy.user ? { user: a.initiatedBy.user } : { app: a.initiatedBy.app },
    TargetResources: a.targetResources,
    LoggedByService: 'Core Directory',
    Id: a.id,
    CorrelationId: a.id,
    Type: 'AuditLogs',
    _ingestedAt: a.ingestAt,
  };
}

const DIAG_TYPE = 'microsoft.aadiam/diagnosticSettings';

/** Workspaces (customerIds) currently receiving a log category through diagnostic settings. */
export function workspacesReceiving(w: WorldState, category: string): string[] {
  const out = new Set<string>();
  for (const r of w.arm.values()) {
    if (r.type.toLowerCase() !== DIAG_TYPE.toLowerCase()) continue;
    const props = r.properties as {
      workspaceId?: string;
      logs?: { category?: string; categoryGroup?: string; enabled?: boolean }[];
    };
    const on = (props.logs ?? []).some((l) => l.enabled && (l.category === category || l.categoryGroup === 'allLogs'));
    if (!on || !props.workspaceId) continue;
    const ws = w.armGet(props.workspaceId);
    if (ws) out.add(String(ws.properties.customerId).toLowerCase());
  }
  return [...out];
}

function pushRow(w: WorldState, customerId: string, table: string, row: Record<string, unknown>): void {
  const tables = w.workspaceTables(customerId);
  let rows = tables.get(table);
  if (!rows) tables.set(table, (rows = []));
  rows.push(row);
}

/** Move sign-ins and audits whose ingestion time has come into Graph's views and the workspaces. */
export function ingest(w: WorldState): void {
  const now = w.clock.nowMs();
  for (const s of w.signIns) {
    if (s.ingested || s.ingestAt > now) continue;
    s.ingested = true;
    w.changeCounter++;
    const u = w.users.get(s.userId);
    if (u) {
      const iso = new Date(s.at).toISOString();
      if (!u.signInActivity.lastSignInDateTime || u.signInActivity.lastSignInDateTime < iso)
        u.signInActivity.lastSignInDateTime = iso;
      if (
        s.errorCode === 0 &&
        (!u.signInActivity.lastSuccessfulSignInDateTime || u.signInActivity.lastSuccessfulSignInDateTime < iso)
      )
        u.signInActivity.lastSuccessfulSignInDateTime = iso;
    }
    for (const ws of workspacesReceiving(w, 'SignInLogs')) pushRow(w, ws, 'SigninLogs', signInRow(w, s));
  }
  for (const s of w.spSignIns) {
    if (s.ingested || s.ingestAt > now) continue;
    s.ingested = true;
    w.changeCounter++;
    for (const ws of workspacesReceiving(w, 'ServicePrincipalSignInLogs'))
      pushRow(w, ws, 'AADServicePrincipalSignInLogs', spSignInRow(w, s));
  }
  for (const a of w.audits) {
    if (a.ingested || a.ingestAt > now) continue;
    a.ingested = true;
    for (const ws of workspacesReceiving(w, 'AuditLogs')) pushRow(w, ws, 'AuditLogs', auditRow(w, a));
  }
}

/** A table provider over one workspace, optionally restricted to a time window. */
export function tableProvider(
  w: WorldState,
  customerId: string,
  filter?: (row: Record<string, unknown>) => boolean,
): (name: string) => Table | undefined {
  const tables = w.workspaceTables(customerId);
  return (name: string) => {
    const columns = TABLE_COLUMNS[name];
    if (!columns) return undefined;
    const rows = tables.get(name) ?? [];
    return { columns, rows: filter ? rows.filter(filter) : rows };
  };
}

const MAX_CATCHUP_EVALUATIONS = 2000;

/** Run every enabled alert rule whose next evaluation is due. */
export function evaluateAlertRules(w: WorldState): void {
  const now = w.clock.nowMs();
  for (const r of [...w.arm.values()]) {
    const type = r.type.toLowerCase();
    if (type === 'microsoft.insights/scheduledqueryrules') evaluateScheduledQueryRule(w, r, now);
    else if (type === 'microsoft.securityinsights/alertrules') evaluateSentinelRule(w, r, now);
  }
}

function createdAt(r: ArmResource): number {
  const t = Date.parse(String(r.properties._createdAt ?? ''));
  return Number.isNaN(t) ? 0 : t;
}

function compareThreshold(op: string, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThan':
      return value > threshold;
    case 'GreaterThanOrEqual':
      return value >= threshold;
    case 'LessThan':
      return value < threshold;
    case 'LessThanOrEqual':
      return value <= threshold;
    case 'Equal':
      return value === threshold;
    default:
      return false;
  }
}

/** Azure Monitor log search alert: windows of windowSize every evaluationFrequency, evaluated once the window's data has had time to arrive. */
function evaluateScheduledQueryRule(w: WorldState, r: ArmResource, now: number): void {
  const p = r.properties;
  if (p.enabled === false) return;
  const freq = isoDurationMs(String(p.evaluationFrequency ?? 'PT5M')) ?? 300_000;
  const window = isoDurationMs(String(p.windowSize ?? 'PT5M')) ?? freq;
  const crit = ((p.criteria as Record<string, unknown>)?.allOf as Record<string, unknown>[] | undefined)?.[0];
  const scope = (p.scopes as string[] | undefined)?.[0];
  const ws = scope ? w.armGet(scope) : undefined;
  if (!crit || !ws) return;
  let cursor = w.ruleCursor.get(r.id.toLowerCase()) ?? createdAt(r);
  let n = 0;
  while (cursor + freq + w.ingestionDelayMs <= now && n++ < MAX_CATCHUP_EVALUATIONS) {
    const end = cursor + freq;
    const start = end - window;
    const table = safeRun(
      w,
      String(crit.query ?? ''),
      tableProvider(w, String(ws.properties.customerId), (row) => inWindow(row, start, end)),
      end,
    );
    if (table) {
      const value =
        String(crit.timeAggregation ?? 'Count').toLowerCase() === 'count' ? table.rows.length : table.rows.length;
      if (compareThreshold(String(crit.operator ?? 'GreaterThan'), value, Number(crit.threshold ?? 0)))
        fireMonitorAlert(w, r, end, value);
    }
    cursor = end;
  }
  w.ruleCursor.set(r.id.toLowerCase(), cursor);
}

function inWindow(row: Record<string, unknown>, start: number, end: number): boolean {
  const t = (row.TimeGenerated as Date | undefined)?.getTime?.();
  return t !== undefined && t >= start && t < end;
}

function safeRun(
  w: WorldState,
  query: string,
  table: (name: string) => Table | undefined,
  at: number,
): Table | undefined {
  try {
    return runQuery(query, { table, now: at });
  } catch (e) {
    // A broken rule query raises nothing — exactly the silent failure drills exist to catch. Record it.
    w.mutations.push({
      at: new Date(at).toISOString(),
      actor: 'Azure Monitor',
      operation: 'Alert rule query failed',
      target: (e as Error).message,
    });
    return undefined;
  }
}

/**
 * Sentinel analytics rules. NRT: every minute over rows ingested since the last
 * run (ingestion-time based, like Sentinel). Scheduled: windows of queryPeriod
 * every queryFrequency over TimeGenerated, after the ingestion delay.
 */
function evaluateSentinelRule(w: WorldState, r: ArmResource, now: number): void {
  const p = r.properties;
  if (p.enabled === false) return;
  const wsId = r.id.replace(/\/providers\/Microsoft\.SecurityInsights\/alertRules\/[^/]+$/i, '');
  const ws = w.armGet(wsId);
  if (!ws) return;
  const customerId = String(ws.properties.customerId);
  let cursor = w.ruleCursor.get(r.id.toLowerCase()) ?? createdAt(r);
  let n = 0;
  if (r.kind === 'NRT') {
    const step = 60_000;
    while (cursor + step <= now && n++ < MAX_CATCHUP_EVALUATIONS) {
      const start = cursor;
      const end = cursor + step;
      const table = safeRun(
        w,
        String(p.query ?? ''),
        tableProvider(w, customerId, (row) => Number(row._ingestedAt) > start && Number(row._ingestedAt) <= end),
        end,
      );
      if (table && table.rows.length > 0) fireSentinel(w, r, ws, end, table.rows.length);
      cursor = end;
    }
  } else {
    const freq = isoDurationMs(String(p.queryFrequency ?? 'PT5H')) ?? 3_600_000;
    const period = isoDurationMs(String(p.queryPeriod ?? 'PT5H')) ?? freq;
    while (cursor + freq + w.ingestionDelayMs <= now && n++ < MAX_CATCHUP_EVALUATIONS) {
      const end = cursor + freq;
      const table = safeRun(
        w,
        String(p.query ?? ''),
        tableProvider(w, customerId, (row) => inWindow(row, end - period, end)),
        end,
      );
      if (
        table &&
        compareThreshold(String(p.triggerOperator ?? 'GreaterThan'), table.rows.length, Number(p.triggerThreshold ?? 0))
      )
        fireSentinel(w, r, ws, end, table.rows.length);
      cursor = end;
    }
  }
  w.ruleCursor.set(r.id.toLowerCase(), cursor);
}

function notify(w: WorldState, actionGroupIds: string[], subject: string, ruleId: string, at: number): void {
  for (const agId of actionGroupIds) {
    const ag = w.armGet(agId);
    if (!ag || ag.properties.enabled === false) continue;
    const props = ag.properties as {
      emailReceivers?: { emailAddress: string }[];
      smsReceivers?: { countryCode: string; phoneNumber: string }[];
    };
    for (const e of props.emailReceivers ?? [])
      w.notifications.push({ at: new Date(at).toISOString(), channel: 'email', to: e.emailAddress, subject, ruleId });
    for (const s of props.smsReceivers ?? [])
      w.notifications.push({
        at: new Date(at).toISOString(),
        channel: 'sms',
        to: `+${s.countryCode} ${s.phoneNumber}`,
        subject,
        ruleId,
      });
  }
}

function fireMonitorAlert(w: WorldState, rule: ArmResource, at: number, value: number): void {
  const p = rule.properties;
  const sub = rule.id.split('/')[2] ?? '';
  const id = w.ids.guid();
  const scope = String((p.scopes as string[])[0]);
  const iso = new Date(at).toISOString();
  w.armPut({
    id: `/subscriptions/${sub}/providers/Microsoft.AlertsManagement/alerts/${id}`,
    name: String(p.displayName ?? rule.name),
    type: 'Microsoft.AlertsManagement/alerts',
    properties: {
      essentials: {
        severity: `Sev${Number(p.severity ?? 3)}`,
        signalType: 'Log',
        alertState: 'New',
        monitorCondition: 'Fired',
        monitorService: 'Log Alerts V2',
        targetResource: scope,
        targetResourceName: scope.split('/').pop(),
        targetResourceGroup: scope.split('/')[4],
        targetResourceType: 'microsoft.operationalinsights/workspaces',
        sourceCreatedId: w.ids.guid(),
        alertRule: rule.id,
        startDateTime: iso,
        lastModifiedDateTime: iso,
        lastModifiedUserName: 'System',
        actionStatus: { isSuppressed: false },
        description: String(p.description ?? ''),
      },
      context: {
        conditionType: 'LogQueryCriteria',
        condition: {
          allOf: [
            {
              metricValue: value,
              operator: (p.criteria as { allOf: { operator: string }[] }).allOf[0]?.operator,
              threshold: String((p.criteria as { allOf: { threshold: number }[] }).allOf[0]?.threshold),
            },
          ],
        },
      },
    },
  });
  notify(
    w,
    ((p.actions as Record<string, unknown>)?.actionGroups ?? []) as string[],
    `Fired:Sev${Number(p.severity ?? 3)} Azure Monitor Alert ${String(p.displayName ?? rule.name)}`,
    rule.id,
    at,
  );
}

function fireSentinel(w: WorldState, rule: ArmResource, ws: ArmResource, at: number, count: number): void {
  const p = rule.properties;
  const iso = new Date(at).toISOString();
  const alertId = w.ids.guid();
  pushRow(w, String(ws.properties.customerId), 'SecurityAlert', {
    TimeGenerated: new Date(at),
    AlertName: String(p.displayName),
    AlertSeverity: String(p.severity ?? 'Medium'),
    Description: String(p.description ?? ''),
    ProviderName: 'ASI Scheduled Alerts',
    SystemAlertId: alertId,
    Entities: '[]',
    Type: 'SecurityAlert',
    _ingestedAt: at,
  });
  const inc = (p.incidentConfiguration ?? {}) as { createIncident?: boolean };
  if (inc.createIncident === false) return;
  const id = w.ids.guid();
  const number = ++w.incidentCounter;
  w.armPut({
    id: `${ws.id}/providers/Microsoft.SecurityInsights/incidents/${id}`,
    name: id,
    type: 'Microsoft.SecurityInsights/Incidents',
    etag: `"${w.ids.hex(8)}"`,
    properties: {
      title: String(p.displayName),
      description: String(p.description ?? ''),
      severity: String(p.severity ?? 'Medium'),
      status: 'New',
      classification: null,
      owner: { objectId: null, email: null, assignedTo: null, userPrincipalName: null },
      labels: [],
      firstActivityTimeUtc: iso,
      lastActivityTimeUtc: iso,
      createdTimeUtc: iso,
      lastModifiedTimeUtc: iso,
      incidentNumber: number,
      additionalData: {
        alertsCount: 1,
        bookmarksCount: 0,
        commentsCount: 0,
        alertProductNames: ['Azure Sentinel'],
        tactics: p.tactics ?? [],
      },
      relatedAnalyticRuleIds: [rule.id],
      incidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${ws.id}/providers/Microsoft.SecurityInsights/incidents/${id}`,
      providerName: 'Azure Sentinel',
      providerIncidentId: String(number),
      _matchedRows: count,
    },
  });
}

/** Advance the simulation: ingest what has arrived, then evaluate alert rules. */
export function tick(w: WorldState): void {
  ingest(w);
  evaluateAlertRules(w);
}
