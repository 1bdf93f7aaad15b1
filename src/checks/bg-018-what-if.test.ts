import { describe, expect, it } from 'vitest';
import { check } from './bg-018-what-if.js';
import { config, healthy, FORBIDDEN, policy } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-018 What-If', () => {
  it('is not-applicable when disabled by config', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('not-applicable'));
  it('passes when no lock-out policy applies', () =>
    expect(check.evaluate(healthy(), config({ whatIf: true })).verdict).toBe('pass'));
  it('fails when an enabled blocking policy applies, warns for report-only', () => {
    const s = healthy();
    s.accounts[0]!.whatIf = ok([
      {
        ...policy({ id: 'b', displayName: 'Block all', grantControls: { builtInControls: ['block'] } }),
        policyApplies: true,
      },
    ]);
    const r = check.evaluate(s, config({ whatIf: true }));
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/"Block all" \(enabled: block access\)/);
    s.accounts[0]!.whatIf = ok([
      { ...policy({ id: 'b', state: 'enabledForReportingButNotEnforced' }), policyApplies: true },
    ]);
    expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('warn');
  });
  it('errors when enabled and the call failed', () => {
    const s = healthy();
    s.accounts[1]!.whatIf = FORBIDDEN;
    expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('error');
  });
});
