import { describe, expect, it } from 'vitest';
import { check } from './bg-016-audit-alert.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { ok, type SentinelRule } from './snapshot.js';

describe('BG-016 audit alert', () => {
  it('passes when a rule alerts on group and role additions', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('fails the role when the rule only watches the group', () => {
    const s = healthy();
    val<SentinelRule[]>(s.sentinelRules)[1]!.properties.query =
      'AuditLogs | where OperationName == "Add member to group" | where tostring(TargetResources) has "SG-BreakGlass-Exclude"';
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/Global Administrator: no alert/);
  });
  it('fails without any audit rule', () => {
    const s = healthy();
    s.sentinelRules = ok(val<SentinelRule[]>(s.sentinelRules).slice(0, 1));
    expect(check.evaluate(s, config()).findings.every((f) => f.verdict === 'fail')).toBe(true);
  });
  it('errors when rules cannot be read and nothing was found', () => {
    const s = healthy();
    s.sentinelRules = FORBIDDEN;
    s.scheduledQueryRules = ok([]);
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
