/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { describe, expect, it } from 'vitest';
import { check } from './bg-009-fido2-policy.js';
import { config, healthy, FORBIDDEN, AAGUID, GROUP_ID, val } from './testing/fixtures.js';
import { ok, type AuthMethodsPolicy } from './snapshot.js';

const fido = (s: ReturnType<typeof healthy>) =>
  val<AuthMethodsPolicy>(s.authMethodsPolicy).authenticationMethodConfigurations[0]!;

describe('BG-009 FIDO2 policy', () => {
  it('passes when enabled for all users without restrictions', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
  });
  it('passes when targeted at a group containing the accounts and the AAGUID is allowed', () => {
    const s = healthy();
    Object.assign(fido(s), {
      includeTargets: [{ id: GROUP_ID, targetType: 'group' }],
      keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [AAGUID.toUpperCase()] },
    });
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
  it('fails when the method is disabled', () => {
    const s = healthy();
    fido(s).state = 'disabled';
    expect(check.evaluate(s, config()).reason).toBe('the FIDO2 authentication method is disabled');
  });
  it('fails when targeted at a group the accounts are not in', () => {
    const s = healthy();
    fido(s).includeTargets = [{ id: 'pilot', targetType: 'group' }];
    expect(check.evaluate(s, config()).verdict).toBe('fail');
  });
  it('fails when the allow list rejects the emergency keys, naming the AAGUID', () => {
    const s = healthy();
    fido(s).keyRestrictions = {
      isEnforced: true,
      enforcementType: 'allow',
      aaGuids: ['00000000-0000-0000-0000-00000000abcd'],
    };
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toContain(`AAGUID ${AAGUID}`);
  });
  it('fails when the block list contains the key; warns when only one of two keys is blocked', () => {
    const s = healthy();
    fido(s).keyRestrictions = { isEnforced: true, enforcementType: 'block', aaGuids: [AAGUID] };
    expect(check.evaluate(s, config()).verdict).toBe('fail');
    s.accounts[0]!.fido2Methods = ok([
      ...val<any[]>(s.accounts[0]!.fido2Methods),
      { id: 'k9', aaGuid: 'other', model: 'Feitian' },
    ]);
    s.accounts[1]!.fido2Methods = ok([{ id: 'k8', aaGuid: 'other' }]);
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('fails when an exclude target catches an account', () => {
    const s = healthy();
    fido(s).excludeTargets = [{ id: GROUP_ID, targetType: 'group' }];
    expect(check.evaluate(s, config()).verdict).toBe('fail');
  });
  it('errors when the policy cannot be read', () => {
    const s = healthy();
    s.authMethodsPolicy = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
