import { describe, expect, it } from 'vitest';
import { check } from './bg-001-account-count.js';
import { config, healthy, FORBIDDEN, UPN1 } from './testing/fixtures.js';
import { emptyAccount, ok } from './snapshot.js';

describe('BG-001 account count', () => {
  it('passes with two found accounts', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('2 accounts found');
  });
  it('fails when a declared account does not exist, naming it', () => {
    const s = healthy();
    s.accounts[1]!.user = ok(null);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/1 of 2/);
    expect(r.findings.find((f) => f.verdict === 'fail')?.object.name).toBe('bg-admin-02@contoso.onmicrosoft.com');
  });
  it('fails with only one account declared', () => {
    const s = healthy();
    s.accounts = [s.accounts[0]!];
    expect(check.evaluate(s, config({ accounts: [UPN1] })).verdict).toBe('fail');
  });
  it('warns above three accounts', () => {
    const s = healthy();
    for (const n of [3, 4]) {
      const a = emptyAccount(`bg-admin-0${n}@contoso.onmicrosoft.com`);
      a.user = ok({ id: `u${n}`, userPrincipalName: a.upn });
      s.accounts.push(a);
    }
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/4 accounts/);
  });
  it('errors when a user read failed — never passes', () => {
    const s = healthy();
    s.accounts[0]!.user = FORBIDDEN;
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('error');
    expect(r.reason).toContain('req-403');
  });
  it('errors when no accounts are declared', () => {
    const s = healthy();
    s.accounts = [];
    expect(check.evaluate(s, config({ accounts: [] })).verdict).toBe('error');
  });
});
