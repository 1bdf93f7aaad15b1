import { describe, expect, it } from 'vitest';
import { check } from './bg-026-app-azure-roles-and-workload-ca.js';
import { config, healthy, policy, FORBIDDEN } from './testing/fixtures.js';
import { ok, type TenantSnapshot } from './snapshot.js';

const APP_ID = '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c';
const ROOT = '/providers/Microsoft.Management/managementGroups/9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c';
const SUB = '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const VAULT = '4e7a1c2b-9d3f-4b6a-8e5c-2f1a0b9c8d7e';
// AAD_WRKLDID_P2 (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference)
const WORKLOAD_PLAN = '7dc0e92d-bf15-401d-907e-0884efe7c760';

const cfg = (over = {}) =>
  config({
    breakGlassApp: APP_ID,
    breakGlassAppAzureRoles: [{ role: 'User Access Administrator', scope: ROOT }],
    breakGlassAppAllowedLocation: VAULT,
    ...over,
  });

const assignment = (role: string, scope: string) => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${role.slice(0, 8)}-0000-4000-8000-000000000000`,
  properties: {
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    principalId: 'sp-obj',
    principalType: 'ServicePrincipal',
    scope,
  },
});

const WORKLOAD_POLICY = policy({
  id: 'ca-wi',
  displayName: 'CA400 BreakGlass-App only from the vault network',
  state: 'enabled',
  conditions: {
    users: { includeUsers: [] },
    applications: { includeApplications: ['All'] },
    clientApplications: { includeServicePrincipals: ['sp-obj'] },
    locations: { includeLocations: ['All'], excludeLocations: [VAULT] },
  },
  grantControls: { operator: 'OR', builtInControls: ['block'] },
});

function withApp(licensed = true): TenantSnapshot {
  const s = healthy();
  s.bgApp = ok({
    application: {
      id: 'app-obj',
      appId: APP_ID,
      displayName: 'BreakGlass-App',
      keyCredentials: [],
      passwordCredentials: [],
    },
    servicePrincipal: { id: 'sp-obj', displayName: 'BreakGlass-App' },
  });
  s.bgAppAzureRoles = ok([assignment(UAA, ROOT)]);
  s.caPolicies = ok([...(s.caPolicies.ok ? s.caPolicies.value : []), WORKLOAD_POLICY]);
  if (licensed && s.organization.ok) {
    const org = s.organization.value as { assignedPlans: unknown[] };
    org.assignedPlans = [...org.assignedPlans, { servicePlanId: WORKLOAD_PLAN, capabilityStatus: 'Enabled' }];
  }
  return s;
}

const notPassing = (s: TenantSnapshot, c = cfg()) =>
  check
    .evaluate(s, c)
    .findings.filter((f) => f.verdict !== 'pass')
    .map((f) => `${f.verdict} ${f.object.name}: ${f.reason}`);

describe('BG-026 break-glass app Azure roles and workload-identity Conditional Access', () => {
  it('is not applicable when no app is declared', () => {
    expect(check.evaluate(withApp(), config()).verdict).toBe('not-applicable');
  });

  it('passes: exactly the declared Azure role, and an enforced policy blocking the app outside its location', () => {
    const r = check.evaluate(withApp(), cfg());
    expect(r.verdict, r.reason).toBe('pass');
    expect(r.findings.map((f) => `${f.verdict} ${f.object.name}`)).toEqual([
      `pass User Access Administrator at management group 9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c`,
      'pass CA400 BreakGlass-App only from the vault network',
    ]);
  });

  it('fails an undeclared Owner and a missing declared role, naming role and scope', () => {
    const s = withApp();
    s.bgAppAzureRoles = ok([assignment(OWNER, SUB)]);
    expect(check.evaluate(s, cfg()).verdict).toBe('fail');
    expect(notPassing(s)).toEqual([
      'fail User Access Administrator at management group 9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c: declared but not held: the app cannot act in Azure there',
      'fail Owner at subscription 6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9: held but not declared: another way to act in Azure with the app credential',
    ]);
  });

  it('fails a report-only policy, and a policy that leaves another location open than the declared one', () => {
    const s = withApp();
    s.caPolicies = ok([{ ...WORKLOAD_POLICY, state: 'enabledForReportingButNotEnforced' }]);
    expect(notPassing(s)).toEqual([
      'fail CA400 BreakGlass-App only from the vault network: report-only: it records what it would block and blocks nothing; turn it On once its results are checked',
    ]);
    s.caPolicies = ok([
      {
        ...WORKLOAD_POLICY,
        conditions: {
          ...WORKLOAD_POLICY.conditions,
          locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        },
      },
    ]);
    expect(notPassing(s)[0]).toMatch(
      /no enabled policy for workload identities blocks the app outside 4e7a1c2b-.*does not allow the declared named location/,
    );
  });

  it('without Microsoft Entra Workload ID the policy part is not applicable and says so; the roles are still judged', () => {
    const s = withApp(false);
    s.caPolicies = ok([]);
    const r = check.evaluate(s, cfg());
    expect(r.verdict).toBe('pass');
    expect(r.findings.find((f) => f.verdict === 'not-applicable')!.reason).toMatch(
      /^needs Microsoft Entra Workload ID Premium \(Conditional Access for workload identities\), which this tenant does not have/,
    );
  });

  it('fails closed: unreadable role assignments, policies or licences are an error, never a pass', () => {
    const a = withApp();
    a.bgAppAzureRoles = FORBIDDEN;
    expect(check.evaluate(a, cfg()).verdict).toBe('error');
    const b = withApp();
    b.caPolicies = FORBIDDEN;
    expect(check.evaluate(b, cfg()).verdict).toBe('error');
    const c = withApp();
    c.organization = FORBIDDEN;
    expect(check.evaluate(c, cfg()).verdict).toBe('error');
    const d = withApp();
    d.bgApp = FORBIDDEN;
    expect(check.evaluate(d, cfg()).verdict).toBe('error');
  });
});
