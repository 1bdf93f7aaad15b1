import { describe, expect, it } from 'vitest';
import { check } from './bg-024-app-signins-alerted.js';
import { AG, config, healthy, FORBIDDEN, NOW, WS } from './testing/fixtures.js';
import { ok, type AppAlertProbe, type TenantSnapshot } from './snapshot.js';

const APP_ID = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c';
const RULE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/scheduledQueryRules/bg-app';
const cfg = (over = {}) => config({ breakGlassApp: APP_ID, breakGlassAppRoles: ['Global Administrator'], ...over });
const table = (rows: number) =>
  ok({ columns: [{ name: 'AppId', type: 'string' }], rows: Array.from({ length: rows }, () => [APP_ID]) });
const probes = (success: number, failure: number): AppAlertProbe[] => [
  { ruleId: RULE, outcome: 'success', result: table(success) },
  { ruleId: RULE, outcome: 'failure', result: table(failure) },
];

function withApp(): TenantSnapshot {
  const s = healthy();
  s.bgApp = ok({
    application: {
      id: 'app-obj',
      appId: APP_ID,
      displayName: 'BreakGlass-App',
      keyCredentials: [],
      passwordCredentials: [],
    },
    servicePrincipal: { id: 'sp-obj' },
  });
  s.diagnosticSettings = ok([
    {
      id: '/providers/microsoft.aadiam/diagnosticSettings/entra-to-law',
      name: 'entra-to-law',
      properties: { workspaceId: WS, logs: [{ category: 'ServicePrincipalSignInLogs', enabled: true }] },
    },
  ]);
  s.scheduledQueryRules = ok([
    {
      id: RULE,
      name: 'bg-app',
      properties: {
        displayName: 'Break-glass app sign-in',
        enabled: true,
        evaluationFrequency: 'PT5M',
        windowSize: 'PT5M',
        scopes: [WS],
        criteria: {
          allOf: [
            {
              query: `AADServicePrincipalSignInLogs\n| where AppId == "${APP_ID}"`,
              timeAggregation: 'Count',
              operator: 'GreaterThan',
              threshold: 0,
            },
          ],
        },
        actions: { actionGroups: [AG] },
      },
    },
  ]);
  s.bgAppProbes = ok(probes(1, 1));
  s.bgAppLastSignIn = ok(new Date(NOW.getTime() - 20 * 86_400_000).toISOString());
  return s;
}

const reasons = (s: TenantSnapshot, c = cfg()) =>
  check
    .evaluate(s, c)
    .findings.filter((f) => f.verdict !== 'pass')
    .map((f) => `${f.verdict}: ${f.reason}`);

describe('BG-024 break-glass app sign-ins exported, alerted, validated', () => {
  it('is not applicable when no app is declared', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('not-applicable');
  });
  it('passes: exported, a rule fires for a success and a failure of the app and pages, proven 20 days ago', () => {
    const r = check.evaluate(withApp(), cfg());
    expect(r.verdict, r.reason).toBe('pass');
  });
  it('fails when the logs are not exported', () => {
    const s = withApp();
    s.diagnosticSettings = ok([]);
    expect(reasons(s)).toContainEqual(
      expect.stringMatching(/^fail: no Entra diagnostic setting sends ServicePrincipalSignInLogs/),
    );
  });
  it("fails when the rule's own query keeps only successes (the probe of a failure returns no row)", () => {
    const s = withApp();
    s.bgAppProbes = ok(probes(1, 0));
    expect(reasons(s)).toEqual([
      expect.stringMatching(
        /^fail: nothing pages on a failed sign-in of the app — "Break-glass app sign-in" would not fire/,
      ),
    ]);
  });
  it('fails with no rule on the table, and when not validated within 90 days', () => {
    const s = withApp();
    s.scheduledQueryRules = ok([]);
    s.bgAppProbes = ok([]);
    s.bgAppLastSignIn = ok(null);
    expect(reasons(s)).toEqual([
      'fail: nothing pages on a successful or a failed sign-in of the app — no alert rule reads AADServicePrincipalSignInLogs',
      'fail: not validated within 90 days (no successful sign-in in the workspace)',
    ]);
  });
  it('a signed validation report naming the appId counts', () => {
    const s = withApp();
    s.bgAppLastSignIn = ok(null);
    expect(check.evaluate(s, cfg({ lastSignedValidation: { [APP_ID]: '2026-01-01T00:00:00Z' } })).verdict).toBe('pass');
  });
  it('errors when the probes or the sign-in history cannot be read (never a pass)', () => {
    const s = withApp();
    s.bgAppProbes = FORBIDDEN;
    expect(check.evaluate(s, cfg()).verdict).toBe('error');
    const t = withApp();
    t.bgAppLastSignIn = FORBIDDEN;
    expect(check.evaluate(t, cfg()).verdict).toBe('error');
  });
});
