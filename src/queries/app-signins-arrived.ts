/**
 * Have the break-glass application's own sign-ins reached the Log Analytics workspace? Polled (a `wait`
 * step) after its credentials were proven, so the set-up ends with the evidence BG-024 looks for: a
 * successful sign-in of the app in the workspace, made by each credential that was proven. Until a row
 * arrives the export is only configured, not shown to work.
 *
 *  - The workspace is named by its resource id, as the rest of the runbook names it; the query API
 *    addresses it by its customerId, read with Workspaces - Get
 *    (https://learn.microsoft.com/rest/api/loganalytics/workspaces/get, `properties.customerId`;
 *    Microsoft.OperationalInsights/workspaces/read, held by Monitoring Reader:
 *    https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/monitor#monitoring-reader).
 *  - The rows are AADServicePrincipalSignInLogs (AppId, ResultType "0" for success,
 *    ServicePrincipalCredentialKeyId: https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs),
 *    read through the Log Analytics query API (https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api).
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { kqlString } from '../actions/monitoring/kql.js';

const WORKSPACE =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;
const WORKSPACE_API = '2022-10-01';

const Args = z.strictObject({
  workspace: z.string().regex(WORKSPACE, 'a Log Analytics workspace resource id'),
  appId: z.string().uuid(),
  /** keyId of each credential whose successful sign-in must arrive (e.g. the proof steps' keyId outputs). */
  keyIds: z
    .union([z.array(z.string().uuid()).min(1), z.string().uuid()])
    .transform((v) => (Array.isArray(v) ? v : [v]).map((k) => k.toLowerCase())),
  /** Only sign-ins at or after this instant count (default: the last day; a new credential's keyId is its own filter). */
  since: z.string().datetime({ offset: true }).optional(),
});
type Args = z.infer<typeof Args>;

export const query: Query<Args> = {
  id: 'app.signInsArrived',
  title: "Wait for the application's sign-ins to arrive in Log Analytics",
  permissions: { arm: ['Monitoring Reader'], logs: ['Data.Read'] },
  outputs: ['done', 'rows', 'arrived', 'firstSignInAt', 'arrivedAt', 'ingestionLatencyMs'],
  args: Args,
  async run(a, { tenant, now }) {
    const ws = await tenant.arm.request<{ properties?: { customerId?: string } }>('GET', a.workspace, WORKSPACE_API);
    const customerId = ws.body?.properties?.customerId;
    if (!customerId)
      throw new Error(
        `Workspace ${a.workspace} answered without a customerId (request-id ${ws.requestId ?? 'none'}); check the resource id.`,
      );
    const kql = [
      'AADServicePrincipalSignInLogs',
      `| where AppId == ${kqlString(a.appId.toLowerCase())}`,
      '| where ResultType == "0"',
      '| project TimeGenerated, ServicePrincipalCredentialKeyId',
      '| order by TimeGenerated asc',
    ].join('\n');
    const t = (await tenant.logs.query(customerId, kql, 'P1D'))[0];
    const col = (name: string) => t?.columns.findIndex((c) => c.name === name) ?? -1;
    const [iT, iK] = [col('TimeGenerated'), col('ServicePrincipalCredentialKeyId')];
    const since = a.since ? Date.parse(a.since) : 0;
    const rows = (t?.rows ?? [])
      .map((r) => ({
        at: String(r[iT] instanceof Date ? r[iT].toISOString() : r[iT]),
        keyId: String(r[iK] ?? '').toLowerCase(),
      }))
      .filter((r) => Date.parse(r.at) >= since);
    const arrived = a.keyIds.filter((k) => rows.some((r) => r.keyId === k));
    const done = arrived.length === a.keyIds.length;
    const first = rows[0];
    const arrivedAt = now().toISOString();
    return {
      ...(done ? { verdict: 'pass' as const } : {}),
      outputs: {
        done,
        rows: rows.length,
        arrived,
        firstSignInAt: first?.at ?? null,
        arrivedAt: done ? arrivedAt : null,
        ingestionLatencyMs: done && first ? Date.parse(arrivedAt) - Date.parse(first.at) : null,
      },
      summary: done
        ? `the application's successful sign-in with each of ${a.keyIds.length} credential(s) is in the workspace`
        : `waiting: ${arrived.length} of ${a.keyIds.length} credential(s) seen in AADServicePrincipalSignInLogs so far`,
    };
  },
};
