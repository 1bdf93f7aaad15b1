import { describe, expect, it } from 'vitest';
import { check } from './bg-011-signin-logs-exported.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { ok, type DiagnosticSetting } from './snapshot.js';

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
