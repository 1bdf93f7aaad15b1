import { describe, expect, it } from 'vitest';
import { check } from './bg-011-signin-logs-exported.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { failed, ok, type DiagnosticSetting, type Organization, type TenantSnapshot } from './snapshot.js';

describe('BG-011 logs exported', () => {
  it('passes with all three categories to the declared workspace', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('fails without SignInLogs', () => {
    const s = healthy();
    val<DiagnosticSetting[]>(s.diagnosticSettings)[0]!.properties.logs![0]!.enabled = false;
    expect(check.evaluate(s, config()).reason).toMatch(/SignInLogs are not exported/);
  });
  it('warns when only AuditLogs is missing', () => {
    const s = healthy();
    val<DiagnosticSetting[]>(s.diagnosticSettings)[0]!.properties.logs![1]!.enabled = false;
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toBe('not exported: AuditLogs');
  });
  it('fails when no setting targets the declared workspace', () => {
    const s = healthy();
    expect(
      check.evaluate(
        s,
        config({
          workspace: '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/other',
        }),
      ).verdict,
    ).toBe('fail');
  });
  it('fails a Security Defaults tenant that holds P1 and exports nothing: the licence, not the defaults, decides', () => {
    const s = healthy();
    s.diagnosticSettings = ok([]);
    s.securityDefaults = ok({ isEnabled: true });
    expect(check.evaluate(s, config({ workspace: undefined })).verdict).toBe('fail');
  });
  it('errors when settings cannot be read', () => {
    const s = healthy();
    s.diagnosticSettings = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});

describe('BG-011 app-only: the settings refused, the rows arriving decide', () => {
  const WS = '/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/law';
  const arrived = (signins: number, audit = 5, nonInteractive = 7): TenantSnapshot => {
    const s = healthy();
    s.diagnosticSettings = FORBIDDEN;
    s.logArrivals = ok({
      workspace: WS,
      window: 'P1D',
      tables: {
        SigninLogs: { rows: signins, newest: signins ? '2026-01-01T00:00:00.000Z' : null },
        AADNonInteractiveUserSignInLogs: { rows: nonInteractive, newest: null },
        AuditLogs: { rows: audit, newest: null },
      },
    });
    return s;
  };
  it('passes when every table received rows, and says how it knows', () => {
    const r = check.evaluate(arrived(3), config({ workspace: WS }));
    expect(r.verdict).toBe('pass');
    expect(r.reason).toMatch(/^verified by rows arriving in law \(diagnostic settings not readable app-only\)/);
  });
  it('fails when no sign-in rows arrived, whatever else did', () => {
    const r = check.evaluate(arrived(0), config({ workspace: WS }));
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/no SigninLogs rows arrived in law in the last 24 hours/);
  });
  it('is not applicable without P1 when no rows arrived (the export is impossible)', () => {
    const s = arrived(0);
    s.organization = ok({ ...val<Organization>(s.organization), assignedPlans: [] });
    expect(check.evaluate(s, config({ workspace: WS })).verdict).toBe('not-applicable');
  });
  it('warns, never passes, when audit rows are missing', () => {
    const r = check.evaluate(arrived(3, 0), config({ workspace: WS }));
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/no rows in the last 24 hours for AuditLogs/);
  });
  it('errors when the rows could not be read either', () => {
    const s = healthy();
    s.diagnosticSettings = FORBIDDEN;
    s.logArrivals = failed('403 InsufficientAccessError');
    const r = check.evaluate(s, config({ workspace: WS }));
    expect(r.verdict).toBe('error');
    expect(r.remediation).toMatch(/Log Analytics Reader/);
  });
});
