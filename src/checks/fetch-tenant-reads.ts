/**
 * Wave 1 of the fetch plan, tenant-wide: the organization, Security Defaults, Conditional Access policies,
 * the authentication methods policy, the declared emergency app's service principal, Global Administrator
 * assignments / instances / eligibility, and access reviews. None depends on another read.
 */
import type { Read } from '../core/check.js';
import {
  ok,
  failed,
  GLOBAL_ADMIN_ROLE,
  type AccessReviewDefinition,
  type AuthMethodsPolicy,
  type CaPolicy,
  type DirObject,
  type Organization,
  type RoleAssignment,
  type RoleAssignmentInstance,
  type RoleEligibility,
  type SecurityDefaults,
} from './snapshot.js';
import { pending, q, type PendingRead, type ReadPlan } from './graph-waves.js';
import type { ReadKey } from './reads.js';

const filterGa = `$filter=${q(`roleDefinitionId eq '${GLOBAL_ADMIN_ROLE}'`)}`;

export function tenantReads({ snap, config, has }: ReadPlan): PendingRead[] {
  const out: PendingRead[] = [];
  /** A read whose answer is stored as it comes, in the snapshot field of the same shape. */
  const top = <T>(key: ReadKey, path: string, shape: PendingRead['shape'], assign: (r: Read<T>) => void): void => {
    if (has(key)) out.push(pending<T>({ evidenceKey: key, req: { method: 'GET', path }, shape, assign }));
  };
  if (has('organization'))
    out.push(
      pending<Organization[]>({
        evidenceKey: 'organization',
        req: { method: 'GET', path: '/organization?$select=id,displayName,verifiedDomains,assignedPlans' },
        shape: 'collection',
        assign: (r) => {
          snap.organization = !r.ok
            ? r
            : r.value[0]
              ? ok(r.value[0])
              : failed('the tenant returned no organization object');
        },
      }),
    );
  top<SecurityDefaults>(
    'securityDefaults',
    '/policies/identitySecurityDefaultsEnforcementPolicy?$select=id,isEnabled',
    'object',
    (r) => void (snap.securityDefaults = r),
  );
  // $top: list policies supports it (https://learn.microsoft.com/en-us/graph/api/conditionalaccessroot-list-policies?view=graph-rest-1.0#optional-query-parameters)
  // but documents no maximum; 999 is the largest page Graph documents for directory collections
  // (https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0#optional-query-parameters). Without it a
  // tenant with more policies than the default page costs one more sequential round trip per page; a tenant's policy
  // count is capped well below 999 (https://learn.microsoft.com/en-us/entra/identity/conditional-access/plan-conditional-access),
  // so one page holds them. Graph may still answer a smaller page (https://learn.microsoft.com/en-us/graph/paging):
  // @odata.nextLink is followed as before.
  top<CaPolicy[]>(
    'caPolicies',
    '/identity/conditionalAccess/policies?$top=999&$select=id,displayName,state,conditions,grantControls,sessionControls',
    'collection',
    (r) => void (snap.caPolicies = r),
  );
  top<AuthMethodsPolicy>(
    'authMethodsPolicy',
    '/policies/authenticationMethodsPolicy',
    'object',
    (r) => void (snap.authMethodsPolicy = r),
  );
  if (has('emergencyAppSp')) {
    const appId = config.emergencyApp?.trim() ?? '';
    if (!/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(appId)) snap.emergencyAppSp = ok(null);
    else
      out.push(
        pending<DirObject[]>({
          evidenceKey: 'emergencyAppSp',
          req: { method: 'GET', path: `/servicePrincipals?$filter=appId eq '${appId}'&$select=id,appId,displayName` },
          shape: 'collection',
          assign: (r) => {
            snap.emergencyAppSp = r.ok ? ok(r.value[0] ?? null) : r;
          },
        }),
      );
  }
  top<RoleAssignment[]>(
    'roleAssignments.ga',
    `/roleManagement/directory/roleAssignments?${filterGa}&$select=id,principalId,roleDefinitionId,directoryScopeId`,
    'collection',
    (r) => void (snap.roleAssignments = r),
  );
  top<RoleAssignmentInstance[]>(
    'roleInstances.ga',
    `/roleManagement/directory/roleAssignmentScheduleInstances?${filterGa}&$select=id,principalId,roleDefinitionId,assignmentType,memberType,startDateTime,endDateTime`,
    'collection',
    (r) => void (snap.roleInstances = r),
  );
  top<RoleEligibility[]>(
    'roleEligibility.ga',
    `/roleManagement/directory/roleEligibilitySchedules?${filterGa}&$select=id,principalId,roleDefinitionId,status,memberType,scheduleInfo`,
    'collection',
    (r) => void (snap.roleEligibility = r),
  );
  top<AccessReviewDefinition[]>(
    'accessReviews',
    '/identityGovernance/accessReviews/definitions?$select=id,displayName,status,scope,instanceEnumerationScope,settings',
    'collection',
    (r) => void (snap.accessReviews = r),
  );
  return out;
}
