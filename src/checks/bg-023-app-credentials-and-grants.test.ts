import { describe, expect, it } from 'vitest';
import { check } from './bg-023-app-credentials-and-grants.js';
import { config, healthy, FORBIDDEN, NOW } from './testing/fixtures.js';
import { ok, type TenantSnapshot } from './snapshot.js';

const APP_ID = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c';
const GA = '62e90394-69f5-4237-9190-012177145e10';
const PRA = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString();
const cfg = (over = {}) =>
  config({
    breakGlassApp: APP_ID,
    breakGlassAppRoles: ['Global Administrator'],
    breakGlassAppPermissions: [],
    ...over,
  });

function withApp(): TenantSnapshot {
  const s = healthy();
  s.bgApp = ok({
    application: {
      id: 'app-obj',
      appId: APP_ID,
      displayName: 'BreakGlass-App',
      keyCredentials: [
        { keyId: 'k1', displayName: 'primary', type: 'AsymmetricX509Cert', endDateTime: days(300) },
        { keyId: 'k2', displayName: 'sealed', type: 'AsymmetricX509Cert', endDateTime: days(660) },
      ],
      passwordCredentials: [],
    },
    servicePrincipal: { id: 'sp-obj', displayName: 'BreakGlass-App' },
  });
  s.bgAppOwners = ok([]);
  s.bgAppRoles = ok([{ id: 'ra1', principalId: 'sp-obj', roleDefinitionId: GA, directoryScopeId: '/' }]);
  s.bgAppPermissions = ok([]);
  return s;
}

const bad = (s: TenantSnapshot, c = cfg()) =>
  check
    .evaluate(s, c)
    .findings.filter((f) => f.verdict !== 'pass')
    .map((f) => `${f.verdict} ${f.object.name}: ${f.reason}`);

describe('BG-023 break-glass app credentials, owners and grants', () => {
  it('is not applicable when no app is declared', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('not-applicable');
  });
  it('passes: two certificates with different expiry, no secret, no owner, exactly the declared role', () => {
    const r = check.evaluate(withApp(), cfg());
    expect(r.verdict, r.reason).toBe('pass');
  });
  it('fails a secret, an owner, an undeclared role, and an expired or expiring certificate — naming each', () => {
    const s = withApp();
    const bg = (s.bgApp as { value: { application: { keyCredentials: unknown[]; passwordCredentials: unknown[] } } })
      .value.application;
    bg.keyCredentials = [
      { keyId: 'k1', displayName: 'primary', endDateTime: days(10) },
      { keyId: 'k2', displayName: 'sealed', endDateTime: days(-5) },
    ];
    bg.passwordCredentials = [{ keyId: 's1', displayName: 'quick-fix', endDateTime: days(180) }];
    s.bgAppOwners = ok([{ '@odata.type': '#microsoft.graph.user', id: 'u9', userPrincipalName: 'sam@contoso.com' }]);
    s.bgAppRoles = ok([
      { id: 'ra1', principalId: 'sp-obj', roleDefinitionId: GA, directoryScopeId: '/' },
      { id: 'ra2', principalId: 'sp-obj', roleDefinitionId: PRA, directoryScopeId: '/' },
    ]);
    expect(check.evaluate(s, cfg()).verdict).toBe('fail');
    expect(bad(s)).toEqual([
      expect.stringMatching(/^fail BreakGlass-App: client secret "quick-fix" .* recommends a certificate$/),
      expect.stringMatching(/^fail BreakGlass-App: certificate "primary" expires on .*, within 30 days/),
      expect.stringMatching(/^fail BreakGlass-App: certificate "sealed" expired on /),
      expect.stringMatching(/^fail BreakGlass-App: 1 valid certificate\(s\)/),
      'fail sam@contoso.com: owns the break-glass app: an owner can add a credential and sign in as it',
      'fail Privileged Role Administrator: Privileged Role Administrator is held but not declared',
    ]);
  });
  it('fails a declared role that is not held, and an undeclared application permission', () => {
    const s = withApp();
    s.bgAppRoles = ok([]);
    s.bgAppPermissions = ok([
      { id: 'p1', appRoleId: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', resourceDisplayName: 'Microsoft Graph' },
    ]);
    expect(bad(s)).toEqual([
      'fail BreakGlass-App: declared role Global Administrator is not held tenant-wide: the door does not open what it should',
      'fail RoleManagement.ReadWrite.Directory: application permission RoleManagement.ReadWrite.Directory is granted but not declared',
    ]);
  });
  it('knows a declared application permission beyond the ones breakglass grants by its Graph id', () => {
    // Directory.Read.All, application: 7ab1d382-f21e-4acd-a863-ba3e13f7da61 (https://learn.microsoft.com/graph/permissions-reference#directoryreadall)
    const s = withApp();
    s.bgAppPermissions = ok([
      { id: 'p1', appRoleId: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', resourceDisplayName: 'Microsoft Graph' },
    ]);
    const r = check.evaluate(s, cfg({ breakGlassAppPermissions: ['Directory.Read.All'] }));
    expect(bad(s, cfg({ breakGlassAppPermissions: ['Directory.Read.All'] }))).toEqual([]);
    expect(r.verdict, r.reason).toBe('pass');
  });
  it('fails when the declared app does not exist; errors when it or its owners cannot be read', () => {
    const s = healthy();
    s.bgApp = ok(null);
    expect(check.evaluate(s, cfg()).verdict).toBe('fail');
    s.bgApp = FORBIDDEN;
    expect(check.evaluate(s, cfg()).verdict).toBe('error');
    const t = withApp();
    t.bgAppOwners = FORBIDDEN;
    expect(check.evaluate(t, cfg()).verdict).toBe('error');
  });
  it('an unknown declared role name is an error, not a silent pass', () => {
    expect(check.evaluate(withApp(), cfg({ breakGlassAppRoles: ['Global Admin'] })).verdict).toBe('error');
  });
});
