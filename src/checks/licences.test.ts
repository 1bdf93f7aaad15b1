/**
 * Licence-aware verdicts: the tenant's licences come from organization.assignedPlans
 * (https://learn.microsoft.com/graph/api/resources/assignedplan) or from the call's documented
 * licence error; a check whose subject needs a licence the tenant lacks is not applicable and says
 * what to do; an unreadable licence state is an error, never a pass.
 */
import { describe, expect, it } from 'vitest';
import { licenceGate, tenantLicences } from './licences.js';
import { failed, ok, type Organization, type TenantSnapshot } from './snapshot.js';
import { config, healthy, UPN1 } from './testing/fixtures.js';
import { check as bg006 } from './bg-006-exclusion-group.js';
import { check as bg011 } from './bg-011-signin-logs-exported.js';
import { check as bg012 } from './bg-012-signin-alert.js';
import { check as bg013 } from './bg-013-validated-recently.js';
import { check as bg014 } from './bg-014-credentials-rotated.js';
import { check as bg015 } from './bg-015-access-review.js';
import { check as bg016 } from './bg-016-audit-alert.js';

const P1 = '41781fb2-bc02-4b7c-bd55-b576c07bb09d';
const P2 = 'eec0eb4f-6444-4f95-aba0-50c24d67f998';
const GOV = 'e866a266-3cff-43a3-acca-0c90a7e00c8b';
// The documented answer to sign-in data on a tenant without P1 (docs/permissions.md).
const NON_PREMIUM = failed<never>(
  "403 Authentication_RequestFromNonPremiumTenantOrB2CTenant: Neither tenant is B2C or tenant doesn't have premium license",
  'req-lic',
  'P1',
);

function withPlans(s: TenantSnapshot, plans: Organization['assignedPlans']): TenantSnapshot {
  if (!s.organization.ok) throw new Error('fixture');
  s.organization = ok({ ...s.organization.value, assignedPlans: plans });
  return s;
}
/** A free tenant (Security Defaults, no Entra ID P1/P2): no Entra plan, no export, no rules, no sign-in data. */
function free(): TenantSnapshot {
  const s = withPlans(healthy(), [
    { servicePlanId: 'aaaaaaaa-0000-0000-0000-000000000000', capabilityStatus: 'Enabled' },
  ]);
  s.securityDefaults = ok({ isEnabled: true });
  s.diagnosticSettings = ok([]);
  s.sentinelRules = failed('no workspace declared');
  s.scheduledQueryRules = failed('no workspace declared');
  s.accessReviews = failed('400 AadPremiumLicenseRequired: The tenant needs an AAD Premium 2 license.', 'r', 'P2');
  for (const a of s.accounts) {
    a.signIns = NON_PREMIUM;
    a.signInActivity = NON_PREMIUM;
  }
  if (s.group.ok && s.group.value) s.group = ok({ ...s.group.value, isAssignableToRole: false });
  return s;
}
const noWs = config({ workspace: undefined });

describe('the tenant licences, as Microsoft exposes them', () => {
  it('reads P1, P2 and ID Governance from the service plans that work', () => {
    const s = withPlans(healthy(), [
      { servicePlanId: P1, capabilityStatus: 'Enabled' },
      { servicePlanId: P2, capabilityStatus: 'Warning' }, // the grace period still works
      { servicePlanId: GOV, capabilityStatus: 'Suspended' },
    ]);
    expect(tenantLicences(s)).toEqual({ ok: true, value: ['P1', 'P2'] });
    expect(licenceGate(s, 'P2').kind).toBe('held');
  });
  it('a suspended or deleted plan is not held', () => {
    const s = withPlans(healthy(), [{ servicePlanId: P1, capabilityStatus: 'LockedOut' }]);
    expect(licenceGate(s, 'P1')).toMatchObject({ kind: 'missing' });
  });
  it('fails closed: unreadable organization, missing assignedPlans, or a status it does not know', () => {
    const a = healthy();
    a.organization = failed('403 Authorization_RequestDenied', 'req-1');
    expect(licenceGate(a, 'P1').kind).toBe('unknown');
    expect(licenceGate(withPlans(healthy(), undefined), 'P1').kind).toBe('unknown');
    expect(licenceGate(withPlans(healthy(), [{ servicePlanId: P1, capabilityStatus: 'Frozen' }]), 'P1').kind).toBe(
      'unknown',
    );
  });
  it("Microsoft's licence error on the call itself settles it, even when the plans cannot be read", () => {
    const s = healthy();
    s.organization = failed('403 Authorization_RequestDenied', 'req-1');
    expect(licenceGate(s, 'P1', [NON_PREMIUM])).toMatchObject({ kind: 'missing' });
  });
});

describe('checks on a tenant without P1/P2', () => {
  it('BG-011, BG-012, BG-016: not applicable, naming Entra ID P1 and what a free tenant does instead', () => {
    for (const c of [bg011, bg012, bg016]) {
      const r = c.evaluate(free(), noWs);
      expect(r.verdict, `${c.id}: ${r.reason}`).toBe('not-applicable');
      expect(r.reason).toMatch(/needs Microsoft Entra ID P1/);
      expect(r.remediation).toMatch(/Sign-in logs keep 7 days on Free/);
    }
  });
  it('BG-015: not applicable (access reviews need P2 or ID Governance), from the plans or from the 400', () => {
    const r = bg015.evaluate(free(), noWs);
    expect(r.verdict).toBe('not-applicable');
    expect(r.reason).toMatch(/Microsoft Entra ID P2/);
    const s = free();
    s.organization = failed('403 Authorization_RequestDenied', 'req-1');
    expect(bg015.evaluate(s, noWs).verdict).toBe('not-applicable');
  });
  it('BG-006: the plain group is right where role-assignable groups need a licence the tenant lacks', () => {
    const r = bg006.evaluate(free(), noWs);
    expect(r.verdict).toBe('pass');
    expect(r.findings.find((f) => f.verdict === 'not-applicable')?.reason).toMatch(/role-assignable groups/);
  });
  it('BG-013 warns (never errors) without a signed report, and passes on one', () => {
    const r = bg013.evaluate(free(), noWs);
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/needs Microsoft Entra ID P1.*quarterly-validation/);
    const signed = bg013.evaluate(
      free(),
      config({
        workspace: undefined,
        lastSignedValidation: {
          [UPN1]: '2026-01-10T10:00:00Z',
          'bg-admin-02@contoso.onmicrosoft.com': '2026-01-10T10:00:00Z',
        },
      }),
    );
    expect(signed.verdict, signed.reason).toBe('pass');
  });
  it('BG-014 names the licence when use since rotation cannot be seen', () => {
    const r = bg014.evaluate(free(), noWs);
    expect(r.verdict).not.toBe('error');
    expect(r.reason).toMatch(/not visible: sign-in data needs Microsoft Entra ID P1/);
  });
  it('fails closed: with the licences unreadable, the gated checks are errors, not passes and not n/a', () => {
    const s = free();
    s.organization = failed('403 Authorization_RequestDenied', 'req-1');
    for (const c of [bg011, bg012, bg016]) expect(c.evaluate(s, noWs).verdict, c.id).toBe('error');
    expect(bg006.evaluate(s, noWs).verdict).toBe('error');
  });
  it('a P1 tenant that exports nothing still fails BG-011: the gate never hides a licensed gap', () => {
    const s = free();
    withPlans(s, [{ servicePlanId: P1, capabilityStatus: 'Enabled' }]);
    expect(bg011.evaluate(s, noWs).verdict).toBe('fail');
  });
});
