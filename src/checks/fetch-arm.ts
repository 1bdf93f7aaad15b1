/**
 * The Azure Resource Manager reads of the fetch plan (no $batch; they run alongside wave 1): Entra's
 * diagnostic settings, Microsoft Sentinel analytics and automation rules on the declared workspace, and the
 * subscription's scheduled query rules and action groups. App-only, refused diagnostic settings hand over to
 * the log-arrival reader (./fetch-log-arrivals.ts).
 */
import type { CheckConfig, Read } from '../core/check.js';
import type { GraphResponse, RequestEvidence, TenantSession } from '../core/tenant.js';
import { requestEvidence as ev } from './evidence.js';
import { fetchLogArrivals } from './fetch-log-arrivals.js';
import type { FetchStats } from './fetch-stats.js';
import { errMessage } from './read-failure.js';
import type { ReadKey } from './reads.js';
import {
  failed,
  ok,
  type ActionGroup,
  type AutomationRule,
  type DiagnosticSetting,
  type ScheduledQueryRule,
  type SentinelRule,
  type TenantSnapshot,
} from './snapshot.js';

/** Subscription id from a workspace resource id. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)\//i.exec(resourceId)?.[1];
}

export async function fetchArm(
  tenant: TenantSession,
  keys: Set<ReadKey>,
  config: CheckConfig,
  snap: TenantSnapshot,
  stats: FetchStats,
  evidence: (key: string, e: RequestEvidence) => void,
): Promise<void> {
  /** The HTTP status of each read's failed request (a 403 to an app-only caller is answered differently). */
  const failedStatus = new Map<ReadKey, number>();
  /**
   * Every page of an ARM list. T is the resource shape the snapshot declares for it (./snapshot.ts): ARM's
   * JSON is taken to be what the REST API spec documents, and the checks treat a missing field as unknown.
   */
  const list = async <T>(key: ReadKey, path: string, apiVersion: string, emptyOn404: boolean): Promise<Read<T[]>> => {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const t0 = Date.now();
      stats.singleRequests++;
      try {
        const r: GraphResponse<{ value?: T[]; nextLink?: string }> = await tenant.arm.request('GET', next, apiVersion);
        evidence(
          key,
          ev(
            'arm',
            'GET',
            `${next}${next.includes('?') ? '&' : '?'}api-version=${apiVersion}`,
            r.status,
            Date.now() - t0,
            r.requestId,
          ),
        );
        items.push(...(r.body?.value ?? []));
        next = r.body?.nextLink ? armRelative(r.body.nextLink) : undefined;
      } catch (e) {
        const status = (e as { status?: number }).status ?? 0;
        const m = errMessage(e);
        evidence(key, ev('arm', 'GET', `${next}?api-version=${apiVersion}`, status, Date.now() - t0, m.requestId));
        if (status === 404 && emptyOn404) return ok(items);
        failedStatus.set(key, status);
        return failed(`${m.error}`, m.requestId);
      }
    }
    return ok(items);
  };
  const ws = config.workspace?.trim();
  const noWs =
    'no Log Analytics workspace declared — pass --workspace <workspace resource id> or set "workspace" in the config';
  const jobs: Promise<void>[] = [];
  if (keys.has('diagnosticSettings'))
    jobs.push(
      list<DiagnosticSetting>(
        'diagnosticSettings',
        '/providers/microsoft.aadiam/diagnosticSettings',
        '2017-04-01',
        false,
      ).then(async (r) => {
        snap.diagnosticSettings = r;
        // App-only the settings are refused; the rows arriving in the declared workspace stand in (BG-011, BG-012).
        if (keys.has('logArrivals'))
          await fetchLogArrivals(
            tenant,
            snap,
            config,
            failedStatus.get('diagnosticSettings') ?? 0,
            evidence,
            () => void stats.singleRequests++,
          );
      }),
    );
  if (keys.has('alertRules')) {
    if (!ws) snap.sentinelRules = failed(noWs);
    else
      // 404: Microsoft Sentinel is not onboarded on the workspace — no Sentinel rules, not an error.
      jobs.push(
        list<SentinelRule>(
          'alertRules',
          `${ws}/providers/Microsoft.SecurityInsights/alertRules`,
          '2025-07-01-preview',
          true,
        ).then((r) => void (snap.sentinelRules = r)),
      );
  }
  if (keys.has('scheduledQueryRules')) {
    const sub = ws ? subscriptionOf(ws) : undefined;
    if (!ws) snap.scheduledQueryRules = failed(noWs);
    else if (!sub)
      snap.scheduledQueryRules = failed(
        `workspace "${ws}" is not an Azure resource id (/subscriptions/…/workspaces/…)`,
      );
    else
      jobs.push(
        list<ScheduledQueryRule>(
          'scheduledQueryRules',
          `/subscriptions/${sub}/providers/Microsoft.Insights/scheduledQueryRules`,
          '2023-12-01',
          false,
        ).then((r) => void (snap.scheduledQueryRules = r)),
      );
  }
  if (keys.has('actionGroups')) {
    const sub = ws ? subscriptionOf(ws) : undefined;
    if (!sub) snap.actionGroups = failed(ws ? `workspace "${ws}" is not an Azure resource id` : noWs);
    // https://learn.microsoft.com/rest/api/monitor/action-groups/list-by-subscription-id
    else
      jobs.push(
        list<ActionGroup>(
          'actionGroups',
          `/subscriptions/${sub}/providers/Microsoft.Insights/actionGroups`,
          '2023-01-01',
          false,
        ).then((r) => void (snap.actionGroups = r)),
      );
  }
  if (keys.has('automationRules')) {
    if (!ws) snap.automationRules = failed(noWs);
    // 404: Sentinel not onboarded — no automation rules. https://learn.microsoft.com/rest/api/securityinsights/automation-rules/list
    else
      jobs.push(
        list<AutomationRule>(
          'automationRules',
          `${ws}/providers/Microsoft.SecurityInsights/automationRules`,
          '2025-07-01-preview',
          true,
        ).then((r) => void (snap.automationRules = r)),
      );
  }
  await Promise.all(jobs);
}

function armRelative(link: string): string {
  const u = new URL(link, 'https://arm.invalid');
  u.searchParams.delete('api-version');
  const s = u.searchParams.toString();
  return u.pathname + (s ? `?${s}` : '');
}
