/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { describe, expect, it } from 'vitest';
import { check } from './bg-012-signin-alert.js';
import { config, healthy, FORBIDDEN, WS } from './testing/fixtures.js';
import { ok, type SentinelRule } from './snapshot.js';

const nrt = (query: string, over: Partial<SentinelRule['properties']> = {}, kind = 'NRT'): SentinelRule => ({
  id: `${WS}/providers/Microsoft.SecurityInsights/alertRules/r`,
  name: 'r',
  kind,
  properties: {
    displayName: 'BG sign-in',
    enabled: true,
    query,
    incidentConfiguration: { createIncident: true },
    ...over,
  },
});
const withRules = (rules: SentinelRule[], sqr: any[] = []) => {
  const s = healthy();
  s.sentinelRules = ok(rules);
  s.scheduledQueryRules = ok(sqr);
  return s;
};

describe('BG-012 sign-in alert', () => {
  it('passes for an NRT rule matching the UPN prefix', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(/Sentinel NRT "Break-glass account sign-in" matches startswith "bg-admin-"/);
  });
  it('fails a rule that filters to successful sign-ins only (ResultType == 0 and == "0")', () => {
    for (const f of ['ResultType == 0', 'ResultType == "0"', "ResultType =~ '0'", 'ResultType in ("0")']) {
      const r = check.evaluate(
        withRules([nrt(`SigninLogs | where UserPrincipalName startswith "bg-admin-" | where ${f}`)]),
        config(),
      );
      expect(r.verdict, f).toBe('fail');
      expect(r.reason).toMatch(/successful sign-ins only/);
    }
  });
  it('does not mistake ResultType == 50126 for a success filter', () => {
    const r = check.evaluate(
      withRules([
        nrt('SigninLogs | where UserPrincipalName startswith "bg-admin-" | extend bad = ResultType == 50126'),
      ]),
      config(),
    );
    expect(r.verdict).toBe('pass');
  });
  it('fails a scheduled rule evaluated every 15 minutes', () => {
    const r = check.evaluate(
      withRules([
        nrt(
          'SigninLogs | where UserPrincipalName in ("bg-admin-01@contoso.onmicrosoft.com","bg-admin-02@contoso.onmicrosoft.com")',
          { queryFrequency: 'PT15M' },
          'Scheduled',
        ),
      ]),
      config(),
    );
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/every 15 min/);
  });
  it('passes an Azure Monitor scheduled query rule every 5 min with an action group; fails one without', () => {
    const sqr = (actions: string[]) => ({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/bg',
      name: 'bg',
      properties: {
        displayName: 'BG SQR',
        enabled: true,
        evaluationFrequency: 'PT5M',
        windowSize: 'PT5M',
        criteria: { allOf: [{ query: 'SigninLogs | where UserPrincipalName startswith "bg-admin-"' }] },
        actions: { actionGroups: actions },
      },
    });
    expect(check.evaluate(withRules([], [sqr(['/ag/pager'])]), config()).verdict).toBe('pass');
    const r = check.evaluate(withRules([], [sqr([])]), config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/no action group/);
  });
  it('fails when no rule matches an account, and ignores disabled rules', () => {
    expect(
      check.evaluate(withRules([nrt('SigninLogs | where UserPrincipalName startswith "admin-"')]), config()).verdict,
    ).toBe('fail');
    expect(
      check.evaluate(
        withRules([nrt('SigninLogs | where UserPrincipalName startswith "bg-admin-"', { enabled: false })]),
        config(),
      ).verdict,
    ).toBe('fail');
  });
  it('warns for a watchlist-based rule (contents unverifiable)', () => {
    expect(
      check.evaluate(
        withRules([
          nrt("let bg = _GetWatchlist('BreakGlass') | project SearchKey; SigninLogs | where UserPrincipalName in (bg)"),
        ]),
        config(),
      ).verdict,
    ).toBe('warn');
  });
  it('errors when no fit rule was found and a rule source could not be read', () => {
    const s = withRules([]);
    s.scheduledQueryRules = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
  it('still passes when one source fails but the other covers every account', () => {
    const s = healthy();
    s.scheduledQueryRules = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
});
