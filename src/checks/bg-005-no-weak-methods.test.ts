import { describe, expect, it } from 'vitest';
import { check } from './bg-005-no-weak-methods.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-005 no weak methods', () => {
  it('passes with password + FIDO2 only', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
  });
  it('lists which account has which weak method', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([
      { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k' },
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'ph', phoneType: 'mobile' },
    ]);
    s.accounts[1]!.methods = ok([
      { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a' },
      { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e' },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => `${f.object.name}: ${f.reason}`)).toEqual([
      'bg-admin-01@contoso.onmicrosoft.com: weak method(s): phone (mobile)',
      'bg-admin-02@contoso.onmicrosoft.com: weak method(s): Microsoft Authenticator, email',
    ]);
  });
  it('errors on a failed read', () => {
    const s = healthy();
    s.accounts[1]!.methods = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
