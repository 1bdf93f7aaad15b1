/**
 * The outcome of Entra's log export, read from the workspace instead of the
 * diagnostic settings.
 *
 * Entra's diagnostic settings (GET /providers/microsoft.aadiam/diagnosticSettings)
 * are documented for a signed-in Security Administrator only; an app-only caller
 * (a pipeline) is refused (permission table, row aadiam.diagnosticSettings.list).
 * A pipeline app can still hold Log Analytics Reader on the declared workspace
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/monitor#log-analytics-reader)
 * and ask the Log Analytics query API
 * (https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api) which Entra
 * tables received rows in the window. Rows arriving prove the export works; no rows
 * prove nothing (BG-011 then fails, never passes).
 *
 * One query for all tables; BG-011 and BG-012 share the result through the snapshot.
 */
import type { CheckConfig, Read } from '../core/check.js';
import type { RequestEvidence, TenantSession } from '../core/tenant.js';
import { failed, ok, type LogArrivals, type TenantSnapshot } from './snapshot.js';
import { requestEvidence } from './evidence.js';

/** How far back rows must have arrived: a working export of an active tenant writes sign-ins every day. */
export const ARRIVAL_WINDOW = 'P1D';
/** The same window in words, for the verdicts. */
export const ARRIVAL_WINDOW_TEXT = '24 hours';

/**
 * Diagnostic-setting category → the Log Analytics table it fills
 * (https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-activity-logs-log-analytics;
 * tables: https://learn.microsoft.com/azure/azure-monitor/reference/tables/signinlogs,
 * .../aadnoninteractiveusersigninlogs, .../auditlogs).
 */
export const CATEGORY_TABLE: Record<string, string> = {
  signinlogs: 'SigninLogs',
  noninteractiveusersigninlogs: 'AADNonInteractiveUserSignInLogs',
  auditlogs: 'AuditLogs',
};

/**
 * `Type` is the standard column holding the table name
 * (https://learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns#type); `isfuzzy=true`
 * lets the union run when a table does not exist yet in the workspace (nothing ever arrived)
 * (https://learn.microsoft.com/kusto/query/union-operator).
 */
export const ARRIVAL_QUERY = [
  `union isfuzzy=true ${Object.values(CATEGORY_TABLE).join(', ')}`,
  '| where TimeGenerated > ago(1d)',
  '| summarize Rows = count(), Newest = max(TimeGenerated) by Type',
].join('\n');

// https://learn.microsoft.com/rest/api/loganalytics/workspaces/get (customerId addresses the query API)
const WORKSPACE_API = '2022-10-01';

function errOf(e: unknown): { error: string; status: number; requestId?: string } {
  const x = e as { message?: string; status?: number; requestId?: string; explanation?: { requestId?: string } };
  const requestId = x?.requestId ?? x?.explanation?.requestId;
  return { error: String(x?.message ?? e), status: x?.status ?? 0, ...(requestId ? { requestId } : {}) };
}

/**
 * Runs the arrival query against the declared workspace when, and only when, the diagnostic settings
 * were refused (403) to an app-only caller. Otherwise leaves the read as "not read": a delegated
 * caller is judged on the settings as before.
 */
export async function fetchLogArrivals(
  tenant: TenantSession,
  snap: TenantSnapshot,
  config: CheckConfig,
  diagnosticStatus: number,
  evidence: (key: string, e: RequestEvidence) => void,
  count: () => void,
): Promise<void> {
  if (snap.diagnosticSettings.ok || diagnosticStatus !== 403) return;
  let kind: 'user' | 'app';
  try {
    kind = (await tenant.identity()).kind;
  } catch {
    return; // who is signed in is unknown: stay with the settings' error (fail closed)
  }
  if (kind !== 'app') return;
  const ws = config.workspace?.trim();
  if (!ws) {
    snap.logArrivals = failed(
      'no Log Analytics workspace declared, so the rows arriving there could not be read instead — pass --workspace <workspace resource id> or set "workspace" in the declaration',
    );
    return;
  }
  snap.logArrivals = await queryArrivals(tenant, ws, evidence, count);
}

async function queryArrivals(
  tenant: TenantSession,
  ws: string,
  evidence: (key: string, e: RequestEvidence) => void,
  count: () => void,
): Promise<Read<LogArrivals>> {
  const record = (service: 'arm' | 'logs', method: string, path: string, status: number, t0: number, rid?: string) =>
    evidence('logArrivals', requestEvidence(service, method, path, status, Date.now() - t0, rid));
  let t0 = Date.now();
  count();
  let customerId: string | undefined;
  try {
    const r = await tenant.arm.request<{ properties?: { customerId?: string } }>('GET', ws, WORKSPACE_API);
    record('arm', 'GET', `${ws}?api-version=${WORKSPACE_API}`, r.status, t0, r.requestId);
    customerId = r.body?.properties?.customerId;
    if (!customerId) return failed(`workspace ${ws} has no customerId`, r.requestId);
  } catch (e) {
    const m = errOf(e);
    record('arm', 'GET', `${ws}?api-version=${WORKSPACE_API}`, m.status, t0, m.requestId);
    return failed(`could not read workspace ${ws}: ${m.error}`, m.requestId);
  }
  t0 = Date.now();
  count();
  try {
    const res = await tenant.logs.query(customerId, ARRIVAL_QUERY, ARRIVAL_WINDOW);
    record('logs', 'POST', `/workspaces/${customerId}/query`, 200, t0);
    const t = res[0];
    if (!t) return failed('the query API returned no table');
    const col = (n: string): number => t.columns.findIndex((c) => c.name === n);
    const [iType, iRows, iNewest] = [col('Type'), col('Rows'), col('Newest')];
    if (iType < 0 || iRows < 0 || iNewest < 0) return failed('the query API answered without Type, Rows, Newest');
    const tables: LogArrivals['tables'] = {};
    for (const table of Object.values(CATEGORY_TABLE)) tables[table] = { rows: 0, newest: null };
    for (const row of t.rows) {
      const name = Object.values(CATEGORY_TABLE).find((x) => x.toLowerCase() === String(row[iType]).toLowerCase());
      if (!name) continue;
      const rows = Number(row[iRows]);
      const newest = row[iNewest] === null || row[iNewest] === undefined ? NaN : Date.parse(String(row[iNewest]));
      if (!Number.isFinite(rows)) return failed(`the workspace answered an unreadable row count for ${name}`);
      tables[name] = { rows, newest: Number.isNaN(newest) ? null : new Date(newest).toISOString() };
    }
    return ok({ workspace: ws, window: ARRIVAL_WINDOW, tables });
  } catch (e) {
    const m = errOf(e);
    record('logs', 'POST', `/workspaces/${customerId}/query`, m.status, t0, m.requestId);
    return failed(
      `${m.error} — grant the pipeline app Monitoring Reader, or Log Analytics Reader on ${ws}`,
      m.requestId,
    );
  }
}
