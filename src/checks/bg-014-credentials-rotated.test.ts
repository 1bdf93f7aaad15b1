import { describe, expect, it } from 'vitest';
import { check } from './bg-014-credentials-rotated.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { ok, type User } from './snapshot.js';

describe('BG-014 credential rotation', () => {
  it('passes when rotated recently and unused since', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass'));
  it('fails when older than 180 days', () => {
    const s = healthy();
    val<User>(s.accounts[0]!.user).lastPasswordChangeDateTime = '2025-03-01T00:00:00Z';
    expect(check.evaluate(s, config()).reason).toMatch(/2025-03-01 \(320 days ago, limit 180\)/);
  });
  it('warns when a password was used to sign in after the last rotation', () => {
    const s = healthy();
    s.accounts[0]!.signIns = ok([
      {
        id: 'p',
        createdDateTime: '2026-01-10T00:00:00Z',
        appDisplayName: 'Azure Portal',
        status: { errorCode: 0 },
        authenticationDetails: [{ authenticationMethod: 'Password', succeeded: true }],
      },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(
      /a password was used to sign in 2026-01-10 \(Azure Portal\), after the last rotation 2025-12-01/,
    );
  });
  it('a security-key sign-in after rotation is the normal door, not a finding', () => {
    const s = healthy();
    s.accounts[0]!.signIns = ok([
      {
        id: 'f',
        createdDateTime: '2026-01-10T00:00:00Z',
        status: { errorCode: 0 },
        authenticationDetails: [{ authenticationMethod: 'FIDO2 security key', succeeded: true }],
      },
    ]);
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
  it('warns when the log is unreadable and signInActivity shows use after rotation', () => {
    const s = healthy();
    s.accounts[0]!.signIns = FORBIDDEN;
    s.accounts[0]!.signInActivity = ok({ lastSuccessfulSignInDateTime: '2026-01-10T00:00:00Z' });
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('errors when the tenant reports no change date', () => {
    const s = healthy();
    val<User>(s.accounts[0]!.user).lastPasswordChangeDateTime = null;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
  it('errors when the user cannot be read', () => {
    const s = healthy();
    s.accounts[0]!.user = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
