import { describe, expect, it } from 'vitest';
import { check } from './bg-021-exclusion-group-owners.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

const APP = {
  '@odata.type': '#microsoft.graph.servicePrincipal',
  id: 'sp1',
  displayName: 'EmergencyAccess',
  appId: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
};

describe('BG-021 exclusion group owners', () => {
  it('passes with no owners, a break-glass account, or the declared emergency app', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
    const s = healthy();
    s.groupOwners = ok([
      APP,
      { '@odata.type': '#microsoft.graph.user', id: 'u1', userPrincipalName: 'bg-admin-01@contoso.onmicrosoft.com' },
    ]);
    expect(check.evaluate(s, config({ emergencyApp: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a' })).verdict).toBe('pass');
  });
  it('fails any other owner, naming it — a route around the exclusion', () => {
    const s = healthy();
    s.groupOwners = ok([
      { '@odata.type': '#microsoft.graph.user', id: 'x', userPrincipalName: 'sam.staff@contoso.com' },
      APP,
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(
      r.findings.filter((f) => f.verdict !== 'pass').map((f) => `${f.verdict} ${f.object.name}: ${f.reason}`),
    ).toEqual([
      'fail sam.staff@contoso.com: user owns the exclusion group and can add anyone to it',
      'warn EmergencyAccess: service principal owns the exclusion group and can add anyone to it — declare it as the emergency app (--emergency-app or "emergencyApp") if it is, otherwise remove it',
    ]);
    // another application, when the emergency app is declared, fails
    const t = healthy();
    t.groupOwners = ok([APP]);
    expect(
      check.evaluate(t, config({ emergencyApp: '00000000-0000-0000-0000-00000000beef' })).findings[0],
    ).toMatchObject({ verdict: 'fail' });
  });
  it('errors on an unreadable owner list or an untyped owner', () => {
    const s = healthy();
    s.groupOwners = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    s.groupOwners = ok([{ id: 'y', displayName: 'who?' }]);
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
