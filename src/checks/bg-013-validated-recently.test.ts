import { describe, expect, it } from 'vitest';
import { check } from './bg-013-validated-recently.js';
import { config, healthy, FORBIDDEN, UPN1 } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-013 validated within 90 days', () => {
  it('passes on tenant sign-in activity and says so', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(/tenant signInActivity: last successful sign-in 2025-11-20/);
  });
  it('prefers a signed validation report and says so', () => {
    const r = check.evaluate(healthy(), config({ lastSignedValidation: { [UPN1]: '2026-01-02T00:00:00Z' } }));
    expect(r.findings[0]!.reason).toBe('signed validation report of 2026-01-02 (report history)');
  });
  it('fails when neither evidence is recent', () => {
    const s = healthy();
    s.accounts[1]!.signInActivity = ok({ lastSuccessfulSignInDateTime: '2025-06-01T00:00:00Z' });
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/bg-admin-02.*not validated within 90 days.*2025-06-01/);
  });
  it('errors when sign-in activity is unreadable and no signed report covers it', () => {
    const s = healthy();
    s.accounts[0]!.signInActivity = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    expect(check.evaluate(s, config({ lastSignedValidation: { [UPN1]: '2026-01-02T00:00:00Z' } })).verdict).toBe('pass');
  });
});
