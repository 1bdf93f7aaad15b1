import { describe, expect, it } from 'vitest';
import { check } from './bg-004-phishing-resistant.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-004 phishing-resistant credential', () => {
  it('passes with an attested security key of a model Microsoft lists, and asks for a second', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toBe(
      '1 hardware security key(s): YubiKey 5 Series security key "Key 01" — a second key is preferred',
    );
  });
  it('fails a password-only account', () => {
    const s = healthy();
    s.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' }]);
    s.accounts[1]!.fido2Methods = ok([]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe('bg-admin-02@contoso.onmicrosoft.com: password only — no phishing-resistant credential');
  });
  it('fails an account with only SMS, listing it', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([
      { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' },
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'ph', phoneType: 'mobile' },
    ]);
    expect(check.evaluate(s, config()).reason).toMatch(/has: password, phone \(mobile\)/);
  });
  it('passes with a certificate credential', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([{ '@odata.type': '#microsoft.graph.x509CertificateAuthenticationMethod', id: 'c' }]);
    s.accounts[0]!.fido2Methods = ok([]);
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
  it('tells a passkey on a phone from a security key by AAGUID: Authenticator passkeys and Windows Hello fail', () => {
    const s = healthy();
    // Microsoft Authenticator for iOS (https://learn.microsoft.com/entra/identity/authentication/how-to-enable-authenticator-passkey)
    s.accounts[0]!.fido2Methods = ok([
      {
        id: 'k1',
        displayName: 'iPhone',
        aaGuid: '90a3ccdf-635c-4729-a248-9b709135078f',
        model: 'Microsoft Authenticator - iOS',
        attestationLevel: 'notAttested',
      },
    ]);
    s.accounts[1]!.methods = ok([
      { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' },
      {
        '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
        id: 'w',
        displayName: 'LAPTOP-42',
      },
    ]);
    s.accounts[1]!.fido2Methods = ok([]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => f.reason)).toEqual([
      'only credentials tied to one person\'s device: passkey in Microsoft Authenticator for iOS "iPhone" (lives in an app on a phone or computer, not on a security key)',
      "only credentials tied to one person's device: Windows Hello for Business (one Windows device)",
    ]);
  });
  it('an unknown AAGUID, an unattested key or a synced passkey is not counted as hardware (warn)', () => {
    for (const [k, why] of [
      [
        { aaGuid: '12345678-1234-1234-1234-123456789abc', attestationLevel: 'attested' },
        /AAGUID 12345678-.* is not a security key Microsoft lists/,
      ],
      [{ aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', attestationLevel: 'notAttested' }, /not attested/],
      [{ aaGuid: '00000000-0000-0000-0000-000000000000', attestationLevel: 'attested' }, /all-zero AAGUID/],
    ] as const) {
      const s = healthy();
      s.accounts[0]!.fido2Methods = ok([{ id: 'k1', displayName: 'Key', model: 'Key', ...k }]);
      const r = check.evaluate(s, config());
      expect(r.verdict).toBe('warn');
      expect(r.findings[0]!.reason).toMatch(why);
    }
    const s = healthy();
    s.accounts[0]!.fido2Methods = ok([
      {
        id: 'k1',
        displayName: 'Key',
        aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
        attestationLevel: 'attested',
        passkeyType: 'synced',
      },
    ]);
    expect(check.evaluate(s, config()).verdict).toBe('fail');
  });
  it('fails closed on odd data: a method without @odata.type or a key without AAGUID is an error, never a crash or a pass', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([
      { id: 'x' } as never,
      { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k1' },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('error');
    expect(r.findings[0]!.reason).toMatch(/cannot judge method x \(Graph returned it without an @odata.type\)/);
    const t = healthy();
    t.accounts[1]!.fido2Methods = ok([
      { id: 'k2', displayName: 'Key 02', model: 'YubiKey 5 NFC', attestationLevel: 'attested' },
    ]);
    expect(check.evaluate(t, config()).findings[1]!.reason).toMatch(/Graph returned no AAGUID/);
    const u = healthy();
    u.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.futureAuthenticationMethod', id: 'f' }]);
    expect(check.evaluate(u, config()).findings[1]!).toMatchObject({
      verdict: 'error',
      reason: expect.stringMatching(/not one breakglass knows how to judge/),
    });
  });
  it('errors when methods cannot be read', () => {
    const s = healthy();
    s.accounts[0]!.methods = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
