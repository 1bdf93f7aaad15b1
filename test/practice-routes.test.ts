/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { describe, it, expect } from 'vitest';
import { loadWorld, GLOBAL_ADMIN_ROLE_ID, type World } from '../src/practice/world/index.js';
import { call } from './practice-routes-helpers.js';

const BG1 = 'bg-admin-01@contosopractice.onmicrosoft.com';
const BG2 = 'bg-admin-02@contosopractice.onmicrosoft.com';
const GROUP = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const SUB = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const WS = `/subscriptions/${SUB}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security`;
const CUSTOMER = 'c0ffee00-1234-4abc-9def-0123456789ab';

function fresh(timeScale = 1): { w: World; advance: (ms: number) => void } {
  let t = Date.parse('2026-03-01T12:00:00Z');
  const w = loadWorld('healthy', { now: () => new Date(t), timeScale, seed: 3 });
  return { w, advance: (ms) => void (t += ms) };
}

describe('Graph directory routes', () => {
  it('organization lists the initial and federated domains', async () => {
    const { w } = fresh();
    const r = await call(w, 'GET', 'graph', '/organization');
    const d = r.body.value[0].verifiedDomains;
    expect(d.find((x: any) => x.isInitial).name).toBe('contosopractice.onmicrosoft.com');
    expect(d.find((x: any) => !x.isInitial).type).toBe('Federated');
  });

  it('users: default properties unless $select; by id or UPN; $filter via OData', async () => {
    const { w } = fresh();
    const plain = await call(w, 'GET', 'graph', `/users/${BG1}`);
    expect(plain.body.userPrincipalName).toBe(BG1);
    expect(plain.body).not.toHaveProperty('accountEnabled');
    const sel = await call(w, 'GET', 'graph', `/users/${BG1}?$select=id,accountEnabled,onPremisesSyncEnabled`);
    expect(sel.body.accountEnabled).toBe(true);
    expect(sel.body.onPremisesSyncEnabled).toBeNull();
    const f = await call(w, 'GET', 'graph', `/users?$filter=${encodeURIComponent(`userPrincipalName eq '${BG2}'`)}`);
    expect(f.body.value).toHaveLength(1);
    expect((await call(w, 'GET', 'graph', '/users/nobody@contoso-practice.com')).status).toBe(404);
  });

  it('signInActivity needs AuditLog.Read.All', async () => {
    const { w } = fresh();
    const denied = await call(w, 'GET', 'graph', `/users/${BG1}?$select=signInActivity`, { scopes: ['User.Read.All'] });
    expect(denied.status).toBe(403);
    const okr = await call(w, 'GET', 'graph', `/users/${BG1}?$select=signInActivity`, {
      scopes: ['User.Read.All', 'AuditLog.Read.All'],
    });
    expect(okr.body.signInActivity.lastSuccessfulSignInDateTime).toBeTruthy();
  });

  it('POST /users validates the UPN domain and creates a user', async () => {
    const { w } = fresh();
    const bad = await call(w, 'POST', 'graph', '/users', {
      body: {
        accountEnabled: true,
        displayName: 'X',
        mailNickname: 'x',
        userPrincipalName: 'x@gmail.com',
        passwordProfile: { password: 'Very-Long-Passphrase-42' },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/verified domain/);
    const good = await call(w, 'POST', 'graph', '/users', {
      body: {
        accountEnabled: true,
        displayName: 'BG 3',
        mailNickname: 'bg-admin-03',
        userPrincipalName: 'bg-admin-03@contosopractice.onmicrosoft.com',
        passwordProfile: { password: 'Very-Long-Passphrase-42', forceChangePasswordNextSignIn: false },
      },
    });
    expect(good.status).toBe(201);
    expect(good.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('group membership: add via $ref → 204; again → 400; role-assignable group needs RoleManagement.ReadWrite.Directory', async () => {
    const { w } = fresh();
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${sam.id}` };
    const noRole = await call(w, 'POST', 'graph', `/groups/${GROUP}/members/$ref`, {
      body: ref,
      scopes: ['GroupMember.ReadWrite.All'],
    });
    expect(noRole.status).toBe(403);
    const first = await call(w, 'POST', 'graph', `/groups/${GROUP}/members/$ref`, { body: ref });
    expect(first.status).toBe(204);
    const again = await call(w, 'POST', 'graph', `/groups/${GROUP}/members/$ref`, { body: ref });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe(
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
    const members = await call(w, 'GET', 'graph', `/groups/${GROUP}/members`);
    expect(members.body.value).toHaveLength(3);
  });

  it('the emergency service principal needs GroupMember.ReadWrite.All AND RoleManagement.ReadWrite.Directory to add a user to the role-assignable group', async () => {
    // https://learn.microsoft.com/graph/api/group-post-members: "must also be assigned the
    // RoleManagement.ReadWrite.Directory permission" — read as both required (docs/permissions.md).
    const { w } = fresh();
    const ea = w.findApplication('7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a')!;
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const add = (roles: string[]) =>
      call(w, 'POST', 'graph', `/groups/${GROUP}/members/$ref`, {
        roles,
        oid: ea.servicePrincipalId,
        appid: ea.appId,
        body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${sam.id}` },
      });
    const alone = await add(['RoleManagement.ReadWrite.Directory']);
    expect(alone.status).toBe(403);
    expect(alone.body.error.code).toBe('Authorization_RequestDenied');
    expect((await add(['GroupMember.ReadWrite.All'])).status).toBe(403);
    const r = await add(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']);
    expect(r.status).toBe(204);
    // …but it cannot list groups (no Group.Read.All), as the layered path intends
    expect((await call(w, 'GET', 'graph', '/groups', { roles: ['RoleManagement.ReadWrite.Directory'] })).status).toBe(
      403,
    );
    expect(w.audits.at(-1)!.initiatedBy.app?.displayName).toBe('EmergencyAccess');
  });

  it('POST /groups refuses a dynamic role-assignable group', async () => {
    const { w } = fresh();
    const r = await call(w, 'POST', 'graph', '/groups', {
      body: {
        displayName: 'X',
        mailNickname: 'x',
        mailEnabled: false,
        securityEnabled: true,
        groupTypes: ['DynamicMembership'],
        membershipRule: 'user.department -eq "IT"',
        isAssignableToRole: true,
      },
    });
    expect(r.status).toBe(400);
  });
});

describe('authentication method routes', () => {
  it('TAP: POST returns the pass once, GET shows null, DELETE removes it', async () => {
    const { w } = fresh();
    const created = await call(w, 'POST', 'graph', `/users/${BG1}/authentication/temporaryAccessPassMethods`, {
      body: { lifetimeInMinutes: 60, isUsableOnce: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.temporaryAccessPass).toMatch(/^.{8}$/);
    expect(created.body.isUsable).toBe(true);
    const listed = await call(w, 'GET', 'graph', `/users/${BG1}/authentication/temporaryAccessPassMethods`);
    expect(listed.body.value).toHaveLength(1);
    expect(listed.body.value[0].temporaryAccessPass).toBeNull();
    const all = await call(w, 'GET', 'graph', `/users/${BG1}/authentication/methods`);
    expect(JSON.stringify(all.body)).not.toContain(created.body.temporaryAccessPass);
    const del = await call(
      w,
      'DELETE',
      'graph',
      `/users/${BG1}/authentication/temporaryAccessPassMethods/${created.body.id}`,
    );
    expect(del.status).toBe(204);
    expect(
      (await call(w, 'GET', 'graph', `/users/${BG1}/authentication/temporaryAccessPassMethods`)).body.value,
    ).toHaveLength(0);
  });

  it('methods are typed by @odata.type; FIDO2 keys expose aaGuid/model', async () => {
    const { w } = fresh();
    const r = await call(w, 'GET', 'graph', `/users/${BG1}/authentication/methods`);
    const types = r.body.value.map((m: any) => m['@odata.type']);
    expect(types).toContain('#microsoft.graph.passwordAuthenticationMethod');
    expect(types.filter((t: string) => t === '#microsoft.graph.fido2AuthenticationMethod')).toHaveLength(2);
    const fido = await call(w, 'GET', 'graph', `/users/${BG1}/authentication/fido2Methods`);
    expect(fido.body.value[0]).toMatchObject({
      aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
      model: 'YubiKey 5 NFC',
    });
    expect(
      (await call(w, 'GET', 'graph', `/users/${BG1}/authentication/methods`, { scopes: ['User.Read.All'] })).status,
    ).toBe(403);
  });
});

describe('policy routes', () => {
  it('CA policies list and PATCH → 204 with state validation', async () => {
    const { w } = fresh();
    const list = await call(w, 'GET', 'graph', '/identity/conditionalAccess/policies', { scopes: ['Policy.Read.All'] });
    expect(list.body.value.length).toBe(6);
    const mfa = list.body.value.find((p: any) => p.displayName === 'CA001-All-Users-Require-MFA');
    expect(mfa.conditions.users.excludeGroups).toEqual([GROUP]);
    expect(
      (await call(w, 'PATCH', 'graph', `/identity/conditionalAccess/policies/${mfa.id}`, { body: { state: 'on' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(w, 'PATCH', 'graph', `/identity/conditionalAccess/policies/${mfa.id}`, {
          body: { conditions: { users: { excludeGroups: [] } } },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call(w, 'PATCH', 'graph', `/identity/conditionalAccess/policies/${mfa.id}`, {
          body: { state: 'disabled' },
          scopes: ['Policy.Read.All'],
        })
      ).status,
    ).toBe(403);
    expect(w.caPolicies.get(mfa.id)!.conditions).toMatchObject({ users: { excludeGroups: [] } });
  });

  it('What-If (v1.0) reports excluded policies as not applying', async () => {
    const { w } = fresh();
    const bg = w.user(BG1)!;
    const b = {
      signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: bg.id },
      signInContext: {
        '@odata.type': '#microsoft.graph.applicationContext',
        includeApplications: ['797f4846-ba00-4fd7-ba43-dac1f8f63013'],
      },
      appliedPoliciesOnly: false,
    };
    // The checks call v1.0 (the action is in the v1.0 metadata) and the permission table has only that row: a beta call
    // has no documented permissions here, and the practice tenant refuses it rather than serve it under v1.0's row.
    const beta = await call(w, 'POST', 'graph', '/identity/conditionalAccess/evaluate', { body: b, version: 'beta' });
    expect(beta.status).toBe(500);
    expect(beta.body.error.code).toBe('NoPermissionRow');
    const r = await call(w, 'POST', 'graph', '/identity/conditionalAccess/evaluate', { body: b });
    expect(r.status).toBe(200);
    const mfa = r.body.value.find((p: any) => p.displayName === 'CA001-All-Users-Require-MFA');
    expect(mfa.policyApplies).toBe(false);
    expect(mfa.analysisReasons).toContain('users'); // whatIfAnalysisReasons has no 'excludedGroup': an exclusion is 'users'
  });

  it('auth methods configuration PATCH requires the matching @odata.type', async () => {
    const { w } = fresh();
    const bad = await call(
      w,
      'PATCH',
      'graph',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2',
      { body: { isAttestationEnforced: false } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('#microsoft.graph.fido2AuthenticationMethodConfiguration');
    const good = await call(
      w,
      'PATCH',
      'graph',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/fido2',
      {
        body: {
          '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
          isAttestationEnforced: false,
        },
      },
    );
    expect(good.status).toBe(204);
    const pol = await call(w, 'GET', 'graph', '/policies/authenticationMethodsPolicy', {
      scopes: ['Policy.Read.AuthenticationMethod'],
    });
    expect(pol.body.authenticationMethodConfigurations.find((c: any) => c.id === 'Fido2').isAttestationEnforced).toBe(
      false,
    );
  });

  it('security defaults cannot be enabled while CA policies are enabled', async () => {
    const { w } = fresh();
    const r = await call(w, 'PATCH', 'graph', '/policies/identitySecurityDefaultsEnforcementPolicy', {
      body: { isEnabled: true },
    });
    expect(r.status).toBe(400);
    expect((await call(w, 'GET', 'graph', '/policies/identitySecurityDefaultsEnforcementPolicy')).body.isEnabled).toBe(
      false,
    );
  });
});

describe('role routes', () => {
  it('roleAssignments $filter by GA with $expand=principal', async () => {
    const { w } = fresh();
    const q = `$filter=${encodeURIComponent(`roleDefinitionId eq '${GLOBAL_ADMIN_ROLE_ID}'`)}&$expand=principal`;
    const r = await call(w, 'GET', 'graph', `/roleManagement/directory/roleAssignments?${q}`, {
      scopes: ['RoleManagement.Read.Directory'],
    });
    expect(r.status).toBe(200);
    const upns = r.body.value.map((a: any) => a.principal?.userPrincipalName).sort();
    expect(upns).toEqual(['alex.admin@contoso-practice.com', BG1, BG2].sort());
  });

  it('PIM adminAssign via POST → 201 Provisioned and shows in roleAssignments', async () => {
    const { w } = fresh();
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const r = await call(w, 'POST', 'graph', '/roleManagement/directory/roleAssignmentScheduleRequests', {
      body: {
        action: 'adminAssign',
        principalId: sam.id,
        roleDefinitionId: GLOBAL_ADMIN_ROLE_ID,
        directoryScopeId: '/',
        justification: 'test',
        scheduleInfo: { startDateTime: new Date().toISOString(), expiration: { type: 'noExpiration' } },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('Provisioned');
    const list = await call(
      w,
      'GET',
      'graph',
      `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${sam.id}'`)}`,
    );
    expect(list.body.value).toHaveLength(1);
  });
});

describe('application routes (layered-path flow)', () => {
  it('create app, upload a certificate via keyCredentials, create SP, grant app roles', async () => {
    const { w } = fresh();
    const app = await call(w, 'POST', 'graph', '/applications', {
      body: { displayName: 'EmergencyAccess2', signInAudience: 'AzureADMyOrg' },
    });
    expect(app.status).toBe(201);
    const pem = w.findApplication('7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a')!.certificates[0]!.pem;
    const key = Buffer.from(pem, 'ascii').toString('base64'); // the layered-path setup uploads base64 of the PEM text
    const patch = await call(w, 'PATCH', 'graph', `/applications/${app.body.id}`, {
      body: {
        keyCredentials: [
          {
            displayName: 'emergencyaccess_cert',
            keyId: '2b0c1f0e-0000-4000-8000-000000000001',
            type: 'AsymmetricX509Cert',
            usage: 'Verify',
            key,
          },
        ],
      },
    });
    expect(patch.status).toBe(204);
    expect(w.findApplication(app.body.appId)!.certificates).toHaveLength(1);
    const read = await call(w, 'GET', 'graph', `/applications/${app.body.id}`);
    expect(read.body.keyCredentials[0].key).toBeNull();
    const sp = await call(w, 'POST', 'graph', '/servicePrincipals', { body: { appId: app.body.appId } });
    expect(sp.status).toBe(201);
    const graphSp = await call(
      w,
      'GET',
      'graph',
      `/servicePrincipals?$filter=${encodeURIComponent("appId eq '00000003-0000-0000-c000-000000000000'")}`,
    );
    const resourceId = graphSp.body.value[0].id;
    const grant = await call(w, 'POST', 'graph', `/servicePrincipals/${sp.body.id}/appRoleAssignments`, {
      body: { principalId: sp.body.id, resourceId, appRoleId: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8' },
    });
    expect(grant.status).toBe(201);
    expect(w.findApplication(app.body.appId)!.appRoles).toEqual(['RoleManagement.ReadWrite.Directory']);
  });
});

describe('audit log and access review routes', () => {
  it('signIns appear after ingestion; directoryAudits record mutations', async () => {
    const { w, advance } = fresh();
    w.simulateSignIn({ upn: BG1, method: 'fido2' });
    const before = (await call(w, 'GET', 'graph', '/auditLogs/signIns')).body.value.length;
    advance(130_000);
    // authenticationDetails is beta-only (v1.0 signIn has none).
    const after = await call(w, 'GET', 'graph', '/auditLogs/signIns', { version: 'beta' });
    expect(after.body.value.length).toBe(before + 1);
    expect((await call(w, 'GET', 'graph', '/auditLogs/signIns')).body.value[0]).not.toHaveProperty(
      'authenticationDetails',
    );
    expect(after.body.value[0].authenticationDetails[0].authenticationMethod).toBe('FIDO2 security key');
    const audits = await call(w, 'GET', 'graph', '/auditLogs/directoryAudits');
    expect(audits.status).toBe(200);
  });

  it('access review definitions GET/POST', async () => {
    const { w } = fresh();
    const list = await call(w, 'GET', 'graph', '/identityGovernance/accessReviews/definitions', {
      scopes: ['AccessReview.Read.All'],
    });
    expect(list.body.value[0].settings.defaultDecisionEnabled).toBe(false);
    const created = await call(w, 'POST', 'graph', '/identityGovernance/accessReviews/definitions', {
      body: {
        displayName: 'Quarterly',
        scope: { query: `/groups/${GROUP}/transitiveMembers`, queryType: 'MicrosoftGraph' },
        settings: { defaultDecisionEnabled: false },
      },
    });
    expect(created.status).toBe(201);
  });
});

describe('Log Analytics query route', () => {
  it('returns PrimaryResult tables in the API shape (dynamic as JSON strings)', async () => {
    const { w } = fresh();
    const r = await call(w, 'POST', 'logs', `/workspaces/${CUSTOMER}/query`, {
      body: {
        query:
          'SigninLogs | where UserPrincipalName startswith "bg-admin-" | project TimeGenerated, UserPrincipalName, LocationDetails | order by TimeGenerated desc',
        timespan: 'P90D',
      },
    });
    expect(r.status).toBe(200);
    const t = r.body.tables[0];
    expect(t.name).toBe('PrimaryResult');
    expect(t.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'UserPrincipalName', type: 'string' },
      { name: 'LocationDetails', type: 'dynamic' },
    ]);
    expect(t.rows).toHaveLength(2);
    expect(typeof t.rows[0][2]).toBe('string');
    expect(JSON.parse(t.rows[0][2]).city).toBe('London');
  });

  it('the timespan restricts rows; bad KQL is a 400 BadArgumentError with position', async () => {
    const { w } = fresh();
    const short = await call(w, 'POST', 'logs', `/workspaces/${CUSTOMER}/query`, {
      body: { query: 'SigninLogs | where UserPrincipalName startswith "bg-admin-"', timespan: 'PT1H' },
    });
    expect(short.body.tables[0].rows).toHaveLength(0);
    const bad = await call(w, 'POST', 'logs', `/workspaces/${CUSTOMER}/query`, {
      body: { query: 'SigninLogs\n| join kind=inner (AuditLogs) on CorrelationId' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BadArgumentError');
    expect(bad.body.error.innererror.innererror).toMatchObject({ line: 2, token: 'join' });
    const unknownWs = await call(w, 'POST', 'logs', `/workspaces/00000000-0000-0000-0000-000000000000/query`, {
      body: { query: 'SigninLogs' },
    });
    expect(unknownWs.status).toBe(404);
  });
});

describe('ARM routes', () => {
  it('diagnostic settings: list, api-version checked', async () => {
    const { w } = fresh();
    const r = await call(
      w,
      'GET',
      'arm',
      '/providers/microsoft.aadiam/diagnosticSettings?api-version=2017-04-01-preview',
    );
    expect(r.status).toBe(200);
    expect(r.body.value[0].properties.logs.map((l: any) => l.category)).toContain('SignInLogs');
    const bad = await call(w, 'GET', 'arm', '/providers/microsoft.aadiam/diagnosticSettings?api-version=2099-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('NoRegisteredProviderFound');
  });

  it('scheduledQueryRules PUT validates KQL; created rule really fires', async () => {
    const { w, advance } = fresh(120);
    const base = `/subscriptions/${SUB}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/scheduledQueryRules/bg2?api-version=2023-12-01`;
    const props = (query: string) => ({
      location: 'westeurope',
      properties: {
        displayName: 'bg2',
        severity: 0,
        enabled: true,
        evaluationFrequency: 'PT5M',
        windowSize: 'PT5M',
        scopes: [WS],
        criteria: { allOf: [{ query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }] },
      },
    });
    const bad = await call(w, 'PUT', 'arm', base, { body: props('SigninLogs | where UserPrincipalName ==') });
    expect(bad.status).toBe(400);
    const created = await call(w, 'PUT', 'arm', base, {
      body: props(`SigninLogs | where UserPrincipalName == tolower("${BG2.toUpperCase()}")`),
    });
    expect(created.status).toBe(201);
    w.simulateSignIn({ upn: BG2, method: 'password', fail: true });
    for (let i = 0; i < 8; i++) {
      advance(1000);
      w.tick();
    }
    const alerts = await call(
      w,
      'GET',
      'arm',
      `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-03-01&timeRange=1h`,
    );
    expect(alerts.body.value.some((a: any) => a.properties.essentials.alertRule.endsWith('/bg2'))).toBe(true);
  });

  it('Sentinel NRT rules need a preview api-version; incidents list', async () => {
    const { w } = fresh();
    const base = `${WS}/providers/Microsoft.SecurityInsights/alertRules/r1`;
    const body = {
      kind: 'NRT',
      properties: {
        displayName: 'r1',
        severity: 'High',
        enabled: true,
        query: 'SigninLogs | where UserPrincipalName startswith "bg-admin-"',
        suppressionDuration: 'PT5H',
        suppressionEnabled: false,
      },
    };
    expect((await call(w, 'PUT', 'arm', `${base}?api-version=2024-03-01`, { body })).status).toBe(400);
    expect((await call(w, 'PUT', 'arm', `${base}?api-version=2025-07-01-preview`, { body })).status).toBe(201);
    const rules = await call(
      w,
      'GET',
      'arm',
      `${WS}/providers/Microsoft.SecurityInsights/alertRules?api-version=2025-07-01-preview`,
    );
    expect(rules.body.value.map((r: any) => r.kind).sort()).toEqual(['NRT', 'NRT']);
    const inc = await call(
      w,
      'GET',
      'arm',
      `${WS}/providers/Microsoft.SecurityInsights/incidents?api-version=2024-03-01`,
    );
    expect(inc.status).toBe(200);
  });
});

describe('fidelity details', () => {
  it('password reset: delegated needs User-PasswordProfile.ReadWrite.All (or a documented higher permission)', async () => {
    const { w } = fresh();
    const body = { passwordProfile: { password: 'Another-Long-Passphrase-7', forceChangePasswordNextSignIn: false } };
    const denied = await call(w, 'PATCH', 'graph', `/users/${BG2}`, { body, scopes: ['User.Read.All'] });
    expect(denied.status).toBe(403);
    const okr = await call(w, 'PATCH', 'graph', `/users/${BG2}`, {
      body,
      scopes: ['User-PasswordProfile.ReadWrite.All'],
    });
    expect(okr.status).toBe(204);
    // a caller without an admin role cannot reset a Global Administrator's password
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const noRole = await call(w, 'PATCH', 'graph', `/users/${BG2}`, {
      body,
      scopes: ['User-PasswordProfile.ReadWrite.All'],
      oid: sam.id,
      upn: sam.userPrincipalName,
    });
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.message).toMatch(/Privileged Authentication Administrator/);
  });

  it('never-expires: passwordPolicies needs User.ReadWrite.All and, on a Global Administrator, Privileged Authentication Administrator', async () => {
    const { w } = fresh();
    const body = { passwordPolicies: 'DisablePasswordExpiration' };
    // User-PasswordProfile.ReadWrite.All is the password's own permission, not passwordPolicies'.
    const denied = await call(w, 'PATCH', 'graph', `/users/${BG2}`, {
      body,
      scopes: ['User-PasswordProfile.ReadWrite.All'],
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/user\.update\.passwordPolicies requires User\.ReadWrite\.All/);
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const noRole = await call(w, 'PATCH', 'graph', `/users/${BG2}`, {
      body,
      scopes: ['User.ReadWrite.All'],
      oid: sam.id,
      upn: sam.userPrincipalName,
    });
    expect(noRole.status).toBe(403);
    expect(noRole.body.error.message).toMatch(/Privileged Authentication Administrator/);
    const okr = await call(w, 'PATCH', 'graph', `/users/${BG2}`, { body, scopes: ['User.ReadWrite.All'] });
    expect(okr.status).toBe(204);
  });

  it("another user's owned objects need a read-all permission (user.ownedObjects.list): User.Read is /me only", async () => {
    const { w } = fresh();
    const self = await call(w, 'GET', 'graph', `/users/${BG2}/ownedObjects`, { scopes: ['User.Read'] });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/user\.ownedObjects\.list requires User\.Read\.All/);
    const okr = await call(w, 'GET', 'graph', `/users/${BG2}/ownedObjects`, { scopes: ['User.Read.All'] });
    expect(okr.status).toBe(200);
  });

  it('the BG-012 ARM reads are the permission table rows (a delegated token without user_impersonation is refused)', async () => {
    const { w } = fresh();
    const paths = [
      [
        `/subscriptions/${SUB}/providers/Microsoft.Insights/actionGroups?api-version=2023-01-01`,
        /actionGroups\.listBySubscription/,
      ],
      [
        `${WS}/providers/Microsoft.SecurityInsights/automationRules?api-version=2025-07-01-preview`,
        /automationRules\.list/,
      ],
      // The workspace read that finds the customerId the Log Analytics query addresses.
      [`${WS}?api-version=2022-10-01`, /logAnalytics\.workspace\.get/],
    ] as const;
    for (const [path, row] of paths) {
      const denied = await call(w, 'GET', 'arm', path, { scopes: ['User.Read'] });
      expect(denied.status, path).toBe(403);
      expect(denied.body.error.message, path).toMatch(row);
      expect((await call(w, 'GET', 'arm', path, { scopes: ['user_impersonation'] })).status, path).toBe(200);
    }
  });

  it('CA PATCH refuses an exclusion of a group that does not exist', async () => {
    const { w } = fresh();
    const id = [...w.caPolicies.keys()][0]!;
    const r = await call(w, 'PATCH', 'graph', `/identity/conditionalAccess/policies/${id}`, {
      body: { conditions: { users: { excludeGroups: ['00000000-0000-4000-8000-000000000000'] } } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/do not exist/);
  });

  it('requests see the simulation advance (no explicit tick needed)', async () => {
    const { w, advance } = fresh();
    w.simulateSignIn({ upn: BG1, method: 'fido2' });
    advance(5 * 60_000);
    const r = await call(w, 'GET', 'graph', `/users/${BG1}?$select=signInActivity`);
    expect(Date.parse(r.body.signInActivity.lastSuccessfulSignInDateTime)).toBeGreaterThan(
      Date.parse('2026-03-01T11:59:00Z'),
    );
  });
});
