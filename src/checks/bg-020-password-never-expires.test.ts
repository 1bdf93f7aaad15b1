import { describe, expect, it } from 'vitest';
import { check } from './bg-020-password-never-expires.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import type { User } from './snapshot.js';

describe('BG-020 passwords never expire', () => {
  it('passes when every account has DisablePasswordExpiration', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('passes with DisableStrongPassword alongside it', () => {
    const s = healthy();
    val<User>(s.accounts[0]!.user).passwordPolicies = 'DisableStrongPassword, DisablePasswordExpiration';
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
  it('fails when an account’s password can expire', () => {
    const s = healthy();
    val<User>(s.accounts[1]!.user).passwordPolicies = null;
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/can expire \(passwordPolicies: None\)/);
  });
  it('fails with DisableStrongPassword alone', () => {
    const s = healthy();
    val<User>(s.accounts[0]!.user).passwordPolicies = 'DisableStrongPassword';
    expect(check.evaluate(s, config()).verdict).toBe('fail');
  });
  it('errors when Graph did not return the property (fail closed)', () => {
    const s = healthy();
    delete val<User>(s.accounts[0]!.user).passwordPolicies;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
  it('errors when the user cannot be read', () => {
    const s = healthy();
    s.accounts[0]!.user = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
