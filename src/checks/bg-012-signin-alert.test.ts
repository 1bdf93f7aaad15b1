/* eslint-disable @typescript-eslint/no-explicit-any -- tests build ARM resources loosely */
import { describe, expect, it } from 'vitest';
import { check } from './bg-012-signin-alert.js';
import { AG, config, healthy, FORBIDDEN, NOW, WS } from './testing/fixtures.js';
import {
  failed,
  ok,
  type AlertProbe,
  type ScheduledQueryRule,
  type SentinelRule,
  type TenantSnapshot,
} from './snapshot.js';
import { probeQuery, PROBED_TABLES, type Outcome, type ProbedTable } from './alert-probe.js';
import { probeRules } from './fetch-probes.js';
import { readsTable } from './kql.js';
import { runQuery, toLogsApiBody, KqlError } from '../practice/kql/index.js';

/**
 * Fills `alertProbes` the way the fetch plan does, answering each probe query with the
 * practice KQL engine: the rule's own query over a synthetic success / failure per account.
 */
function probed(s: TenantSnapshot, now: Date = NOW): TenantSnapshot {
  const out: AlertProbe[] = [];
  for (const rule of probeRules(s))
    for (const a of s.accounts) {
      if (!a.user.ok || !a.user.value) continue;
      const u = a.user.value;
      for (const outcome of ['success', 'failure'] as Outcome[]) {
        const tables: ProbedTable[] = PROBED_TABLES.filter((t) => readsTable(rule.query, t));
        const kql = probeQuery(
          rule.query,
          tables,
          { upn: u.userPrincipalName, id: u.id, displayName: u.displayName ?? null },
          outcome,
          `probe-${outcome}`,
        );
        try {
          const t = toLogsApiBody(runQuery(kql, { table: () => undefined, now: now.getTime() })).tables[0]!;
          out.push({ ruleId: rule.id, upn: a.upn, outcome, result: ok({ columns: t.columns, rows: t.rows }) });
        } catch (e) {
          if (!(e instanceof KqlError)) throw e;
          out.push({ ruleId: rule.id, upn: a.upn, outcome, result: failed(`400 BadArgumentError: ${e.message}`) });
        }
      }
    }
  s.alertProbes = ok(out);
  return s;
}

const RULE_ID = `${WS}/providers/Microsoft.SecurityInsights/alertRules/bg-signin`;
const nrt = (query: string, over: Partial<SentinelRule['properties']> = {}, kind = 'NRT'): SentinelRule => ({
  id: RULE_ID,
  name: 'bg-signin',
  kind,
  properties: {
    displayName: 'BG sign-in',
    enabled: true,
    query,
    incidentConfiguration: { createIncident: true },
    ...over,
  },
});
const sqr = (query: string, over: Record<string, any> = {}, crit: Record<string, any> = {}): ScheduledQueryRule => ({
  id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/bg',
  name: 'bg',
  properties: {
    displayName: 'BG log alert',
    enabled: true,
    evaluationFrequency: 'PT5M',
    windowSize: 'PT5M',
    scopes: [WS],
    criteria: { allOf: [{ query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, ...crit }] },
    actions: { actionGroups: [AG] },
    ...over,
  },
});
const BG = 'SigninLogs | where UserPrincipalName startswith "bg-admin-"';
const withRules = (
  rules: SentinelRule[],
  sqrs: ScheduledQueryRule[] = [],
  mutate?: (s: ReturnType<typeof healthy>) => void,
) => {
  const s = healthy();
  s.sentinelRules = ok(rules);
  s.scheduledQueryRules = ok(sqrs);
  mutate?.(s);
  return probed(s);
};

describe('BG-012: the rule itself is run over a synthetic success and failure of each account', () => {
  it('passes the healthy tenant: the NRT rule fires for both and its incident runs a playbook', () => {
    // the fixture's canned Log Analytics answers agree with the practice KQL engine's
    expect(check.evaluate(probed(healthy()), config())).toEqual(check.evaluate(healthy(), config()));
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toBe(
      'Sentinel NRT "Break-glass account sign-in" fires for a successful and a failed sign-in and reaches a person',
    );
  });

  it('fails a rule that would not fire for a failed sign-in, whatever way the filter is written', () => {
    for (const f of [
      'ResultType == 0',
      'ResultType == "0"',
      'toint(Status.errorCode) == 0',
      'ResultDescription == ""',
      'isempty(ResultDescription)',
    ]) {
      const r = check.evaluate(withRules([nrt(`${BG} | where ${f}`)]), config());
      expect(r.verdict, f).toBe('fail');
      expect(r.reason, f).toMatch(/nothing pages on a failed sign-in .*would not fire for a failed sign-in/);
    }
  });

  it('fails a rule that only sees failures', () => {
    const r = check.evaluate(withRules([nrt(`${BG} | where ResultType != "0"`)]), config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/nothing pages on a successful sign-in/);
  });

  it('judges the account by the rule’s real matching, not its text: a prefix that does not match fails', () => {
    expect(
      check.evaluate(withRules([nrt('SigninLogs | where UserPrincipalName startswith "admin-"')]), config()).verdict,
    ).toBe('fail');
    expect(check.evaluate(withRules([nrt('SigninLogs | where UserId in ("u1", "u2")')]), config()).verdict).toBe(
      'pass',
    );
    expect(
      check.evaluate(withRules([nrt('SigninLogs | where UserId == "u1"')]), config()).findings.map((f) => f.verdict),
    ).toEqual(['pass', 'fail']);
  });

  it('Azure Monitor: passes with an enabled action group that has a receiver', () => {
    const r = check.evaluate(withRules([], [sqr(BG)]), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(/Azure Monitor log search alert "BG log alert"/);
  });

  it('Azure Monitor: a rule that fires into a disabled action group fails with the reason', () => {
    const r = check.evaluate(
      withRules([], [sqr(BG)], (s) => {
        s.actionGroups = ok([
          {
            id: AG,
            name: 'ag-page',
            properties: { enabled: false, emailReceivers: [{ emailAddress: 'oncall@contoso.com', status: 'Enabled' }] },
          },
        ]);
      }),
      config(),
    );
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /would fire for a successful sign-in, but action group ag-page is disabled: nobody is paged/,
    );
  });

  it('Azure Monitor: no receivers, a missing action group, or none at all page nobody', () => {
    const noReceivers = withRules([], [sqr(BG)], (s) => {
      s.actionGroups = ok([
        {
          id: AG,
          name: 'ag-page',
          properties: { enabled: true, emailReceivers: [{ emailAddress: 'x', status: 'Disabled' }] },
        },
      ]);
    });
    expect(check.evaluate(noReceivers, config()).reason).toMatch(/has no enabled receiver/);
    expect(
      check.evaluate(
        withRules(
          [],
          [
            sqr(BG, {
              actions: {
                actionGroups: ['/subscriptions/x/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/gone'],
              },
            }),
          ],
        ),
        config(),
      ).reason,
    ).toMatch(/gone does not exist/);
    expect(check.evaluate(withRules([], [sqr(BG, { actions: { actionGroups: [] } })]), config()).reason).toMatch(
      /has no action group/,
    );
  });

  it('Azure Monitor: threshold and operator decide — "greater than 1" never fires on one sign-in', () => {
    const r = check.evaluate(withRules([], [sqr(BG, {}, { threshold: 1 })]), config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/count 1 GreaterThan 1 is false/);
    expect(
      check.evaluate(withRules([], [sqr(BG, {}, { operator: 'GreaterThanOrEqual', threshold: 1 })]), config()).verdict,
    ).toBe('pass');
  });

  it('Azure Monitor: frequency, window gaps, failing periods and the workspace the logs reach', () => {
    expect(
      check.evaluate(withRules([], [sqr(BG, { evaluationFrequency: 'PT15M', windowSize: 'PT15M' })]), config()).reason,
    ).toMatch(/every 15 min/);
    expect(check.evaluate(withRules([], [sqr(BG, { windowSize: 'PT1M' })]), config()).reason).toMatch(
      /sign-ins in the gap are never seen/,
    );
    expect(
      check.evaluate(
        withRules([], [sqr(BG, {}, { failingPeriods: { numberOfEvaluationPeriods: 3, minFailingPeriodsToAlert: 2 } })]),
        config(),
      ).reason,
    ).toMatch(/needs 2 failing periods/);
    const other = WS.replace(/law$/, 'law-other');
    expect(check.evaluate(withRules([], [sqr(BG, { scopes: [other] })]), config()).reason).toMatch(
      /runs in workspace law-other, where no Entra diagnostic setting sends SignInLogs/,
    );
  });

  it('Sentinel: an incident nobody is told about warns (only a watched queue sees it); no incident at all fails', () => {
    const s = withRules([nrt(BG)], [], (x) => {
      x.automationRules = ok([]);
    });
    const q = check.evaluate(s, config());
    expect(q.verdict).toBe('warn');
    expect(q.findings[0]!.reason).toBe(
      'Sentinel NRT "BG sign-in" fires, but no enabled automation rule runs a playbook when its incident is created: the incident waits in the queue and nobody is notified',
    );
    expect(
      check.evaluate(withRules([nrt(BG, { incidentConfiguration: { createIncident: false } })]), config()).reason,
    ).toMatch(/creates no incident/);
  });

  it('Sentinel scheduled: triggerThreshold and frequency decide', () => {
    const sched = (over: Partial<SentinelRule['properties']>) =>
      nrt(
        BG,
        { queryFrequency: 'PT5M', queryPeriod: 'PT5M', triggerOperator: 'GreaterThan', triggerThreshold: 0, ...over },
        'Scheduled',
      );
    const s = (over: Partial<SentinelRule['properties']>) =>
      withRules([sched(over)], [], (x) => {
        x.automationRules = ok([{ ...(healthy().automationRules as any).value[0] }]);
      });
    expect(check.evaluate(s({}), config()).verdict).toBe('pass');
    expect(check.evaluate(s({ triggerThreshold: 3 }), config()).reason).toMatch(/1 row\(s\) GreaterThan 3 is false/);
    expect(check.evaluate(s({ queryFrequency: 'PT1H', queryPeriod: 'PT1H' }), config()).reason).toMatch(/every 60 min/);
  });

  it('two rules can share the work: one for successes, one for failures', () => {
    const r = check.evaluate(
      withRules(
        [],
        [
          sqr(`${BG} | where ResultType == "0"`),
          {
            ...sqr(`${BG} | where ResultType != "0"`),
            id: sqr('').id + '-f',
            properties: { ...sqr(`${BG} | where ResultType != "0"`).properties, displayName: 'BG failures' },
          },
        ],
      ),
      config(),
    );
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(
      /successful sign-ins page through .*"BG log alert", failed ones through .*"BG failures"/,
    );
  });

  it('a query the engine cannot run over the synthetic row is an error, never a pass', () => {
    const r = check.evaluate(withRules([nrt(`${BG} | where NoSuchColumn == 1`)]), config());
    expect(r.verdict).toBe('error');
    expect(r.reason).toMatch(/could not run over the synthetic row: 400 BadArgumentError: .*NoSuchColumn/);
  });

  it('errors when probes or path facts could not be read; disabled rules never cover', () => {
    const s = healthy();
    s.alertProbes = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    const t = withRules([nrt(BG)], [], (x) => {
      x.automationRules = FORBIDDEN;
    });
    expect(check.evaluate(t, config()).verdict).toBe('error');
    const d = check.evaluate(withRules([nrt(BG, { enabled: false })]), config());
    expect(d.verdict).toBe('fail');
    expect(d.reason).toMatch(/disabled/);
  });

  it('fails when no rule reads SigninLogs; errors when a rule source was unreadable', () => {
    expect(check.evaluate(withRules([]), config()).reason).toMatch(/no alert rule reads SigninLogs/);
    const s = withRules([]);
    s.scheduledQueryRules = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});

describe('BG-012 app-only: the declared workspace, once sign-in rows were seen arriving there', () => {
  const arrivals = (rows: number, workspace = WS) =>
    ok({
      workspace,
      window: 'P1D',
      tables: {
        SigninLogs: { rows, newest: null },
        AADNonInteractiveUserSignInLogs: { rows: 0, newest: null },
        AuditLogs: { rows: 0, newest: null },
      },
    });
  const appOnly = (x: TenantSnapshot['logArrivals']): TenantSnapshot =>
    withRules([], [sqr(BG)], (s) => {
      s.diagnosticSettings = FORBIDDEN;
      s.logArrivals = x;
    });
  it('passes on rows arriving in the rule’s workspace', () =>
    expect(check.evaluate(appOnly(arrivals(4)), config()).verdict).toBe('pass'));
  it('stays an error without rows, or for another workspace, or when nothing stood in', () => {
    expect(check.evaluate(appOnly(arrivals(0)), config()).verdict).toBe('error');
    expect(check.evaluate(appOnly(arrivals(4, WS.replace(/law$/, 'law-other'))), config()).verdict).toBe('error');
    expect(check.evaluate(appOnly(failed('not read')), config()).verdict).toBe('error');
  });
});
