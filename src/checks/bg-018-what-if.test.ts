import { describe, expect, it } from 'vitest';
import { check } from './bg-018-what-if.js';
import { config, healthy, FORBIDDEN, policy } from './testing/fixtures.js';
import { failed, ok } from './snapshot.js';

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
      {
        ...policy({
          id: 'b',
          state: 'enabledForReportingButNotEnforced',
          grantControls: { builtInControls: ['compliantDevice'] },
        }),
        policyApplies: true,
      },
    ]);
    expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('warn');
  });
  it('a phishing-resistant policy the account satisfies is protection, not a block', () => {
    const s = healthy();
    const pr = policy({
      id: 'pr',
      displayName: 'Emergency accounts: phishing-resistant MFA',
      grantControls: {
        operator: 'OR',
        authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' },
      },
    });
    s.accounts[0]!.whatIf = ok([{ ...pr, policyApplies: true }]);
    const r = check.evaluate(s, config({ whatIf: true }));
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(
      /protected, not blocked: "Emergency accounts: phishing-resistant MFA" \(Phishing-resistant MFA, satisfied by YubiKey 5 Series security key/,
    );
    s.accounts[0]!.fido2Methods = ok([]);
    s.accounts[0]!.methods = ok([{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' }]);
    expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('fail');
  });
  it('errors when enabled and the call failed', () => {
    const s = healthy();
    s.accounts[1]!.whatIf = FORBIDDEN;
    expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('error');
  });

  describe('licence: What If evaluates Conditional Access, which needs Entra ID P1', () => {
    const free = () => {
      const s = healthy();
      s.organization = ok({
        ...(s.organization.ok ? s.organization.value : { id: 't', verifiedDomains: [] }),
        assignedPlans: [],
      });
      return s;
    };
    it('a tenant without P1 whose evaluation was refused is not applicable, naming the licence', () => {
      const s = free();
      s.accounts[0]!.whatIf = failed('403 Forbidden: Tenant does not have a SKU required for this operation', 'req-1');
      const r = check.evaluate(s, config({ whatIf: true }));
      expect(r.verdict).toBe('not-applicable');
      expect(r.reason).toMatch(/^needs Microsoft Entra ID P1 \(Conditional Access and its What If evaluation\)/);
    });
    it("the call's own licence error settles it when the plans cannot be read", () => {
      const s = healthy();
      s.organization = FORBIDDEN;
      s.accounts[0]!.whatIf = { ok: false, error: '403 licence', requestId: 'req-2', licence: 'P1' };
      expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('not-applicable');
    });
    it('answers in hand are judged even without P1 in the plans (policies keep applying after a lapse)', () => {
      const s = free();
      s.accounts[0]!.whatIf = ok([
        {
          ...policy({ id: 'b', displayName: 'Block all', grantControls: { builtInControls: ['block'] } }),
          policyApplies: true,
        },
      ]);
      expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('fail');
    });
    it('with P1 held, a failed evaluation stays an error (fail closed)', () => {
      const s = healthy();
      s.accounts[0]!.whatIf = failed('503 Service Unavailable', 'req-3');
      expect(check.evaluate(s, config({ whatIf: true })).verdict).toBe('error');
    });
  });
});
