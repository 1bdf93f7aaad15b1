/**
 * The fetch plan's last step for BG-012: after the alert rules and the
 * accounts are known, run each sign-in rule's own query over a synthetic
 * success and a synthetic failure of each account (./alert-probe.ts) through
 * the Log Analytics query API — the same LogsQueryClient path a drill uses.
 *
 * The query API addresses a workspace by its customerId (workspace id GUID),
 * so each workspace a rule is scoped to is read once from ARM
 * (Microsoft.OperationalInsights/workspaces, api-version 2022-10-01:
 * https://learn.microsoft.com/rest/api/loganalytics/workspaces/get).
 * Log Analytics query API: https://learn.microsoft.com/azure/azure-monitor/logs/api/overview
 */
import type { RequestEvidence, TenantSession } from '../core/tenant.js';
import type { Read } from '../core/check.js';
import { PROBED_TABLES, probeQuery, type Outcome, type ProbedTable, type ProbeTable } from './alert-probe.js';
import { readsTable } from './kql.js';
import { failed, ok, type AlertProbe, type TenantSnapshot } from './snapshot.js';

const WORKSPACE_API = '2022-10-01';

export interface ProbeRule {
  id: string;
  query: string;
  /** Workspace resource id the rule runs in. */
  workspace: string;
  /** ISO 8601 duration the rule looks back over (its window), for the query API's timespan. */
  window?: string;
}

/** The rules worth probing: enabled or not (a disabled rule is reported, not probed), reading a sign-in table. */
export function probeRules(snap: TenantSnapshot, tables: readonly string[] = PROBED_TABLES): ProbeRule[] {
  const out: ProbeRule[] = [];
  if (snap.sentinelRules.ok)
    for (const r of snap.sentinelRules.value) {
      if (r.kind !== 'NRT' && r.kind !== 'Scheduled') continue;
      const q = r.properties?.query ?? '';
      const ws = r.id.replace(/\/providers\/Microsoft\.SecurityInsights\/alertRules\/[^/]+$/i, '');
      if (tables.some((t) => readsTable(q, t)))
        out.push({
          id: r.id,
          query: q,
          workspace: ws,
          ...(r.properties?.queryPeriod ? { window: r.properties.queryPeriod } : {}),
        });
    }
  if (snap.scheduledQueryRules.ok)
    for (const r of snap.scheduledQueryRules.value) {
      const p = r.properties ?? {};
      const q = (p.criteria?.allOf ?? [])[0]?.query ?? '';
      const ws = (p.scopes ?? [])[0];
      if (ws && tables.some((t) => readsTable(q, t)))
        out.push({ id: r.id, query: q, workspace: ws, ...(p.windowSize ? { window: p.windowSize } : {}) });
    }
  return out;
}

function message(e: unknown): { error: string; requestId?: string } {
  const x = e as {
    message?: string;
    requestId?: string;
    explanation?: { requestId?: string; what?: string; cause?: string };
  };
  const requestId = x?.requestId ?? x?.explanation?.requestId;
  return { error: String(x?.message ?? e), ...(requestId ? { requestId } : {}) };
}

export async function fetchProbes(
  tenant: TenantSession,
  snap: TenantSnapshot,
  evidence: (key: string, e: RequestEvidence) => void,
  count: () => void,
): Promise<Read<AlertProbe[]>> {
  if (!snap.sentinelRules.ok && !snap.scheduledQueryRules.ok)
    return failed(`no alert rules could be read, so none could be probed`);
  const rules = probeRules(snap);
  const customerIds = new Map<string, Promise<Read<string>>>();
  const customerId = (ws: string): Promise<Read<string>> => {
    const key = ws.toLowerCase();
    let p = customerIds.get(key);
    if (!p) {
      p = (async () => {
        const t0 = Date.now();
        count();
        try {
          const r = await tenant.arm.request<{ properties?: { customerId?: string } }>('GET', ws, WORKSPACE_API);
          evidence('alertProbes', {
            service: 'arm',
            method: 'GET',
            path: `${ws}?api-version=${WORKSPACE_API}`,
            status: r.status,
            durationMs: Date.now() - t0,
            retries: 0,
            at: new Date().toISOString(),
            ...(r.requestId ? { requestId: r.requestId } : {}),
          });
          const id = r.body?.properties?.customerId;
          return id ? ok(id) : failed(`workspace ${ws} has no customerId`, r.requestId);
        } catch (e) {
          const m = message(e);
          return failed(`could not read workspace ${ws}: ${m.error}`, m.requestId);
        }
      })();
      customerIds.set(key, p);
    }
    return p;
  };
  const jobs: Promise<AlertProbe>[] = [];
  for (const rule of rules)
    for (const a of snap.accounts) {
      if (!a.user.ok || !a.user.value) continue;
      const user = a.user.value;
      for (const outcome of ['success', 'failure'] as Outcome[])
        jobs.push(
          (async (): Promise<AlertProbe> => {
            const base = { ruleId: rule.id, upn: a.upn, outcome };
            const cid = await customerId(rule.workspace);
            if (!cid.ok) return { ...base, result: cid };
            const tables: ProbedTable[] = PROBED_TABLES.filter((t) => readsTable(rule.query, t));
            const kql = probeQuery(
              rule.query,
              tables,
              { upn: user.userPrincipalName, id: user.id, displayName: user.displayName ?? null },
              outcome,
              `breakglass-probe-${outcome}`,
            );
            const t0 = Date.now();
            count();
            try {
              const res = await tenant.logs.query(cid.value, kql, rule.window ?? 'PT1H');
              evidence('alertProbes', {
                service: 'logs',
                method: 'POST',
                path: `/workspaces/${cid.value}/query`,
                status: 200,
                durationMs: Date.now() - t0,
                retries: 0,
                at: new Date().toISOString(),
              });
              const t = res[0];
              return {
                ...base,
                result: t
                  ? ok<ProbeTable>({ columns: t.columns, rows: t.rows })
                  : failed('the query API returned no table'),
              };
            } catch (e) {
              const m = message(e);
              evidence('alertProbes', {
                service: 'logs',
                method: 'POST',
                path: `/workspaces/${cid.value}/query`,
                status: (e as { status?: number }).status ?? 0,
                durationMs: Date.now() - t0,
                retries: 0,
                at: new Date().toISOString(),
                ...(m.requestId ? { requestId: m.requestId } : {}),
              });
              return { ...base, result: failed(m.error, m.requestId) };
            }
          })(),
        );
    }
  return ok(await Promise.all(jobs));
}
