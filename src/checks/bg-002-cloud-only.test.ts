import { describe, expect, it } from 'vitest';
import { check } from './bg-002-cloud-only.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import type { User } from './snapshot.js';

describe('BG-002 cloud-only on the initial domain', () => {
  it('passes for enabled cloud-only accounts on the initial domain', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
  });
  it('fails a synced account on a custom domain, naming both problems', () => {
    const s = healthy();
    const u = val<User>(s.accounts[0]!.user);
    u.onPremisesSyncEnabled = true;
    u.userPrincipalName = 'bg-admin-01@contoso.com';
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/synchronized/);
    expect(r.reason).toMatch(/custom domain contoso\.com/);
  });
  it('fails a disabled account', () => {
    const s = healthy();
    val<User>(s.accounts[1]!.user).accountEnabled = false;
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.findings.find((f) => f.verdict === 'fail')?.reason).toMatch(/disabled/);
  });
  it('fails a federated (immutable id) account', () => {
    const s = healthy();
    val<User>(s.accounts[1]!.user).onPremisesImmutableId = 'abc==';
    expect(check.evaluate(s, config()).verdict).toBe('fail');
  });
  it('errors when the organization read failed', () => {
    const s = healthy();
    s.organization = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
