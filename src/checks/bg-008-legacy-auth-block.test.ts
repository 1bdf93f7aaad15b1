import { describe, expect, it } from 'vitest';
import { check } from './bg-008-legacy-auth-block.js';
import { config, healthy, FORBIDDEN, GROUP_ID, LEGACY_BLOCK, MFA_ALL } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-008 legacy-auth block applies to the accounts', () => {
  it('passes when the legacy block does not exclude the group', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
  });
  it('fails when the legacy block excludes the group — the one place an exclusion is a finding', () => {
    const s = healthy();
    s.caPolicies = ok([
      MFA_ALL,
      {
        ...LEGACY_BLOCK,
        conditions: { ...LEGACY_BLOCK.conditions, users: { includeUsers: ['All'], excludeGroups: [GROUP_ID] } },
      },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/CA002 Block legacy authentication: .*excludes bg-admin-01.*downgrade path/);
  });
  it('is not-applicable without a legacy block policy, or under Security Defaults', () => {
    const s = healthy();
    s.caPolicies = ok([MFA_ALL]);
    expect(check.evaluate(s, config()).verdict).toBe('not-applicable');
    const t = healthy();
    t.securityDefaults = ok({ isEnabled: true });
    expect(check.evaluate(t, config()).verdict).toBe('not-applicable');
  });
  it('errors when policies cannot be read', () => {
    const s = healthy();
    s.caPolicies = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
