/**
 * Azure RBAC role assignments (Microsoft.Authorization/roleAssignments) at a
 * subscription or management-group scope: what the break-glass app's Azure
 * roles are made of. Contract: authorization-RoleAssignmentsCalls.json,
 * stable/2022-04-01 (vendored in contracts/data/arm-specs.json):
 *  - PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}
 *    (RoleAssignments_Create; the name "can be any valid GUID"; body
 *    { properties: { roleDefinitionId, principalId, principalType? } }; 201 created, 200 existing);
 *  - GET of the same (RoleAssignments_Get), DELETE (RoleAssignments_Delete: 200, or 204 when absent);
 *  - GET {scope}/providers/Microsoft.Authorization/roleAssignments (RoleAssignments_ListForScope),
 *    `$filter=principalId eq '{id}'` = "at, above or below the scope" for that principal, `atScope()` =
 *    at or above it (the spec's RoleAssignmentFilterParameter).
 * Errors (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting): a second
 * assignment of the same role to the same principal at the same scope is refused, "The role assignment
 * already exists" (code RoleAssignmentExists; status 409 is the field-observed one, not on Learn);
 * an unknown principal is "PrincipalNotFound: Principal … does not exist in the directory …" (400,
 * stricter reading). An unknown role definition and an unknown scope are refused too (400
 * RoleDefinitionDoesNotExist; 404 SubscriptionNotFound / ManagementGroupNotFound): stricter readings,
 * codes not settled by Learn.
 *
 * Scopes that exist: the scenario's subscription, the tenant root management group (its id is the
 * tenant id: https://learn.microsoft.com/azure/governance/management-groups/overview#root-management-group-for-each-directory)
 * and the scenario's `monitoring.managementGroups` (children of the root; the subscription sits under the
 * root only). Azure RBAC itself (who may write an assignment) is not modelled, as for every ARM route here.
 */
import type { PracticeRequest, PracticeResponse, PracticeRoute } from '../types.js';
import { PracticeHttpError } from '../odata/errors.js';
import type { World } from '../world/world.js';
import type { ArmResource } from '../world/state.js';
import { azureRoleName } from '../../config/azure-roles.js';
import { actorOf, clean, route, table, type Handler, type TableRows } from './util.js';

const TYPE = 'Microsoft.Authorization/roleAssignments';
/** API versions of Azure RBAC REST APIs: https://learn.microsoft.com/azure/role-based-access-control/api-versions */
const VERSIONS = ['2015-07-01', '2018-01-01-preview', '2020-04-01-preview', '2022-04-01'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

const armErr = (status: number, code: string, message: string): PracticeHttpError =>
  new PracticeHttpError(status, code, message);

type ScopeOf = (req: PracticeRequest) => string;
const SCOPES: { prefix: string; scopeOf: ScopeOf }[] = [
  { prefix: '/subscriptions/{sub}', scopeOf: (req) => `/subscriptions/${req.params.sub}` },
  {
    prefix: '/providers/Microsoft.Management/managementGroups/{mg}',
    scopeOf: (req) => `/providers/Microsoft.Management/managementGroups/${req.params.mg}`,
  },
];

function checkVersion(req: PracticeRequest): void {
  const v = req.version ?? '';
  if (!VERSIONS.includes(v))
    throw armErr(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${v}' is invalid. The supported versions are '${VERSIONS.join(',')}'.`,
    );
}

/** The scope exists in this tenant (404 otherwise). */
function requireScope(w: World, scope: string): void {
  if (w.azureScopes.some((s) => s.toLowerCase() === scope.toLowerCase())) return;
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(scope);
  if (sub) throw armErr(404, 'SubscriptionNotFound', `The subscription '${sub[1]}' could not be found.`);
  throw armErr(404, 'ManagementGroupNotFound', `The management group '${scope.split('/').pop()}' could not be found.`);
}

/** Every known scope at or above `scope` (root group ⊃ other groups; root ⊃ subscription). */
function ancestorsOf(w: World, scope: string): string[] {
  const root = `/providers/Microsoft.Management/managementGroups/${w.tenantId}`.toLowerCase();
  const s = scope.toLowerCase();
  return s === root ? [s] : [s, root];
}

const assignments = (w: World): ArmResource[] => w.armList((r) => r.type === TYPE);
const scopeOfAssignment = (r: ArmResource): string => String(r.properties.scope).toLowerCase();

function principalType(w: World, id: string): 'User' | 'Group' | 'ServicePrincipal' | undefined {
  const k = id.toLowerCase();
  if (w.servicePrincipals.has(k)) return 'ServicePrincipal';
  if (w.users.has(k)) return 'User';
  if (w.groups.has(k)) return 'Group';
  return undefined;
}

const armRoute = (method: PracticeRoute['method'], pattern: string, h: Handler, rows?: TableRows): PracticeRoute =>
  route('arm', method, pattern, rows ?? [], (req, w) => {
    checkVersion(req);
    return h(req, w);
  });

function put(scopeOf: ScopeOf): Handler {
  return (req, w) => {
    const scope = scopeOf(req);
    requireScope(w, scope);
    const name = req.params.name!;
    if (!GUID.test(name))
      throw armErr(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. It must be a GUID.`);
    const p = ((req.body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<
      string,
      string | undefined
    >;
    const roleDefinitionId = p.roleDefinitionId ?? '';
    const roleGuid = roleDefinitionId.split('/').pop() ?? '';
    // Built-in role definitions are addressed at the tenant (/providers/…) or under the scope's subscription.
    const defOk =
      /^(\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/[^/]+$/i.test(
        roleDefinitionId,
      ) && azureRoleName(roleGuid) !== undefined;
    if (!defOk)
      throw armErr(
        400,
        'RoleDefinitionDoesNotExist',
        `The specified role definition with ID '${roleGuid || roleDefinitionId}' does not exist.`,
      );
    const principalId = p.principalId ?? '';
    const kind = principalType(w, principalId);
    if (!kind)
      throw armErr(400, 'PrincipalNotFound', `Principal ${principalId} does not exist in the directory ${w.tenantId}.`);
    if (p.principalType && p.principalType !== kind)
      throw armErr(
        400,
        'PrincipalTypeNotSupported',
        `The principal type '${p.principalType}' does not match principal ${principalId} (a ${kind}).`,
      );
    const id = `${scope}/providers/${TYPE}/${name}`;
    const prev = w.armGet(id);
    const same = assignments(w).find(
      (r) =>
        r.id.toLowerCase() !== id.toLowerCase() &&
        scopeOfAssignment(r) === scope.toLowerCase() &&
        String(r.properties.principalId).toLowerCase() === principalId.toLowerCase() &&
        String(r.properties.roleDefinitionId).split('/').pop()?.toLowerCase() === roleGuid.toLowerCase(),
    );
    if (same) throw armErr(409, 'RoleAssignmentExists', 'The role assignment already exists.');
    if (prev) {
      if (String(prev.properties.roleDefinitionId).split('/').pop()?.toLowerCase() !== roleGuid.toLowerCase())
        throw armErr(
          400,
          'RoleAssignmentUpdateNotPermitted',
          'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
        );
      return { status: 200, headers: JSON_HEADERS, body: clean(prev) };
    }
    const now = w.nowIso();
    const actor = actorOf(req, w);
    const r: ArmResource = {
      id,
      name,
      type: TYPE,
      properties: {
        roleDefinitionId: `${scope.startsWith('/subscriptions/') ? scope : ''}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid.toLowerCase()}`,
        principalId,
        principalType: kind,
        scope,
        ...(p.description ? { description: p.description } : {}),
        createdOn: now,
        updatedOn: now,
        createdBy: actor.id,
        updatedBy: actor.id,
      },
    };
    w.armPut(r);
    return { status: 201, headers: JSON_HEADERS, body: clean(r) };
  };
}

function get(scopeOf: ScopeOf): Handler {
  return (req, w) => {
    const scope = scopeOf(req);
    requireScope(w, scope);
    const r = w.armGet(`${scope}/providers/${TYPE}/${req.params.name}`);
    if (!r) throw armErr(404, 'RoleAssignmentNotFound', `The role assignment '${req.params.name}' is not found.`);
    return { status: 200, headers: JSON_HEADERS, body: clean(r) };
  };
}

function del(scopeOf: ScopeOf): Handler {
  return (req, w) => {
    const scope = scopeOf(req);
    requireScope(w, scope);
    const id = `${scope}/providers/${TYPE}/${req.params.name}`;
    const r = w.armGet(id);
    if (!r) return { status: 204 };
    w.arm.delete(id.toLowerCase());
    return { status: 200, headers: JSON_HEADERS, body: clean(r) };
  };
}

function list(scopeOf: ScopeOf): Handler {
  return (req, w) => {
    const scope = scopeOf(req);
    requireScope(w, scope);
    const filter = (req.query.get('$filter') ?? '').trim();
    const up = ancestorsOf(w, scope);
    const below = (s: string): boolean => s === scope.toLowerCase() || ancestorsOf(w, s).includes(scope.toLowerCase());
    let items: ArmResource[];
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(filter);
    if (!filter) items = assignments(w).filter((r) => up.includes(scopeOfAssignment(r)) || below(scopeOfAssignment(r)));
    else if (/^atScope\(\)$/i.test(filter)) items = assignments(w).filter((r) => up.includes(scopeOfAssignment(r)));
    else if (principal)
      items = assignments(w).filter(
        (r) =>
          String(r.properties.principalId).toLowerCase() === principal[1]!.toLowerCase() &&
          (up.includes(scopeOfAssignment(r)) || below(scopeOfAssignment(r))),
      );
    else
      throw armErr(
        400,
        'UnsupportedQuery',
        `The filter '${filter}' is not supported. Supported filters are atScope() and principalId eq '{id}'.`,
      );
    const response: PracticeResponse = {
      status: 200,
      headers: JSON_HEADERS,
      body: { value: items.map((r) => clean(r)) },
    };
    return response;
  };
}

export function roleAssignmentRoutes(): PracticeRoute[] {
  return SCOPES.flatMap(({ prefix, scopeOf }) => {
    const base = `${prefix}/providers/Microsoft.Authorization/roleAssignments`;
    return [
      armRoute('GET', base, list(scopeOf), table('authorization.roleAssignments.list')),
      armRoute('GET', `${base}/{name}`, get(scopeOf)),
      armRoute('PUT', `${base}/{name}`, put(scopeOf), table('authorization.roleAssignment.put')),
      armRoute('DELETE', `${base}/{name}`, del(scopeOf)),
    ];
  });
}
