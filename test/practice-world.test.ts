/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { describe, it, expect } from 'vitest';
import {
  loadWorld,
  ScenarioError,
  GLOBAL_ADMIN_ROLE_ID,
  directory,
  methods,
  type World,
} from '../src/practice/world/index.js';
import { runQuery } from '../src/practice/kql/index.js';
import { tableProvider } from '../src/practice/world/monitoring.js';

const OP = {
  kind: 'user' as const,
  id: '3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  name: 'alex.admin@contoso-practice.com',
};

/** A controllable real-time source: tests move it instead of sleeping. */
function fakeClock(start = Date.parse('2026-03-01T12:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

function healthy(opts: { timeScale?: number } = {}): { w: World; clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock();
  return { w: loadWorld('healthy', { now: clock.now, timeScale: opts.timeScale ?? 1, seed: 7 }), clock };
}

function query(w: World, kql: string) {
  const ws = [...w.arm.values()].find((r) => r.type === 'Microsoft.OperationalInsights/workspaces')!;
  return runQuery(kql, { table: tableProvider(w, String(ws.properties.customerId)), now: w.clock.nowMs() });
}

describe('loadWorld', () => {
  it('loads the healthy scenario with the expected break-glass shape', () => {
    const { w } = healthy();
    expect(w.tenantId).toBe('9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c');
    expect(w.initialDomain).toBe('contosopractice.onmicrosoft.com');
    const bg1 = w.user('bg-admin-01@contosopractice.onmicrosoft.com')!;
    expect(bg1.onPremisesSyncEnabled).toBeNull();
    expect(w.user('alex.admin@contoso-practice.com')!.onPremisesSyncEnabled).toBe(true);
    const grp = w.groupByName('SG-BreakGlass-Exclude')!;
    expect(grp.isAssignableToRole).toBe(true);
    expect(grp._members.sort()).toEqual([bg1.id, w.user('bg-admin-02@contosopractice.onmicrosoft.com')!.id].sort());
    expect(w.activeRoleIdsOf(bg1.id)).toContain(GLOBAL_ADMIN_ROLE_ID);
    // historic sign-ins are already ingested
    expect(bg1.signInActivity.lastSuccessfulSignInDateTime).not.toBeNull();
  });

  it('exposes apps for the identity layer, including the layered-path certificate', () => {
    const { w } = healthy();
    const ea = w.findApplication('7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a')!;
    expect(ea.certificates).toHaveLength(1);
    expect(ea.certificates[0]!.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ea.appRoles.sort()).toEqual([
      'GroupMember.ReadWrite.All',
      'RoleManagement.ReadWrite.Directory',
      'User.Read.All',
    ]);
    const d = w.delegatedSignIn('2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60')!;
    expect(d.upn).toBe('alex.admin@contoso-practice.com');
    expect(d.scopes).toContain('Policy.Read.All');
    expect(w.findApplication('00000000-0000-0000-0000-00000000dead')).toBeUndefined();
  });

  it('reports scenario errors with file:line and a hint', () => {
    expect(() =>
      loadWorld({ name: 'x', tenant: { initialDomain: 'contoso.com' }, operator: { upn: 'a@contoso.com' } }),
    ).toThrow(/initial domain must end in \.onmicrosoft\.com/);
    expect(() => loadWorld('no-such-scenario')).toThrow(ScenarioError);
    expect(() =>
      loadWorld({
        name: 'x',
        tenant: { initialDomain: 'x.onmicrosoft.com' },
        operator: { upn: 'a@x.onmicrosoft.com' },
        users: [{ upn: 'a@x.onmicrosoft.com', methods: [{ type: 'carrierPigeon' }] }],
      }),
    ).toThrow(/users\[0\]\.methods\[0\]/);
  });

  it('gives line numbers for YAML scenario errors', async () => {
    const { parseScenario } = await import('../src/practice/world/index.js');
    const text =
      'name: x\ntenant:\n  initialDomain: x.onmicrosoft.com\noperator:\n  upn: a@x.onmicrosoft.com\nusers:\n  - upn: a@x.onmicrosoft.com\n    colour: blue\n';
    expect(() => parseScenario(text, 'bad.yaml')).toThrow(/^bad\.yaml:7: users\[0\]: .*colour/);
  });

  it('an unresolved alias, a list as a key, and terminal escapes in the file are ScenarioErrors at file:line, printable', async () => {
    const { parseScenario } = await import('../src/practice/world/index.js');
    const head = 'name: x\ntenant:\n  initialDomain: x.onmicrosoft.com\noperator:\n  upn: a@x.onmicrosoft.com\n';
    const attempt = (text: string) => {
      try {
        parseScenario(text, 'bad.yaml');
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const alias = attempt(head + 'users:\n  - *nobody\n');
    expect(alias).toBeInstanceOf(ScenarioError);
    expect((alias as Error).message).toMatch(/^bad\.yaml:7: .*alias/);
    const key = attempt(head + 'users:\n  - [upn, name]: a\n');
    expect(key).toBeInstanceOf(ScenarioError);
    expect((key as Error).message).toMatch(/^bad\.yaml:7: a key is a list or a mapping/);
    const escapes = attempt(
      head + 'users:\n  - upn: a@x.onmicrosoft.com\n    "\u001b]0;pwned\u0007\u202ecolour\u009b31m": blue\n',
    );
    expect(escapes).toBeInstanceOf(ScenarioError);
    expect((escapes as Error).message).toMatch(/^bad\.yaml:7: /);
    expect((escapes as Error).message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

describe('mutations', () => {
  it('a TAP is returned once; the stored record never holds the pass; a new TAP replaces the old', () => {
    const { w } = healthy();
    const bg = w.user('bg-admin-01@contosopractice.onmicrosoft.com')!;
    const first = methods.createTap(w, OP, bg.id, { lifetimeInMinutes: 60, isUsableOnce: true });
    expect(first.pass).toMatch(/^.{8}$/);
    expect(JSON.stringify(bg._methods)).not.toContain(first.pass);
    const second = methods.createTap(w, OP, bg.id, {});
    expect(bg._methods.filter((m) => m.kind === 'temporaryAccessPass')).toHaveLength(1);
    expect(second.method.id).not.toBe(first.method.id);
  });

  it('refuses a TAP for a user outside the TAP policy targets, and lifetimes outside policy', () => {
    const { w } = healthy();
    expect(() => methods.createTap(w, OP, 'sam.staff@contoso-practice.com', {})).toThrow(/not enabled for this user/);
    expect(() =>
      methods.createTap(w, OP, 'bg-admin-01@contosopractice.onmicrosoft.com', { lifetimeInMinutes: 5 }),
    ).toThrow(/between 60 and 480/);
  });

  it('adding an existing member is Graph’s 400', () => {
    const { w } = healthy();
    const g = w.groupByName('SG-BreakGlass-Exclude')!;
    const bg = w.user('bg-admin-01@contosopractice.onmicrosoft.com')!;
    expect(() => directory.addMember(w, OP, g.id, bg.id)).toThrow(/One or more added object references already exist/);
    const sam = w.user('sam.staff@contoso-practice.com')!;
    directory.addMember(w, OP, g.id, sam.id);
    expect(g._members).toContain(sam.id);
    expect(w.audits.at(-1)!.activityDisplayName).toBe('Add member to group');
  });

  it('group membership lookups follow every change (removing one member and adding another included)', () => {
    const { w } = healthy();
    const g = w.groupByName('SG-BreakGlass-Exclude')!;
    const bg = w.user('bg-admin-01@contosopractice.onmicrosoft.com')!;
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const groupsOf = (id: string) => w.directGroupsOf(id).map((x) => x.displayName);
    expect(groupsOf(bg.id)).toContain('SG-BreakGlass-Exclude');
    expect(groupsOf(sam.id)).not.toContain('SG-BreakGlass-Exclude');
    // Same number of members before and after: the lookup must still see the swap.
    directory.removeMember(w, OP, g.id, bg.id);
    directory.addMember(w, OP, g.id, sam.id);
    expect(groupsOf(bg.id)).not.toContain('SG-BreakGlass-Exclude');
    expect(groupsOf(sam.id)).toContain('SG-BreakGlass-Exclude');
    expect(w.transitiveGroupsOf(sam.id).map((x) => x.id)).toContain(g.id);
    // A new group with members bound at creation is found at once.
    const made = directory.createGroup(w, OP, {
      displayName: 'SG-New',
      mailNickname: 'sg-new',
      mailEnabled: false,
      securityEnabled: true,
      'members@odata.bind': [`https://graph.microsoft.com/v1.0/directoryObjects/${bg.id}`],
    });
    expect(groupsOf(bg.id)).toContain('SG-New');
    expect(w.directGroupsOf(bg.id).map((x) => x.id)).toContain(made.id);
  });

  it('PIM adminAssign with noExpiration creates a permanent active assignment', () => {
    const { w } = healthy();
    const u = directory.createUser(w, OP, {
      accountEnabled: true,
      displayName: 'BG 3',
      mailNickname: 'bg-admin-03',
      userPrincipalName: 'bg-admin-03@contosopractice.onmicrosoft.com',
      passwordProfile: { password: 'Correct-Horse-Battery-9', forceChangePasswordNextSignIn: false },
    });
    const req = directory.roleAssignmentScheduleRequest(w, OP, {
      action: 'adminAssign',
      principalId: u.id,
      roleDefinitionId: GLOBAL_ADMIN_ROLE_ID,
      directoryScopeId: '/',
      justification: 'bg',
      scheduleInfo: { startDateTime: w.nowIso(), expiration: { type: 'noExpiration' } },
    });
    expect(req.status).toBe('Provisioned');
    const a = w.activeAssignments().find((x) => x.principalId === u.id)!;
    expect(a.endDateTime).toBeNull();
    expect(() =>
      directory.roleAssignmentScheduleRequest(w, OP, {
        action: 'adminAssign',
        principalId: u.id,
        roleDefinitionId: GLOBAL_ADMIN_ROLE_ID,
        directoryScopeId: '/',
      }),
    ).toThrow(/already exists/);
  });

  it('user creation validates like Graph', () => {
    const { w } = healthy();
    const base = {
      accountEnabled: true,
      displayName: 'X',
      mailNickname: 'x',
      passwordProfile: { password: 'Sufficiently-Long-Pw-1' },
    };
    expect(() => directory.createUser(w, OP, { ...base, userPrincipalName: 'x@unverified.example' })).toThrow(
      /verified domain/,
    );
    expect(() =>
      directory.createUser(w, OP, {
        ...base,
        userPrincipalName: 'x@contosopractice.onmicrosoft.com',
        passwordProfile: { password: 'short' },
      }),
    ).toThrow(/complexity/);
    expect(() =>
      directory.createUser(w, OP, {
        ...base,
        mailNickname: undefined,
        userPrincipalName: 'x@contosopractice.onmicrosoft.com',
      }),
    ).toThrow(/mailNickname/);
  });

  it('password reset updates lastPasswordChangeDateTime', () => {
    const { w, clock } = healthy();
    clock.advance(60_000);
    directory.updateUser(w, OP, 'bg-admin-02@contosopractice.onmicrosoft.com', {
      passwordProfile: { password: 'New-Passphrase-That-Is-Long-1', forceChangePasswordNextSignIn: false },
    });
    expect(w.user('bg-admin-02@contosopractice.onmicrosoft.com')!.lastPasswordChangeDateTime).toBe(w.nowIso());
  });
});

describe('FIDO2 registration with a TAP', () => {
  it('needs a valid, usable, unexpired TAP and consumes a one-time TAP', () => {
    const { w, clock } = healthy();
    const upn = 'bg-admin-02@contosopractice.onmicrosoft.com';
    expect(() => w.registerFido2({ upn, tap: 'wrong' })).toThrow(/not valid/);
    const { pass } = methods.createTap(w, OP, upn, { lifetimeInMinutes: 60, isUsableOnce: true });
    expect(() => w.registerFido2({ upn, tap: 'nope-nope' })).toThrow(/not valid/);
    const key = w.registerFido2({ upn, tap: pass, model: 'YubiKey 5 NFC' });
    expect(key.aaGuid).toBe('cb69481e-8ff7-4039-93ec-0a2729a154a8');
    expect(() => w.registerFido2({ upn, tap: pass })).toThrow(/OneTimeUsed/);
    // expiry
    const { pass: p2 } = methods.createTap(w, OP, upn, { lifetimeInMinutes: 60, isUsableOnce: true });
    clock.advance(61 * 60_000);
    expect(() => w.registerFido2({ upn, tap: p2 })).toThrow(/Expired/);
  });

  it('rejects a key whose AAGUID the key restrictions do not allow', () => {
    const { w } = healthy();
    const upn = 'bg-admin-02@contosopractice.onmicrosoft.com';
    const { pass } = methods.createTap(w, OP, upn, {});
    expect(() => w.registerFido2({ upn, tap: pass, aaGuid: '833b721a-ff5f-4d00-bb2e-bdda3ec01e29' })).toThrow(
      /key restrictions/,
    );
  });
});

describe('sign-ins, ingestion and alerting', () => {
  it('a sign-in appears in SigninLogs only after the ingestion delay', () => {
    const { w, clock } = healthy();
    w.simulateSignIn({ upn: 'bg-admin-01@contosopractice.onmicrosoft.com', method: 'fido2' });
    w.tick();
    const q = 'SigninLogs | where TimeGenerated > ago(10m) | where UserPrincipalName startswith "bg-admin-"';
    expect(query(w, q).rows).toHaveLength(0);
    clock.advance(119_000);
    w.tick();
    expect(query(w, q).rows).toHaveLength(0);
    clock.advance(2_000);
    w.tick();
    const rows = query(w, q).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ResultType).toBe('0');
    // CA101 requires phishing-resistant MFA of the accounts (BG-027) and the key satisfied it; every other
    // fail-closed policy excludes them, and the legacy block does not match a browser.
    expect(rows[0]!.ConditionalAccessStatus).toBe('success');
  });

  it('records CA failures: a password sign-in by a normal user needs MFA', () => {
    const { w } = healthy();
    const s = w.simulateSignIn({ upn: 'sam.staff@contoso-practice.com', method: 'password' });
    expect(s.errorCode).toBe(50076);
    expect(s.conditionalAccessStatus).toBe('failure');
  });

  it('a 5-minute scheduled rule and the NRT rule fire within seconds at a time scale', () => {
    const { w, clock } = healthy({ timeScale: 120 });
    w.simulateSignIn({ upn: 'bg-admin-01@contosopractice.onmicrosoft.com', method: 'password', fail: true });
    const alerts = () => [...w.arm.values()].filter((r) => r.type === 'Microsoft.AlertsManagement/alerts');
    const incidents = () => [...w.arm.values()].filter((r) => r.type === 'Microsoft.SecurityInsights/Incidents');
    // 6 real seconds at 120× = 12 simulated minutes: ingestion (2 min) + window (5 min) + delay
    for (let i = 0; i < 12; i++) {
      clock.advance(500);
      w.tick();
    }
    expect(
      alerts().some((a) => (a.properties.essentials as { alertRule: string }).alertRule.endsWith('/BreakGlassUsed')),
    ).toBe(true);
    expect(incidents()).toHaveLength(1);
    expect(w.notifications.some((n) => n.channel === 'sms')).toBe(true);
  });

  it('an audit alert fires when someone is added to the exclusion group', () => {
    const { w, clock } = healthy({ timeScale: 120 });
    const g = w.groupByName('SG-BreakGlass-Exclude')!;
    directory.addMember(w, OP, g.id, w.user('sam.staff@contoso-practice.com')!.id);
    for (let i = 0; i < 12; i++) {
      clock.advance(500);
      w.tick();
    }
    const fired = [...w.arm.values()]
      .filter((r) => r.type === 'Microsoft.AlertsManagement/alerts')
      .map((a) => (a.properties.essentials as { alertRule: string }).alertRule);
    expect(fired.some((r) => r.endsWith('/BreakGlassGroupOrRoleChanged'))).toBe(true);
  });
});

describe('shipped scenarios', () => {
  it('smb-security-defaults: defaults on, no break-glass, FIDO2/TAP disabled', () => {
    const w = loadWorld('smb-security-defaults');
    expect(w.securityDefaults.isEnabled).toBe(true);
    expect(w.caPolicies.size).toBe(0);
    expect([...w.users.values()].some((u) => u.userPrincipalName.startsWith('bg-'))).toBe(false);
    expect(methods.methodConfig(w, 'Fido2')!.state).toBe('disabled');
    expect(w.delegatedSignIn('2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60')!.upn).toBe('owner@fabrikam-bakery.example');
  });

  it('smb-security-defaults: the first-time setup flow works end to end in the world', () => {
    const w = loadWorld('smb-security-defaults');
    const op = {
      kind: 'user' as const,
      id: w.user('owner@fabrikam-bakery.example')!.id,
      name: 'owner@fabrikam-bakery.example',
    };
    const bg = directory.createUser(w, op, {
      accountEnabled: true,
      displayName: 'BREAK GLASS 01',
      mailNickname: 'bg-admin-01',
      userPrincipalName: 'bg-admin-01@fabrikambakery.onmicrosoft.com',
      passwordProfile: { password: 'A-Very-Long-Passphrase-For-Practice-1', forceChangePasswordNextSignIn: false },
    });
    directory.roleAssignmentScheduleRequest(w, op, {
      action: 'adminAssign',
      principalId: bg.id,
      roleDefinitionId: GLOBAL_ADMIN_ROLE_ID,
      directoryScopeId: '/',
      scheduleInfo: { expiration: { type: 'noExpiration' } },
    });
    const g = directory.createGroup(w, op, {
      displayName: 'Break glass',
      mailNickname: 'breakglass',
      mailEnabled: false,
      securityEnabled: true,
    });
    directory.addMember(w, op, g.id, bg.id);
    // TAP is disabled: creating one fails until the policy allows it
    expect(() => methods.createTap(w, op, bg.id, {})).toThrow(/not enabled/);
    methods.updateMethodConfig(w, op, 'Fido2', {
      '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
      state: 'enabled',
      includeTargets: [{ targetType: 'group', id: g.id }],
    });
    methods.updateMethodConfig(w, op, 'TemporaryAccessPass', {
      '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
      state: 'enabled',
      includeTargets: [{ targetType: 'group', id: g.id }],
    });
    const { method, pass } = methods.createTap(w, op, bg.id, { isUsableOnce: true });
    w.registerFido2({ upn: 'bg-admin-01@fabrikambakery.onmicrosoft.com', tap: pass });
    methods.deleteMethod(w, op, bg.id, 'temporaryAccessPass', method.id);
    expect(bg._methods.map((m) => m.kind)).toEqual(['fido2']);
    // security defaults: FIDO2 satisfies MFA, a password alone does not
    expect(w.simulateSignIn({ upn: 'bg-admin-01@fabrikambakery.onmicrosoft.com', method: 'fido2' }).errorCode).toBe(0);
    expect(w.simulateSignIn({ upn: 'bg-admin-01@fabrikambakery.onmicrosoft.com', method: 'password' }).errorCode).toBe(
      50076,
    );
  });

  it('drifted: every planted drift is present in the state', () => {
    const w = loadWorld('drifted');
    const bg1 = w.user('bg-admin-01@contosopractice.onmicrosoft.com')!;
    const bg2 = w.user('bg-admin-02@contosopractice.onmicrosoft.com')!;
    const group = w.groupByName('SG-BreakGlass-Exclude')!;
    expect(w.activeRoleIdsOf(bg2.id)).not.toContain(GLOBAL_ADMIN_ROLE_ID); // BG-003
    expect([...w.roleEligibilities.values()].some((e) => e.principalId === bg2.id)).toBe(true);
    expect(bg2._methods.some((m) => m.kind === 'fido2')).toBe(false); // BG-004
    expect(bg2._methods.some((m) => m.kind === 'phone')).toBe(true); // BG-005
    expect(group._members).toHaveLength(3); // BG-006
    const pols = [...w.caPolicies.values()] as any[];
    const noExcl = pols.filter(
      (p) =>
        p.state !== 'disabled' &&
        !p.conditions.users.excludeGroups.includes(group.id) &&
        !p.grantControls.builtInControls.includes('block'),
    );
    expect(noExcl.map((p) => p.displayName).sort()).toEqual([
      'CA010-Require-MFA-Azure-Management',
      'CA202-Require-Compliant-Device-Pilot',
    ]); // BG-007
    expect(pols.find((p) => p.displayName.startsWith('CA002')).conditions.users.excludeGroups).toContain(group.id); // BG-008
    expect((methods.methodConfig(w, 'Fido2')!.keyRestrictions as any).aaGuids).not.toContain(
      'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    ); // BG-009
    expect(bg1._methods.some((m) => m.kind === 'temporaryAccessPass')).toBe(true); // BG-010
    expect([...w.arm.values()].filter((r) => r.type === 'Microsoft.SecurityInsights/alertRules')).toHaveLength(0); // BG-012
    expect(Date.parse(bg2.signInActivity.lastSuccessfulSignInDateTime!)).toBeLessThan(
      w.clock.nowMs() - 90 * 86_400_000,
    ); // BG-013
    expect(Date.parse(bg2.lastPasswordChangeDateTime)).toBeLessThan(w.clock.nowMs() - 180 * 86_400_000); // BG-014
    expect(([...w.accessReviews.values()][0] as any).settings.defaultDecisionEnabled).toBe(true); // BG-015
    expect(w.directGroupsOf(bg1.id).map((g) => g.displayName)).toContain('All Staff'); // BG-017
  });
});

describe('service principal sign-ins', () => {
  it('land in AADServicePrincipalSignInLogs when exported, and the service-principal sign-in query finds them', () => {
    const { w, clock } = healthy();
    const diag = [...w.arm.values()].find((r) => r.type === 'microsoft.aadiam/diagnosticSettings')!;
    (diag.properties.logs as { category: string; enabled: boolean }[]).push({
      category: 'ServicePrincipalSignInLogs',
      enabled: true,
    });
    w.recordServicePrincipalSignIn({ appId: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a', credentialType: 'certificate' });
    w.recordServicePrincipalSignIn({
      appId: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
      credentialType: 'certificate',
      fail: true,
    });
    clock.advance(3 * 60_000);
    w.tick();
    const t = query(
      w,
      'AADServicePrincipalSignInLogs\n| where TimeGenerated > ago(48h)\n| where AppId in ("7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a")\n| project ResultType, ServicePrincipalName',
    );
    expect(t.rows).toEqual([
      { ResultType: '0', ServicePrincipalName: 'EmergencyAccess' },
      { ResultType: '7000215', ServicePrincipalName: 'EmergencyAccess' },
    ]);
  });
});

describe('dynamic groups', () => {
  it('healthy: All Staff is computed from its rule and keeps break-glass accounts out; new users join', () => {
    const { w } = healthy();
    const staff = w.groupByName('All Staff')!;
    const upns = () => staff._members.map((id) => w.users.get(id)!.userPrincipalName).sort();
    expect(upns()).toEqual([
      'alex.admin@contoso-practice.com',
      'sam.staff@contoso-practice.com',
      'witness.wu@contoso-practice.com',
    ]);
    const base = { accountEnabled: true, passwordProfile: { password: 'Sufficiently-Long-Pw-1' } };
    directory.createUser(w, OP, {
      ...base,
      displayName: 'New Hire',
      mailNickname: 'new.hire',
      userPrincipalName: 'new.hire@contoso-practice.com',
    });
    directory.createUser(w, OP, {
      ...base,
      displayName: 'BG 3',
      mailNickname: 'bg-admin-03',
      userPrincipalName: 'bg-admin-03@contosopractice.onmicrosoft.com',
    });
    expect(upns()).toContain('new.hire@contoso-practice.com');
    expect(upns()).not.toContain('bg-admin-03@contosopractice.onmicrosoft.com');
    expect(() =>
      directory.addMember(w, OP, staff.id, w.user('bg-admin-01@contosopractice.onmicrosoft.com')!.id),
    ).toThrow(/dynamic/);
  });

  it('a careless rule edit balloons the group, and bad rules are refused', () => {
    const { w } = healthy();
    const g = directory.createGroup(w, OP, {
      displayName: 'Admins (dynamic)',
      mailNickname: 'admins',
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: ['DynamicMembership'],
      membershipRule: 'user.userPrincipalName -startsWith "bg-admin-" -or user.displayName -contains "admin"',
    });
    expect(g._members.map((id) => w.users.get(id)!.userPrincipalName).sort()).toEqual([
      'alex.admin@contoso-practice.com',
      'bg-admin-01@contosopractice.onmicrosoft.com',
      'bg-admin-02@contosopractice.onmicrosoft.com',
    ]);
    expect(() =>
      directory.createGroup(w, OP, {
        displayName: 'X',
        mailNickname: 'x',
        mailEnabled: false,
        securityEnabled: true,
        groupTypes: ['DynamicMembership'],
        membershipRule: 'user.department -match "^IT"',
      }),
    ).toThrow(/Invalid membershipRule/);
  });
});

describe('simulation input validation', () => {
  it('refuses an unknown sign-in method and an unknown user gets Entra’s 50034', () => {
    const { w } = healthy();
    expect(() =>
      w.simulateSignIn({ upn: 'bg-admin-01@contosopractice.onmicrosoft.com', method: 'sms' as never }),
    ).toThrow(/unknown method 'sms'/);
    expect(w.simulateSignIn({ upn: 'ghost@contosopractice.onmicrosoft.com', method: 'password' }).errorCode).toBe(
      50034,
    );
  });
  it('legacy clients are caught by the legacy-auth block, which does not exclude break-glass (BG-008)', () => {
    const { w } = healthy();
    const s = w.simulateSignIn({
      upn: 'bg-admin-01@contosopractice.onmicrosoft.com',
      method: 'password',
      clientApp: 'exchangeActiveSync',
    });
    expect(s.errorCode).toBe(53003);
    expect(s.appliedConditionalAccessPolicies.find((p) => p.displayName.startsWith('CA002'))!.result).toBe('failure');
  });
  it('report-only policies report but do not block', () => {
    const { w } = healthy();
    const s = w.simulateSignIn({ upn: 'sam.staff@contoso-practice.com', method: 'passwordAndMfa' });
    expect(s.errorCode).toBe(0);
    expect(s.appliedConditionalAccessPolicies.find((p) => p.displayName.startsWith('CA201'))!.result).toBe(
      'reportOnlyFailure',
    );
  });
});

describe('risk conditions', () => {
  it('a high-risk block applies only to high-risk sign-ins', () => {
    const { w } = healthy();
    expect(
      w.simulateSignIn({ upn: 'sam.staff@contoso-practice.com', method: 'passwordAndMfa', signInRisk: 'high' })
        .errorCode,
    ).toBe(53003);
    expect(
      w.simulateSignIn({ upn: 'sam.staff@contoso-practice.com', method: 'passwordAndMfa', signInRisk: 'low' })
        .errorCode,
    ).toBe(0);
  });
});
