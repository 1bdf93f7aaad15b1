/**
 * The Graph calls breakglass makes (CALLS.md), each mapped to the CSDL type of
 * its request body and response. Required properties come from each API
 * page's "Request body" table (the CSDL does not say what a create needs).
 */
export type GraphBody =
  | { kind: 'entity'; type: string; required?: readonly string[] }
  | { kind: 'ref' }
  | { kind: 'action'; action: string; required?: readonly string[] }
  | { kind: 'batch' };

export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the version root; {id} matches one segment. */
  template: string;
  body?: GraphBody;
  /** Response body type; collection = OData collection ({ value: [...] }). */
  response?: { type: string; collection?: boolean };
  doc: string;
  /**
   * Versions the contract covers (default v1.0 only). Beta is listed only where breakglass reads beta;
   * a beta call is checked against the beta types (data/graph-beta.json).
   */
  versions?: readonly ('v1.0' | 'beta')[];
}

const G = (n: string) => `microsoft.graph.${n}`;
const DOC = 'https://learn.microsoft.com/en-us/graph/api/';

export const GRAPH_ROUTES: readonly GraphRoute[] = [
  {
    method: 'GET',
    template: '/organization',
    response: { type: G('organization'), collection: true },
    doc: `${DOC}organization-list?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/policies/identitySecurityDefaultsEnforcementPolicy',
    response: { type: G('identitySecurityDefaultsEnforcementPolicy') },
    doc: `${DOC}identitysecuritydefaultsenforcementpolicy-get?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/identity/conditionalAccess/policies',
    response: { type: G('conditionalAccessPolicy'), collection: true },
    doc: `${DOC}conditionalaccessroot-list-policies?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/identity/conditionalAccess/policies/{id}',
    response: { type: G('conditionalAccessPolicy') },
    doc: `${DOC}conditionalaccesspolicy-get?view=graph-rest-1.0`,
  },
  {
    method: 'PATCH',
    template: '/identity/conditionalAccess/policies/{id}',
    body: { kind: 'entity', type: G('conditionalAccessPolicy') },
    doc: `${DOC}conditionalaccesspolicy-update?view=graph-rest-1.0`,
  },
  // Parameters signInIdentity, signInContext and signInConditions are each marked "Required" on the v1.0 page.
  {
    method: 'POST',
    template: '/identity/conditionalAccess/evaluate',
    body: {
      kind: 'action',
      action: `${G('conditionalAccessRoot')}/evaluate`,
      required: ['signInIdentity', 'signInContext', 'signInConditions'],
    },
    response: { type: G('whatIfAnalysisResult'), collection: true },
    doc: `${DOC}conditionalaccessroot-evaluate?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/policies/authenticationMethodsPolicy',
    response: { type: G('authenticationMethodsPolicy') },
    doc: `${DOC}authenticationmethodspolicy-get?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
    response: { type: G('authenticationMethodConfiguration') },
    doc: `${DOC}authenticationmethodconfiguration-get?view=graph-rest-1.0`,
  },
  {
    method: 'PATCH',
    template: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
    body: { kind: 'entity', type: G('authenticationMethodConfiguration') },
    doc: `${DOC}fido2authenticationmethodconfiguration-update?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleAssignments',
    response: { type: G('unifiedRoleAssignment'), collection: true },
    doc: `${DOC}rbacapplication-list-roleassignments?view=graph-rest-1.0`,
  },
  // principalId, roleDefinitionId and directoryScopeId (or appScopeId): "Required" on the create page.
  {
    method: 'POST',
    template: '/roleManagement/directory/roleAssignments',
    body: {
      kind: 'entity',
      type: G('unifiedRoleAssignment'),
      required: ['principalId', 'roleDefinitionId', 'directoryScopeId'],
    },
    response: { type: G('unifiedRoleAssignment') },
    doc: `${DOC}rbacapplication-post-roleassignments?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleAssignmentScheduleInstances',
    response: { type: G('unifiedRoleAssignmentScheduleInstance'), collection: true },
    doc: `${DOC}rbacapplication-list-roleassignmentscheduleinstances?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleEligibilitySchedules',
    response: { type: G('unifiedRoleEligibilitySchedule'), collection: true },
    doc: `${DOC}rbacapplication-list-roleeligibilityschedules?view=graph-rest-1.0`,
  },
  {
    method: 'POST',
    template: '/roleManagement/directory/roleAssignmentScheduleRequests',
    body: {
      kind: 'entity',
      type: G('unifiedRoleAssignmentScheduleRequest'),
      required: ['action', 'principalId', 'roleDefinitionId'],
    },
    response: { type: G('unifiedRoleAssignmentScheduleRequest') },
    doc: `${DOC}rbacapplication-post-roleassignmentschedulerequests?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/identityGovernance/accessReviews/definitions',
    response: { type: G('accessReviewScheduleDefinition'), collection: true },
    doc: `${DOC}accessreviewset-list-definitions?view=graph-rest-1.0`,
  },
  {
    method: 'POST',
    template: '/identityGovernance/accessReviews/definitions',
    body: { kind: 'entity', type: G('accessReviewScheduleDefinition') },
    response: { type: G('accessReviewScheduleDefinition') },
    doc: `${DOC}accessreviewset-post-definitions?view=graph-rest-1.0`,
  },
  // accountEnabled, displayName, mailNickname, passwordProfile, userPrincipalName: "Required" on the create-user page.
  {
    method: 'POST',
    template: '/users',
    body: {
      kind: 'entity',
      type: G('user'),
      required: ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName'],
    },
    response: { type: G('user') },
    doc: `${DOC}user-post-users?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users',
    response: { type: G('user'), collection: true },
    doc: `${DOC}user-list?view=graph-rest-1.0`,
  },
  { method: 'GET', template: '/users/{id}', response: { type: G('user') }, doc: `${DOC}user-get?view=graph-rest-1.0` },
  {
    method: 'PATCH',
    template: '/users/{id}',
    body: { kind: 'entity', type: G('user') },
    doc: `${DOC}user-update?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/authentication/methods',
    response: { type: G('authenticationMethod'), collection: true },
    doc: `${DOC}authentication-list-methods?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/authentication/fido2Methods',
    response: { type: G('fido2AuthenticationMethod'), collection: true },
    doc: `${DOC}fido2authenticationmethod-list?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/authentication/temporaryAccessPassMethods',
    response: { type: G('temporaryAccessPassAuthenticationMethod'), collection: true },
    doc: `${DOC}authentication-list-temporaryaccesspassmethods?view=graph-rest-1.0`,
  },
  {
    method: 'POST',
    template: '/users/{id}/authentication/temporaryAccessPassMethods',
    body: { kind: 'entity', type: G('temporaryAccessPassAuthenticationMethod') },
    response: { type: G('temporaryAccessPassAuthenticationMethod') },
    doc: `${DOC}authentication-post-temporaryaccesspassmethods?view=graph-rest-1.0`,
  },
  {
    method: 'DELETE',
    template: '/users/{id}/authentication/temporaryAccessPassMethods/{id}',
    doc: `${DOC}temporaryaccesspassauthenticationmethod-delete?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/memberOf',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}user-list-memberof?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/ownedObjects',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}user-list-ownedobjects?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/transitiveMemberOf',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}user-list-transitivememberof?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/users/{id}/appRoleAssignments',
    response: { type: G('appRoleAssignment'), collection: true },
    doc: `${DOC}user-list-approleassignments?view=graph-rest-1.0`,
  },
  // displayName, mailEnabled, mailNickname, securityEnabled: "Required" on the create-group page.
  {
    method: 'POST',
    template: '/groups',
    body: {
      kind: 'entity',
      type: G('group'),
      required: ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'],
    },
    response: { type: G('group') },
    doc: `${DOC}group-post-groups?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/groups',
    response: { type: G('group'), collection: true },
    doc: `${DOC}group-list?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/groups/{id}',
    response: { type: G('group') },
    doc: `${DOC}group-get?view=graph-rest-1.0`,
  },
  // beta too: v1.0 does not list service principal members, and Learn's workaround is "use this API on the beta
  // endpoint" (https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0); the checks read beta.
  {
    method: 'GET',
    template: '/groups/{id}/members',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}group-list-members?view=graph-rest-1.0`,
    versions: ['v1.0', 'beta'],
  },
  // An OData cast of the members to one derived type (/members/microsoft.graph.user …): Learn's List group members
  // "OData cast is also enabled, for example, you can cast to get just the group members that are users".
  // `{cast}` is one microsoft.graph.* segment; the contract holds it to a type the vendored metadata derives from
  // the collection's type, and each item of the answer to that type (graph-contract.ts).
  {
    method: 'GET',
    template: '/groups/{id}/members/{cast}',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}group-list-members?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/groups/{id}/memberOf',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}group-list-memberof?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/directory/administrativeUnits/{id}/scopedRoleMembers',
    response: { type: G('scopedRoleMembership'), collection: true },
    doc: `${DOC}administrativeunit-list-scopedrolemembers?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/groups/{id}/owners',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}group-list-owners?view=graph-rest-1.0`,
  },
  {
    method: 'POST',
    template: '/groups/{id}/members/$ref',
    body: { kind: 'ref' },
    doc: `${DOC}group-post-members?view=graph-rest-1.0`,
  },
  {
    method: 'POST',
    template: '/groups/{id}/owners/$ref',
    body: { kind: 'ref' },
    doc: `${DOC}group-post-owners?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/applications',
    response: { type: G('application'), collection: true },
    doc: `${DOC}application-list?view=graph-rest-1.0`,
  },
  {
    method: 'POST',
    template: '/applications',
    body: { kind: 'entity', type: G('application') },
    response: { type: G('application') },
    doc: `${DOC}application-post-applications?view=graph-rest-1.0`,
  },
  {
    method: 'PATCH',
    template: '/applications/{id}',
    body: { kind: 'entity', type: G('application') },
    doc: `${DOC}application-update?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/servicePrincipals',
    response: { type: G('servicePrincipal'), collection: true },
    doc: `${DOC}serviceprincipal-list?view=graph-rest-1.0`,
  },
  // appId: "Required" on the create-servicePrincipal page.
  {
    method: 'POST',
    template: '/servicePrincipals',
    body: { kind: 'entity', type: G('servicePrincipal'), required: ['appId'] },
    response: { type: G('servicePrincipal') },
    doc: `${DOC}serviceprincipal-post-serviceprincipals?view=graph-rest-1.0`,
  },
  // Bound actions of application (vendored from the metadata: scripts/vendor-contracts.mjs GRAPH_ACTIONS).
  {
    method: 'POST',
    template: '/applications/{id}/addPassword',
    body: { kind: 'action', action: `${G('application')}/addPassword` },
    response: { type: G('passwordCredential') },
    doc: `${DOC}application-addpassword?view=graph-rest-1.0`,
  },
  // keyId: "Required" on the removePassword page.
  {
    method: 'POST',
    template: '/applications/{id}/removePassword',
    body: { kind: 'action', action: `${G('application')}/removePassword`, required: ['keyId'] },
    doc: `${DOC}application-removepassword?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/applications/{id}/owners',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}application-list-owners?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/applications/{id}/federatedIdentityCredentials',
    response: { type: G('federatedIdentityCredential'), collection: true },
    doc: `${DOC}application-list-federatedidentitycredentials?view=graph-rest-1.0`,
  },
  {
    method: 'DELETE',
    template: '/applications/{id}/owners/{id}/$ref',
    doc: `${DOC}application-delete-owners?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/servicePrincipals/{id}/owners',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}serviceprincipal-list-owners?view=graph-rest-1.0`,
  },
  {
    method: 'DELETE',
    template: '/servicePrincipals/{id}/owners/{id}/$ref',
    doc: `${DOC}serviceprincipal-delete-owners?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/servicePrincipals/{id}/appRoleAssignments',
    response: { type: G('appRoleAssignment'), collection: true },
    doc: `${DOC}serviceprincipal-list-approleassignments?view=graph-rest-1.0`,
  },
  // principalId, resourceId, appRoleId: "Required" on the grant-app-role page.
  {
    method: 'POST',
    template: '/servicePrincipals/{id}/appRoleAssignments',
    body: { kind: 'entity', type: G('appRoleAssignment'), required: ['principalId', 'resourceId', 'appRoleId'] },
    response: { type: G('appRoleAssignment') },
    doc: `${DOC}serviceprincipal-post-approleassignments?view=graph-rest-1.0`,
  },
  // beta too: signIn.authenticationDetails exists only in beta (https://learn.microsoft.com/en-us/graph/api/resources/signin?view=graph-rest-beta).
  {
    method: 'GET',
    template: '/auditLogs/signIns',
    response: { type: G('signIn'), collection: true },
    doc: `${DOC}signin-list?view=graph-rest-1.0`,
    versions: ['v1.0', 'beta'],
  },
  {
    method: 'GET',
    template: '/auditLogs/directoryAudits',
    response: { type: G('directoryAudit'), collection: true },
    doc: `${DOC}directoryaudit-list?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/directoryObjects/{id}',
    response: { type: G('directoryObject') },
    doc: `${DOC}directoryobject-get?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/directoryRoles',
    response: { type: G('directoryRole'), collection: true },
    doc: `${DOC}directoryrole-list?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/directoryRoles/{id}/members',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}directoryrole-list-members?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/domains',
    response: { type: G('domain'), collection: true },
    doc: `${DOC}domain-list?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/domains/{id}',
    response: { type: G('domain') },
    doc: `${DOC}domain-get?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/groups/{id}/transitiveMembers',
    response: { type: G('directoryObject'), collection: true },
    doc: `${DOC}group-list-transitivemembers?view=graph-rest-1.0`,
  },
  {
    method: 'DELETE',
    template: '/groups/{id}/members/{id}/$ref',
    doc: `${DOC}group-delete-members?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/applications/{id}',
    response: { type: G('application') },
    doc: `${DOC}application-get?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/servicePrincipals/{id}',
    response: { type: G('servicePrincipal') },
    doc: `${DOC}serviceprincipal-get?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/identityGovernance/accessReviews/definitions/{id}',
    response: { type: G('accessReviewScheduleDefinition') },
    doc: `${DOC}accessreviewscheduledefinition-get?view=graph-rest-1.0`,
  },
  // displayName, state, conditions: "Required" on the create-policy page.
  {
    method: 'POST',
    template: '/identity/conditionalAccess/policies',
    body: { kind: 'entity', type: G('conditionalAccessPolicy'), required: ['displayName', 'state', 'conditions'] },
    response: { type: G('conditionalAccessPolicy') },
    doc: `${DOC}conditionalaccessroot-post-policies?view=graph-rest-1.0`,
  },
  {
    method: 'PATCH',
    template: '/policies/identitySecurityDefaultsEnforcementPolicy',
    body: { kind: 'entity', type: G('identitySecurityDefaultsEnforcementPolicy') },
    doc: `${DOC}identitysecuritydefaultsenforcementpolicy-update?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleAssignmentScheduleRequests',
    response: { type: G('unifiedRoleAssignmentScheduleRequest'), collection: true },
    doc: `${DOC}rbacapplication-list-roleassignmentschedulerequests?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleDefinitions',
    response: { type: G('unifiedRoleDefinition'), collection: true },
    doc: `${DOC}rbacapplication-list-roledefinitions?view=graph-rest-1.0`,
  },
  {
    method: 'GET',
    template: '/roleManagement/directory/roleEligibilityScheduleInstances',
    response: { type: G('unifiedRoleEligibilityScheduleInstance'), collection: true },
    doc: `${DOC}rbacapplication-list-roleeligibilityscheduleinstances?view=graph-rest-1.0`,
  },
  // Up to 20 requests per batch (https://learn.microsoft.com/en-us/graph/json-batching).
  {
    method: 'POST',
    template: '/$batch',
    body: { kind: 'batch' },
    doc: 'https://learn.microsoft.com/en-us/graph/json-batching',
    versions: ['v1.0', 'beta'],
  },
];

/** A `{cast}` segment: a qualified type name in the microsoft.graph namespace (whether it is a type is the contract's question). */
const CAST_SEGMENT = /^microsoft\.graph\.[A-Za-z]\w*$/i;

function matches(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  return (
    t.length === p.length &&
    t.every((seg, i) =>
      seg === '{id}'
        ? p[i]!.length > 0
        : seg === '{cast}'
          ? CAST_SEGMENT.test(p[i]!)
          : seg.toLowerCase() === p[i]!.toLowerCase(),
    )
  );
}

/** The `{cast}` segment of a path the route matched, as written (undefined when the route has none). */
export function castSegment(route: GraphRoute, path: string): string | undefined {
  const i = route.template.split('/').indexOf('{cast}');
  return i < 0 ? undefined : path.split('?')[0]!.replace(/\/+$/, '').split('/')[i];
}

/** The route for a method and a path under the version root (query string ignored). */
export function findGraphRoute(
  method: string,
  path: string,
  version: 'v1.0' | 'beta' = 'v1.0',
): GraphRoute | undefined {
  const clean = path.split('?')[0]!.replace(/\/+$/, '');
  return GRAPH_ROUTES.find(
    (r) =>
      r.method === method.toUpperCase() && (r.versions ?? ['v1.0']).includes(version) && matches(r.template, clean),
  );
}
