import { describe, expect, it } from 'vitest';
import { check } from './bg-013-validated-recently.js';
import { config, healthy, FORBIDDEN, UPN1 } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-013 validated within 90 days', () => {
  it('passes on a phishing-resistant sign-in in the sign-in log and says so', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toBe('sign-in log: phishing-resistant sign-in 2025-11-20 (FIDO2 security key)');
  });
  it('prefers a signed validation report and says so', () => {
    const r = check.evaluate(healthy(), config({ lastSignedValidation: { [UPN1]: '2026-01-02T00:00:00Z' } }));
    expect(r.findings[0]!.reason).toBe('signed validation report of 2026-01-02 (report history)');
  });
  it('fails when the recent sign-in was password-only (not a validation)', () => {
    const s = healthy();
    s.accounts[0]!.signIns = ok([
      {
        id: 'p',
        createdDateTime: '2026-01-10T00:00:00Z',
        status: { errorCode: 0 },
        authenticationDetails: [{ authenticationMethod: 'Password', succeeded: true }],
      },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/used Password, not a phishing-resistant method/);
  });
  it('falls back to signInActivity (warn: method unknown) when the sign-in log is unreadable', () => {
    const s = healthy();
    s.accounts[0]!.signIns = FORBIDDEN;
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.findings[0]!.reason).toMatch(/tenant signInActivity: last successful sign-in 2025-11-20 \(method unknown/);
  });
  it('fails when neither evidence is recent', () => {
    const s = healthy();
    s.accounts[1]!.signIns = ok([]);
    s.accounts[1]!.signInActivity = ok({ lastSuccessfulSignInDateTime: '2025-06-01T00:00:00Z' });
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/bg-admin-02.*not validated within 90 days.*2025-06-01/);
  });
  it('errors when all sign-in data is unreadable and no signed report covers it', () => {
    const s = healthy();
    s.accounts[0]!.signInActivity = FORBIDDEN;
    s.accounts[0]!.signIns = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    expect(check.evaluate(s, config({ lastSignedValidation: { [UPN1]: '2026-01-02T00:00:00Z' } })).verdict).toBe(
      'pass',
    );
  });
});
