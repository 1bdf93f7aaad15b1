import { describe, expect, it } from 'vitest';
import { check } from './bg-010-no-tap.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-010 no TAP left', () => {
  it('passes without TAPs', () => expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('fails a usable TAP, naming the account', () => {
    const s = healthy();
    s.accounts[0]!.tapMethods = ok([{ id: 't', isUsable: true, createdDateTime: '2026-01-10T00:00:00Z' }]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/^bg-admin-01@contoso\.onmicrosoft\.com: usable Temporary Access Pass/);
  });
  it('warns for an expired TAP still registered', () => {
    const s = healthy();
    s.accounts[1]!.tapMethods = ok([{ id: 't', isUsable: false, methodUsabilityReason: 'Expired' }]);
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('errors on a failed read', () => {
    const s = healthy();
    s.accounts[1]!.tapMethods = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
