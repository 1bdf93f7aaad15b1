/**
 * Microsoft's mandatory MFA in the practice tenant
 * (https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication):
 * a password-only user sign-in to the admin portals fails even for an account every Conditional
 * Access policy excludes; a security key gets through; other applications stay governed by
 * Conditional Access alone; an application's certificate sign-in is not affected.
 */
import { describe, expect, it } from 'vitest';
import { loadWorld } from '../src/practice/world/index.js';
import { ADMIN_PORTALS_APP_ID } from '../src/practice/identity/mandatory-mfa.js';

const BG1 = 'bg-admin-01@contosopractice.onmicrosoft.com';

function healthy() {
  return loadWorld('healthy', { now: () => new Date('2026-12-01T12:00:00Z'), seed: 3 });
}

/**
 * `healthy` with the exclusion group also excluded from its phishing-resistant policy (CA101), which
 * `healthy` applies to the accounts (BG-027): an account every Conditional Access policy excludes.
 */
function excludedEverywhere() {
  const w = healthy();
  const group = w.groupByName('SG-BreakGlass-Exclude')!;
  for (const p of w.caPolicies.values()) {
    const users = (p as { conditions: { users: { excludeGroups: string[] } } }).conditions.users;
    if (!users.excludeGroups.includes(group.id)) users.excludeGroups.push(group.id);
  }
  return w;
}

describe('mandatory MFA at the admin portals', () => {
  it('stops a password-only sign-in of a CA-excluded break-glass account with AADSTS50076', () => {
    const w = excludedEverywhere();
    const s = w.simulateSignIn({ upn: BG1, method: 'password', appId: ADMIN_PORTALS_APP_ID });
    expect(s.errorCode).toBe(50076);
    // The account is excluded from every enforced policy: Conditional Access did not stop it.
    expect(s.conditionalAccessStatus).toBe('notApplied');
    expect(s.failureReason).toMatch(/multi-factor authentication/);
  });

  it('answers AADSTS50079 when the account has no MFA method registered at all', () => {
    const w = healthy();
    const u = w.user(BG1)!;
    u._methods = [];
    expect(w.simulateSignIn({ upn: BG1, method: 'password' }).errorCode).toBe(50079);
  });

  it('lets the security key through, to the same portal', () => {
    const w = healthy();
    const s = w.simulateSignIn({ upn: BG1, method: 'fido2', appId: ADMIN_PORTALS_APP_ID });
    expect(s.errorCode).toBe(0);
    expect(s.authenticationRequirement).toBe('multiFactorAuthentication');
  });

  it('leaves applications outside its scope to Conditional Access (Graph Explorer, excluded account)', () => {
    const w = excludedEverywhere();
    const s = w.simulateSignIn({
      upn: BG1,
      method: 'password',
      appId: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
      app: 'Graph Explorer',
    });
    expect(s.errorCode).toBe(0);
  });
});
