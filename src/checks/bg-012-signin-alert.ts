/**
 * BG-012: a sign-in by each declared account — successful and failed — would
 * reach a human within 5 minutes.
 *
 * Not a text match: each sign-in rule's OWN query is run by Log Analytics over
 * a synthetic success and a synthetic failure of each account (./alert-probe.ts),
 * and the rule's threshold decides whether it would fire. Then everything else on
 * the path to a person is checked:
 *   - the rule is enabled, runs at least every 5 minutes, and its window covers its
 *     frequency (a shorter window leaves sign-ins no evaluation sees);
 *   - the workspace it runs in is one an Entra diagnostic setting sends SignInLogs to (app-only, where the
 *     settings are refused: the declared workspace, once SignInLogs rows were seen arriving there — ./log-arrivals.ts);
 *   - Azure Monitor: an action group that exists, is enabled and has a receiver
 *     (https://learn.microsoft.com/rest/api/monitor/action-groups/get);
 *     a single failing period is enough (criteria failingPeriods);
 *   - Microsoft Sentinel: the rule creates an incident (else: fail) and an enabled
 *     automation rule runs a playbook on it
 *     (https://learn.microsoft.com/azure/sentinel/automate-incident-handling-with-automation-rules);
 *     without one the incident waits in the queue for whoever watches it: a warning,
 *     since a staffed SOC queue may be how the tenant is paged.
 * Field meanings: scheduledQueryRules 2023-12-01
 * (https://learn.microsoft.com/azure/templates/microsoft.insights/2023-12-01/scheduledqueryrules),
 * Sentinel alertRules (https://learn.microsoft.com/rest/api/securityinsights/alert-rules/get).
 */
import type { CheckDefinition } from '../core/check.js';
import type {
  ActionGroup,
  AlertProbe,
  AutomationRule,
  ScheduledQueryRule,
  SentinelRule,
  TenantSnapshot,
} from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { durationMinutes } from './kql.js';
import { compare, measure, type Outcome } from './alert-probe.js';
import { probeRules } from './fetch-probes.js';
import { logExportGate } from './monitoring.js';
import { arrivalsReach } from './log-arrivals.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = [
  'users',
  'alertRules',
  'scheduledQueryRules',
  'organization',
  'diagnosticSettings',
  'logArrivals',
  'actionGroups',
  'automationRules',
  'alertProbes',
];
const MAX_MINUTES = 5;
const SOURCE =
  'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#monitor-sign-in-and-audit-logs; https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule; https://learn.microsoft.com/kusto/query/datatable-operator';

/** One sign-in alert rule as BG-012 judges it. */
export interface RuleView {
  id: string;
  name: string;
  source: 'Sentinel NRT' | 'Sentinel scheduled' | 'Azure Monitor log search alert';
  /** Why a hit would not reach a person in time; empty = the path is sound. */
  path: string[];
  /** Path facts that could not be read: the rule is neither proven nor disproven. */
  unknown: string[];
  /** Reaches a person only if someone watches a queue: covers, with a warning. */
  soft: string[];
  /** Would a probe's result make the rule fire? */
  fires(t: {
    columns: { name: string; type: string }[];
    rows: unknown[][];
  }): { fires: boolean; why: string } | { error: string };
}

const lc = (s: string | undefined | null): string => (s ?? '').toLowerCase();

function receiverCount(ag: ActionGroup): number {
  const p = ag.properties ?? {};
  let n = 0;
  for (const [k, v] of Object.entries(p)) {
    if (!k.endsWith('Receivers') || !Array.isArray(v)) continue;
    // email / SMS / voice receivers carry a read-only status; Disabled ones receive nothing.
    n += v.filter((r) => lc((r as { status?: string }).status) !== 'disabled').length;
  }
  return n;
}

function logsReachWorkspace(
  snap: TenantSnapshot,
  ws: string,
  category: string,
): { ok: true } | { ok: false; why: string } | { unknown: string } {
  if (!snap.diagnosticSettings.ok)
    // App-only the settings are refused; rows of the category just seen arriving in this (declared) workspace
    // prove the logs reach it (the read BG-011 made, shared through the snapshot).
    return (
      arrivalsReach(snap, ws, category) ?? {
        unknown: `diagnostic settings unreadable (${readError(snap.diagnosticSettings)})${
          snap.logArrivals.ok ? `, and no ${category} rows were seen arriving in ${ws.split('/').pop()}` : ''
        }`,
      }
    );
  const on = snap.diagnosticSettings.value.some(
    (s) =>
      lc(s.properties?.workspaceId) === lc(ws) &&
      (s.properties.logs ?? []).some(
        (l) => l.enabled && (lc(l.category) === lc(category) || lc(l.categoryGroup) === 'alllogs'),
      ),
  );
  return on
    ? { ok: true }
    : {
        ok: false,
        why: `runs in workspace ${ws.split('/').pop()}, where no Entra diagnostic setting sends ${category}`,
      };
}

function frequencyProblems(
  freq: number | undefined,
  window: number | undefined,
  freqName: string,
  windowName: string,
): string[] {
  const out: string[] = [];
  if (freq === undefined) out.push(`${freqName} unknown`);
  else if (freq > MAX_MINUTES) out.push(`runs every ${freq} min (> ${MAX_MINUTES})`);
  if (freq !== undefined && window !== undefined && window < freq)
    out.push(
      `looks back ${window} min but runs every ${freq} min: sign-ins in the gap are never seen (${windowName} < ${freqName})`,
    );
  return out;
}

/** Exported for BG-024, which judges the break-glass app's rules the same way (category: the diagnostic log they need). */
export function monitorView(snap: TenantSnapshot, r: ScheduledQueryRule, category = 'SignInLogs'): RuleView {
  const p = r.properties ?? {};
  const crit = (p.criteria?.allOf ?? [])[0] ?? {};
  const path: string[] = [];
  const unknown: string[] = [];
  if (p.enabled === false) path.push('disabled');
  path.push(
    ...frequencyProblems(
      durationMinutes(p.evaluationFrequency),
      durationMinutes(p.windowSize),
      'evaluationFrequency',
      'windowSize',
    ),
  );
  const min = crit.failingPeriods?.minFailingPeriodsToAlert;
  if (typeof min === 'number' && min > 1)
    path.push(`needs ${min} failing periods before it alerts: one sign-in never does`);
  const ws = (p.scopes ?? [])[0];
  if (!ws) path.push('has no scope');
  else {
    const reach = logsReachWorkspace(snap, ws, category);
    if ('unknown' in reach) unknown.push(reach.unknown);
    else if (!reach.ok) path.push(reach.why);
  }
  const ags = p.actions?.actionGroups ?? [];
  if (!ags.length) path.push('has no action group: nobody is paged');
  else if (!snap.actionGroups.ok) unknown.push(`action groups unreadable (${readError(snap.actionGroups)})`);
  else {
    const found = ags.map((id) => ({
      id,
      ag: snap.actionGroups.ok ? snap.actionGroups.value.find((g) => lc(g.id) === lc(id)) : undefined,
    }));
    const live = found.filter((x) => x.ag && x.ag.properties?.enabled !== false && receiverCount(x.ag) > 0);
    if (!live.length)
      path.push(
        found
          .map((x) =>
            !x.ag
              ? `action group ${x.id.split('/').pop()} does not exist`
              : x.ag.properties?.enabled === false
                ? `action group ${x.ag.name} is disabled`
                : `action group ${x.ag.name} has no enabled receiver`,
          )
          .join('; ') + ': nobody is paged',
      );
  }
  return {
    id: r.id,
    name: p.displayName ?? r.name,
    source: 'Azure Monitor log search alert',
    path,
    unknown,
    soft: [],
    fires(t) {
      const m = measure(t, crit.timeAggregation, crit.metricMeasureColumn);
      if ('error' in m) return { error: m.error };
      const threshold = Number(crit.threshold ?? 0);
      const hit = compare(crit.operator ?? 'GreaterThan', m.value, threshold);
      if (hit === undefined) return { error: `unknown operator "${crit.operator}"` };
      return {
        fires: hit,
        why: `${(crit.timeAggregation ?? 'Count').toLowerCase()} ${m.value} ${crit.operator ?? 'GreaterThan'} ${threshold} is ${hit}`,
      };
    },
  };
}

function notifyingAutomation(
  snap: TenantSnapshot,
  ruleId: string,
): { ok: true; name: string } | { ok: false; why: string } | { unknown: string } {
  if (!snap.automationRules.ok) return { unknown: `automation rules unreadable (${readError(snap.automationRules)})` };
  const ws = lc(ruleId.replace(/\/providers\/Microsoft\.SecurityInsights\/alertRules\/[^/]+$/i, ''));
  const candidates = snap.automationRules.value.filter((a: AutomationRule) => lc(a.id).startsWith(ws));
  const now = Date.now();
  for (const a of candidates) {
    const p = a.properties ?? {};
    const t = p.triggeringLogic ?? {};
    if (t.isEnabled === false) continue;
    if (t.expirationTimeUtc && Date.parse(t.expirationTimeUtc) < now) continue;
    if (lc(t.triggersOn) !== 'incidents' || lc(t.triggersWhen) !== 'created') continue;
    if (!(p.actions ?? []).some((x) => lc(x.actionType) === 'runplaybook')) continue;
    const conds = t.conditions ?? [];
    // Only a condition on the analytic rule id is evaluated; any other condition may exclude this incident.
    const fit = conds.every((c) => {
      const cp = c.conditionProperties ?? {};
      return (
        lc(c.conditionType) === 'property' &&
        cp.propertyName === 'IncidentRelatedAnalyticRuleIds' &&
        (cp.propertyValues ?? []).some((v) => lc(v) === lc(ruleId))
      );
    });
    if (fit) return { ok: true, name: p.displayName ?? a.name };
  }
  return {
    ok: false,
    why: 'no enabled automation rule runs a playbook when its incident is created: the incident waits in the queue and nobody is notified',
  };
}

export function sentinelView(snap: TenantSnapshot, r: SentinelRule, category = 'SignInLogs'): RuleView {
  const p = r.properties ?? {};
  const path: string[] = [];
  const unknown: string[] = [];
  const soft: string[] = [];
  if (p.enabled === false) path.push('disabled');
  const nrt = r.kind === 'NRT';
  if (!nrt)
    path.push(
      ...frequencyProblems(
        durationMinutes(p.queryFrequency),
        durationMinutes(p.queryPeriod),
        'queryFrequency',
        'queryPeriod',
      ),
    );
  const ws = r.id.replace(/\/providers\/Microsoft\.SecurityInsights\/alertRules\/[^/]+$/i, '');
  const reach = logsReachWorkspace(snap, ws, category);
  if ('unknown' in reach) unknown.push(reach.unknown);
  else if (!reach.ok) path.push(reach.why);
  if (p.incidentConfiguration?.createIncident === false) path.push('creates no incident: nobody is notified');
  else {
    const n = notifyingAutomation(snap, r.id);
    if ('unknown' in n) unknown.push(n.unknown);
    else if (!n.ok) soft.push(n.why);
  }
  return {
    id: r.id,
    name: p.displayName ?? r.name,
    source: nrt ? 'Sentinel NRT' : 'Sentinel scheduled',
    path,
    unknown,
    soft,
    fires(t) {
      if (nrt) return { fires: t.rows.length > 0, why: `${t.rows.length} row(s)` };
      const threshold = Number(p.triggerThreshold ?? 0);
      const hit = compare(p.triggerOperator ?? 'GreaterThan', t.rows.length, threshold);
      if (hit === undefined) return { error: `unknown triggerOperator "${p.triggerOperator}"` };
      return {
        fires: hit,
        why: `${t.rows.length} row(s) ${p.triggerOperator ?? 'GreaterThan'} ${threshold} is ${hit}`,
      };
    },
  };
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-012',
  title: 'Any sign-in by an account pages within 5 minutes',
  severity: 'critical',
  rationale:
    'Break-glass accounts may exist only because every use is loud. Each rule is run over a synthetic success and a synthetic failure of each account: a rule that keeps only successes misses an operator fumbling a real emergency or an attacker probing; a rule into a disabled action group, or a Sentinel incident nobody is told about, pages no one.',
  source: SOURCE,
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      'Alert on SigninLogs for the accounts without a ResultType filter: a Sentinel NRT rule with an automation rule that runs a notifying playbook, or an Azure Monitor log search alert every 5 minutes (window ≥ frequency, threshold "greater than 0") into an enabled action group with receivers, in the workspace the Entra diagnostic setting sends SignInLogs to.';
    const readProblems = [
      ...(snap.sentinelRules.ok ? [] : [`Sentinel rules: ${readError(snap.sentinelRules)}`]),
      ...(snap.scheduledQueryRules.ok ? [] : [`Azure Monitor rules: ${readError(snap.scheduledQueryRules)}`]),
    ];
    // No workspace and no rule to read: the tenant's licences decide whether alerting was possible at all.
    if (readProblems.length === 2 && !config.workspace) {
      const gated = logExportGate(check, snap, 'alerting on sign-ins needs them exported to Log Analytics');
      if (gated) return gated;
    }
    const ids = new Set(probeRules(snap).map((r) => lc(r.id)));
    const views: RuleView[] = [
      ...(snap.sentinelRules.ok
        ? snap.sentinelRules.value.filter((r) => ids.has(lc(r.id))).map((r) => sentinelView(snap, r))
        : []),
      ...(snap.scheduledQueryRules.ok
        ? snap.scheduledQueryRules.value.filter((r) => ids.has(lc(r.id))).map((r) => monitorView(snap, r))
        : []),
    ];
    const probes: AlertProbe[] = snap.alertProbes.ok ? snap.alertProbes.value : [];
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!snap.alertProbes.ok)
        return finding(ref, 'error', `the alert rules could not be probed: ${readError(snap.alertProbes)}`);
      const covered: Record<Outcome, string | undefined> = { success: undefined, failure: undefined };
      const queued: Record<Outcome, string | undefined> = { success: undefined, failure: undefined };
      const notes: string[] = [];
      let unsure = false;
      for (const v of views) {
        const verdicts: Record<Outcome, string> = { success: '', failure: '' };
        for (const outcome of ['success', 'failure'] as Outcome[]) {
          const pr = probes.find((x) => lc(x.ruleId) === lc(v.id) && x.upn === a.upn && x.outcome === outcome);
          if (!pr) {
            unsure = true;
            verdicts[outcome] = 'not probed';
            continue;
          }
          if (!pr.result.ok) {
            unsure = true;
            verdicts[outcome] = `its query could not run over the synthetic row: ${readError(pr.result)}`;
            continue;
          }
          const f = v.fires(pr.result.value);
          if ('error' in f) {
            unsure = true;
            verdicts[outcome] = f.error;
          } else if (!f.fires)
            verdicts[outcome] =
              `would not fire for a ${outcome === 'success' ? 'successful' : 'failed'} sign-in (${f.why})`;
          else if (v.path.length)
            verdicts[outcome] =
              `would fire for a ${outcome === 'success' ? 'successful' : 'failed'} sign-in, but ${v.path.join('; ')}`;
          else if (v.unknown.length) {
            unsure = true;
            verdicts[outcome] = `would fire, but ${v.unknown.join('; ')}`;
          } else if (v.soft.length) queued[outcome] ??= `${v.source} "${v.name}" fires, but ${v.soft.join('; ')}`;
          else covered[outcome] ??= `${v.source} "${v.name}"`;
        }
        const bad = (['success', 'failure'] as Outcome[]).filter((o) => verdicts[o]);
        if (bad.length) {
          const same = bad.length === 2 && verdicts.success === verdicts.failure;
          notes.push(`"${v.name}": ${same ? verdicts.success : bad.map((o) => verdicts[o]).join('; ')}`);
        }
      }
      if (covered.success && covered.failure)
        return finding(
          ref,
          'pass',
          covered.success === covered.failure
            ? `${covered.success} fires for a successful and a failed sign-in and reaches a person`
            : `successful sign-ins page through ${covered.success}, failed ones through ${covered.failure}`,
        );
      if ((covered.success || queued.success) && (covered.failure || queued.failure)) {
        const q = [...new Set([queued.success, queued.failure].filter((x): x is string => !!x))];
        return finding(ref, 'warn', q.join('; '));
      }
      const missing = (['success', 'failure'] as Outcome[])
        .filter((o) => !covered[o] && !queued[o])
        .map((o) => (o === 'success' ? 'a successful' : 'a failed'));
      const why = views.length
        ? notes.join(' | ')
        : `no alert rule reads SigninLogs${readProblems.length ? ` (${readProblems.join('; ')})` : ''}`;
      const verdict = unsure || (readProblems.length > 0 && !views.length) ? 'error' : 'fail';
      return finding(ref, verdict, `nothing pages on ${missing.join(' or ')} sign-in — ${why}`);
    });
    return result(check, {
      findings,
      objects: [...findings.map((f) => f.object), ...views.map((r) => ({ type: 'alertRule', id: r.id, name: r.name }))],
      passReason: 'a successful and a failed sign-in of every account would page a person within 5 minutes',
      remediation,
    });
  },
};
