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
      { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k1' },
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'ph', phoneType: 'mobile' },
    ]);
    s.accounts[1]!.methods = ok([
      { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a' },
      { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e' },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => `${f.object.name}: ${f.reason}`)).toEqual([
      'bg-admin-01@contoso.onmicrosoft.com: weak or personal method(s): phone (mobile)',
      'bg-admin-02@contoso.onmicrosoft.com: weak or personal method(s): Microsoft Authenticator, email',
    ]);
  });
  it('a passkey in Authenticator fails; Windows Hello warns; hardware OATH and QR code are weak', () => {
    const s = healthy();
    s.accounts[0]!.fido2Methods = ok([
      {
        id: 'k1',
        aaGuid: 'de1e552d-db1d-4423-a619-566b625cdc84',
        model: 'Microsoft Authenticator - Android',
        attestationLevel: 'notAttested',
      },
    ]);
    s.accounts[1]!.methods = ok([
      { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k2' },
      { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id: 'w', displayName: 'PAW-01' },
    ]);
    let r = check.evaluate(s, config());
    expect(r.findings.map((f) => f.verdict)).toEqual(['fail', 'warn']);
    expect(r.findings[0]!.reason).toMatch(/passkey in Microsoft Authenticator for Android/);
    s.accounts[1]!.methods = ok([
      { '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod', id: 'h' },
      { '@odata.type': '#microsoft.graph.qrCodePinAuthenticationMethod', id: 'q' },
    ]);
    r = check.evaluate(s, config());
    expect(r.findings[1]!.reason).toBe('weak or personal method(s): hardware OATH token, QR code + PIN');
  });
  it('an untyped or unknown method is an error, never a pass', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([{ id: 'x' } as never]);
    s.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.somethingNewAuthenticationMethod', id: 'n' }]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('error');
    expect(r.findings.map((f) => f.verdict)).toEqual(['error', 'error']);
  });
  it('errors on a failed read', () => {
    const s = healthy();
    s.accounts[1]!.methods = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
