/**
 * Graph directory routes: organization, domains, users, groups and membership.
 */
import type { PracticeRequest, PracticeRoute } from '../types.js';
import { applyODataCollection, applyODataEntity } from '../odata/collection.js';
import { PracticeHttpError } from '../odata/errors.js';
import type { World } from '../world/world.js';
import { addMember, addOwner, createGroup, createUser, refToId, removeMember, updateUser } from '../world/directory.js';
import { actorOf, body, clean, context, graph, granted, noContent, notFound, ok, requireAny } from './util.js';
import { table } from './util.js';
import { enforceTable } from './enforce-table.js';
import { hasLicence } from '../../config/licences.js';
import {
  administrativeUnitJson,
  directoryObjectJson,
  groupJson,
  userDefault,
  userJson,
  USER_DEFAULT_PROPS,
} from './serialize.js';
import { unitsOf } from '../world/admin-units.js';
import { P, perms } from './permissions.js';
import { DIRECTORY_ROLES } from '../world/catalog.js';
import {
  castType,
  graphModel,
  isSubtypeOf,
  propertyNamesWithDerived,
  unrelatedCastMessage,
} from '../contracts/graph-model.js';

const USER_PROPS = Object.keys(
  userJson({
    id: '',
    userPrincipalName: '',
    displayName: '',
    mailNickname: '',
    accountEnabled: true,
    userType: 'Member',
    onPremisesImmutableId: null,
    onPremisesSyncEnabled: null,
    usageLocation: null,
    createdDateTime: '',
    lastPasswordChangeDateTime: '',
    passwordPolicies: null,
    signInActivity: {
      lastSignInDateTime: null,
      lastSuccessfulSignInDateTime: null,
      lastNonInteractiveSignInDateTime: null,
    },
    assignedLicenses: [],
    _forceChangePasswordNextSignIn: false,
    _methods: [],
  }),
).filter((k) => !k.startsWith('@'));

/** signInActivity needs AuditLog.Read.All on top of user read (Graph returns 403 otherwise). */
function checkSignInActivity(req: PracticeRequest): void {
  const sel = `${req.query.get('$select') ?? ''},${req.query.get('$filter') ?? ''}`.toLowerCase();
  if (sel.includes('signinactivity')) requireAny(req, ['AuditLog.Read.All'], 'Reading signInActivity');
}

/** Serialized users, cached until the world changes (a 50k-user tenant is paged through many times). */
const userCache = new WeakMap<World, { stamp: number; items: Record<string, unknown>[] }>();
function userItems(w: World): Record<string, unknown>[] {
  const c = userCache.get(w);
  if (c && c.stamp === w.changeCounter) return c.items;
  const items = [...w.users.values()].map(userJson);
  userCache.set(w, { stamp: w.changeCounter, items });
  return items;
}

function shapeUsers(req: PracticeRequest, items: Record<string, unknown>[]): Record<string, unknown>[] {
  return req.query.get('$select') ? items : items.map(userDefault);
}

function resolveUser(w: World, id: string) {
  const u = w.user(id);
  if (!u) throw notFound(id);
  return u;
}

function resolveGroup(w: World, id: string) {
  const g = w.group(id);
  if (!g) throw notFound(id);
  return g;
}

/** Members as Graph lists them: directoryObjects typed by @odata.type (with $select, users with every property to pick from). */
export function memberItems(w: World, ids: string[], req: PracticeRequest): Record<string, unknown>[] {
  const full = req.query.get('$select') !== null;
  return ids.map((id) => directoryObjectJson(w, id, full)).filter((x): x is Record<string, unknown> => !!x);
}

/** $select on a directoryObject collection may name a property of any directory object type (v1.0 metadata). */
export const memberOptions = () => ({
  context: 'directoryObjects',
  typeName: 'microsoft.graph.directoryObject',
  properties: propertyNamesWithDerived('microsoft.graph.directoryObject'),
  selectDerived: true,
});

const DIRECTORY_OBJECT = 'microsoft.graph.directoryObject';

/**
 * The direct members GET /groups/{id}/members lists. Learn's v1.0 page: "This API has a known issue where service
 * principals are not listed as group members in v1.0. As a workaround, use this API on the beta endpoint or use the
 * /groups/{id}?$expand=members API" (https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0);
 * the beta page lists "users, contacts, devices, service principals, and other groups"
 * (https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-beta). The service principal is still a
 * member (it gets what the group carries; transitiveMembers, whose page names no such issue, lists it): only this
 * v1.0 list leaves it out.
 */
function listedMembers(w: World, ids: string[], req: PracticeRequest): string[] {
  if (req.version === 'beta') return ids;
  return ids.filter((id) => w.directoryObject(id)?.type !== 'servicePrincipal');
}

/**
 * What a group may hold as members (https://learn.microsoft.com/graph/api/group-list-members: "A group can have
 * users, organizational contacts, devices, service principals and other groups as members"). A cast to another
 * directoryObject type is an "unsupported member type": "400 Bad Request error with the Request_UnsupportedQuery
 * code" (same page). The practice tenant holds no devices or contacts, and the vendored metadata (trimmed to what
 * breakglass reads) neither type: a cast to them finds nothing.
 */
const MEMBER_TYPES = ['microsoft.graph.user', 'microsoft.graph.group', 'microsoft.graph.servicePrincipal'];
const UNMODELLED_MEMBER_TYPES = ['microsoft.graph.device', 'microsoft.graph.orgcontact'];

/**
 * The type an OData cast of a group's members names, checked as Graph checks it: against the v1.0 metadata
 * (an unknown segment, a type outside directoryObject's hierarchy: 400), then against what a group may hold.
 * Undefined for a member type the practice tenant does not model (it has none of them).
 */
function memberCast(segment: string): string | undefined {
  const model = graphModel();
  const type = /^microsoft\.graph\./i.test(segment) ? castType(model, segment) : undefined;
  if (!type) {
    if (UNMODELLED_MEMBER_TYPES.includes(segment.toLowerCase())) return undefined;
    throw new PracticeHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  }
  if (!isSubtypeOf(model, type, DIRECTORY_OBJECT))
    throw new PracticeHttpError(400, 'BadRequest', unrelatedCastMessage(type, DIRECTORY_OBJECT));
  if (type !== DIRECTORY_OBJECT && !MEMBER_TYPES.includes(type))
    // Learn gives the code only; the message is ours.
    throw new PracticeHttpError(
      400,
      'Request_UnsupportedQuery',
      `'${type}' is not a type a group can have as a member; cast to microsoft.graph.user, microsoft.graph.group or microsoft.graph.servicePrincipal.`,
    );
  return type;
}

/**
 * An OData cast is an advanced query. Learn's List group members, Request headers: ConsistencyLevel "eventual.
 * This header and $count are required when using the $search, $filter, $orderby, or OData cast query
 * parameters" (also https://learn.microsoft.com/graph/aad-advanced-queries). Graph has been seen answering a
 * cast without them; the stricter, documented reading is modelled. The message is ours: Learn does not print one.
 */
function requireAdvancedQuery(req: PracticeRequest): void {
  const eventual = (req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  const count = (req.query.get('$count') ?? '').toLowerCase() === 'true';
  if (!eventual || !count)
    throw new PracticeHttpError(
      400,
      'Request_UnsupportedQuery',
      "An OData cast on a directory object collection is an advanced query: send the header 'ConsistencyLevel: eventual' and $count=true.",
    );
}

/** The entity set of a type in the v1.0 metadata (users for microsoft.graph.user): the cast answer's @odata.context. */
function entitySetOf(type: string): string {
  const set = Object.entries(graphModel().sets).find(([, s]) => s.collection && s.t === type);
  return set ? set[0] : `directoryObjects/${type}`;
}

function refId(req: PracticeRequest, w: World): string {
  const b = body(req);
  const ref = b['@odata.id'];
  if (typeof ref !== 'string')
    throw new PracticeHttpError(
      400,
      'Request_BadRequest',
      'The request body must be {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}.',
    );
  return refToId(w, ref);
}

export function directoryRoutes(): PracticeRoute[] {
  return [
    graph('GET', '/organization', table('organization.list'), (req, w) =>
      ok({
        '@odata.context': context(req, 'organization'),
        value: [
          {
            id: w.tenantId,
            displayName: w.displayName,
            createdDateTime: w.createdDateTime,
            tenantType: 'AAD',
            countryLetterCode: 'GB',
            verifiedDomains: w.domains.map((d) => ({
              capabilities: d.supportedServices.join(', '),
              isDefault: d.isDefault,
              isInitial: d.isInitial,
              name: d.id,
              type: d.authenticationType,
            })),
            // Service plan ids: AAD_PREMIUM (P1) 41781fb2-…, AAD_PREMIUM_P2 eec0eb4f-…,
            // Entra_Identity_Governance e866a266-…
            // (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference).
            assignedPlans: [
              ...(hasLicence(w.licences, 'P1') ? ['41781fb2-bc02-4b7c-bd55-b576c07bb09d'] : []),
              ...(w.licences.includes('P2') ? ['eec0eb4f-6444-4f95-aba0-50c24d67f998'] : []),
              ...(w.licences.includes('governance') ? ['e866a266-3cff-43a3-acca-0c90a7e00c8b'] : []),
              // AAD_WRKLDID_P1 and AAD_WRKLDID_P2, the plans of "Workload Identities Premium" (same page).
              ...(w.licences.includes('workload-identities')
                ? ['84c289f0-efcb-486f-8581-07f44fc9efad', '7dc0e92d-bf15-401d-907e-0884efe7c760']
                : []),
            ].map((servicePlanId) => ({
              assignedDateTime: w.createdDateTime,
              capabilityStatus: 'Enabled',
              service: 'AADPremiumService',
              servicePlanId,
            })),
            onPremisesSyncEnabled: [...w.users.values()].some((u) => u.onPremisesSyncEnabled) ? true : null,
            securityComplianceNotificationMails: [],
            technicalNotificationMails: [],
          },
        ],
      }),
    ),
    graph('GET', '/domains', perms(P.domains), (req, w) =>
      ok(
        applyODataCollection(
          req,
          w.domains.map((d) => ({
            ...d,
            isAdminManaged: true,
            passwordValidityPeriodInDays: 2147483647,
            passwordNotificationWindowInDays: 14,
          })),
          { context: 'domains', typeName: 'microsoft.graph.domain', countNeedsEventual: false },
        ),
      ),
    ),
    graph('GET', '/domains/{id}', perms(P.domains), (req, w) => {
      const d = w.domains.find((x) => x.id.toLowerCase() === req.params.id!.toLowerCase());
      if (!d) throw notFound(req.params.id!);
      return ok(applyODataEntity(req, { ...d }, { context: 'domains', typeName: 'microsoft.graph.domain' }));
    }),

    // ---------- users ----------
    graph('GET', '/users', perms(P.usersRead), (req, w) => {
      checkSignInActivity(req);
      const res = applyODataCollection(req, userItems(w), {
        context: 'users',
        typeName: 'microsoft.graph.user',
        properties: USER_PROPS,
        defaultPageSize: 100,
        maxPageSize: 999,
      });
      return ok({ ...res, value: shapeUsers(req, res.value) });
    }),
    graph('GET', '/users/{id}', table('user.get', 'user.get.signInActivity', 'user.get.basic'), (req, w) => {
      checkSignInActivity(req);
      const u = resolveUser(w, req.params.id!);
      const full = userJson(u);
      const item = req.query.get('$select') ? full : userDefault(full);
      return ok(
        applyODataEntity(req, item, { context: 'users', typeName: 'microsoft.graph.user', properties: USER_PROPS }),
      );
    }),
    graph('POST', '/users', table('user.create'), (req, w) => {
      const u = createUser(w, actorOf(req, w), body(req));
      return ok({ '@odata.context': context(req, 'users/$entity'), ...userDefault(userJson(u)) }, 201);
    }),
    graph('PATCH', '/users/{id}', perms(P.userPatch), (req, w) => {
      const b = body(req);
      const actor = actorOf(req, w);
      // Each property has its own permission, as in Graph's user-update table.
      const rest = Object.keys(b).filter(
        (k) => !k.startsWith('@odata') && k !== 'passwordProfile' && k !== 'passwordPolicies' && k !== 'accountEnabled',
      );
      // The password reset and the never-expires change breakglass sends are rows of the permission table.
      if (b.passwordProfile !== undefined) enforceTable(req, w, ['user.update.passwordProfile']);
      if (b.passwordPolicies !== undefined) enforceTable(req, w, ['user.update.passwordPolicies']);
      if (b.accountEnabled !== undefined)
        requireAny(
          req,
          ['User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
          'Updating accountEnabled',
        );
      if (rest.length)
        requireAny(req, ['User.ReadWrite.All', 'Directory.ReadWrite.All'], `Updating ${rest.join(', ')}`);
      updateUser(w, actor, req.params.id!, b);
      return noContent();
    }),
    graph('GET', '/users/{id}/memberOf', table('user.memberOf.list'), (req, w) => {
      const u = resolveUser(w, req.params.id!);
      const groups = [...w.directGroupsOf(u.id).map(groupJson), ...unitItems(req, w, u.id)];
      const roles = w
        .activeAssignments()
        .filter((a) => a.principalId === u.id)
        .map((a) => ({
          '@odata.type': '#microsoft.graph.directoryRole',
          id: a.roleDefinitionId,
          roleTemplateId: a.roleDefinitionId,
          displayName: roleDisplay(a.roleDefinitionId),
          description: null,
          deletedDateTime: null,
        }));
      return ok(
        // $select may name a property of any directory object type, as on every directoryObject list.
        applyODataCollection(req, [...groups, ...roles], memberOptions()),
      );
    }),
    // Groups and applications the user owns (https://learn.microsoft.com/graph/api/user-list-ownedobjects).
    graph('GET', '/users/{id}/ownedObjects', table('user.ownedObjects.list'), (req, w) => {
      const u = resolveUser(w, req.params.id!);
      const groups = [...w.groups.values()].filter((g) => g._owners.includes(u.id)).map(groupJson);
      const apps = [...w.applications.values()]
        .filter((a) => (a._owners ?? []).includes(u.id))
        .map((a) => ({
          '@odata.type': '#microsoft.graph.application',
          id: a.id,
          appId: a.appId,
          displayName: a.displayName,
          createdDateTime: a.createdDateTime,
          signInAudience: a.signInAudience,
        }));
      return ok(
        applyODataCollection(req, [...groups, ...apps], {
          context: 'directoryObjects',
          typeName: 'microsoft.graph.directoryObject',
        }),
      );
    }),
    graph('GET', '/users/{id}/transitiveMemberOf', table('user.transitiveMemberOf.list'), (req, w) => {
      const u = resolveUser(w, req.params.id!);
      return ok(
        applyODataCollection(req, w.transitiveGroupsOf(u.id).map(groupJson), {
          context: 'directoryObjects',
          typeName: 'microsoft.graph.directoryObject',
        }),
      );
    }),
    graph('GET', '/users/{id}/appRoleAssignments', table('user.appRoleAssignments.list'), (req, w) => {
      const u = resolveUser(w, req.params.id!);
      const items = [...w.appRoleAssignments.values()]
        .filter((a) => a.principalId === u.id)
        .map((a) => ({ ...clean(a), deletedDateTime: null }));
      return ok(
        applyODataCollection(req, items, {
          context: `users('${u.id}')/appRoleAssignments`,
          typeName: 'microsoft.graph.appRoleAssignment',
          countNeedsEventual: false,
        }),
      );
    }),

    // ---------- groups ----------
    graph('GET', '/groups', table('group.list.byName'), (req, w) =>
      ok(
        applyODataCollection(req, [...w.groups.values()].map(groupJson), {
          context: 'groups',
          typeName: 'microsoft.graph.group',
          defaultPageSize: 100,
          maxPageSize: 999,
        }),
      ),
    ),
    graph('GET', '/groups/{id}', table('group.get'), (req, w) =>
      ok(
        applyODataEntity(req, groupJson(resolveGroup(w, req.params.id!)), {
          context: 'groups',
          typeName: 'microsoft.graph.group',
        }),
      ),
    ),
    graph('POST', '/groups', table('group.create', 'group.create.roleAssignable'), (req, w) => {
      const b = body(req);
      if (b.isAssignableToRole === true)
        requireAny(
          req,
          ['RoleManagement.ReadWrite.Directory'],
          'Creating a role-assignable group (isAssignableToRole: true)',
        );
      const g = createGroup(w, actorOf(req, w), b);
      return ok({ '@odata.context': context(req, 'groups/$entity'), ...groupJson(g) }, 201);
    }),
    graph('GET', '/groups/{id}/members', table('group.members.list', 'group.members.list.beta'), (req, w) => {
      const g = resolveGroup(w, req.params.id!);
      return ok(applyODataCollection(req, memberItems(w, listedMembers(w, g._members, req), req), memberOptions()));
    }),
    // The members cast to one type (/members/microsoft.graph.user …): the same members, the same permission row.
    graph('GET', '/groups/{id}/members/{cast}', table('group.members.list', 'group.members.list.beta'), (req, w) => {
      const type = memberCast(req.params.cast!);
      requireAdvancedQuery(req);
      const g = resolveGroup(w, req.params.id!);
      const model = graphModel();
      const items = type
        ? memberItems(w, listedMembers(w, g._members, req), req).filter((m) =>
            isSubtypeOf(model, String(m['@odata.type'] ?? '').replace(/^#/, ''), type),
          )
        : [];
      return ok(
        applyODataCollection(req, items, {
          context: type ? entitySetOf(type) : `directoryObjects/${req.params.cast!}`,
          typeName: type ?? req.params.cast!,
          properties: propertyNamesWithDerived(type ?? DIRECTORY_OBJECT),
          selectDerived: true,
        }),
      );
    }),
    graph('GET', '/groups/{id}/transitiveMembers', perms(P.membersRead), (req, w) => {
      const g = resolveGroup(w, req.params.id!);
      return ok(applyODataCollection(req, memberItems(w, w.transitiveMembers(g.id), req), memberOptions()));
    }),
    // Groups and administrative units the group is a direct member of (https://learn.microsoft.com/graph/api/group-list-memberof).
    graph('GET', '/groups/{id}/memberOf', table('group.memberOf.list'), (req, w) => {
      const g = resolveGroup(w, req.params.id!);
      const groups = [...w.groups.values()].filter((p) => p._members.includes(g.id)).map(groupJson);
      return ok(applyODataCollection(req, [...groups, ...unitItems(req, w, g.id)], memberOptions()));
    }),
    // https://learn.microsoft.com/graph/api/administrativeunit-list-scopedrolemembers
    graph(
      'GET',
      '/directory/administrativeUnits/{id}/scopedRoleMembers',
      table('administrativeUnit.scopedRoleMembers.list'),
      (req, w) => {
        const id = req.params.id!.toLowerCase();
        const u = [...w.administrativeUnits.values()].find((x) => x.id.toLowerCase() === id);
        if (!u) throw notFound(req.params.id!);
        const items = u._scoped.map((s) => ({
          id: s.id,
          administrativeUnitId: u.id,
          roleId: s.roleId,
          roleMemberInfo: { id: s.principalId, displayName: w.objectDisplayName(s.principalId) },
        }));
        return ok(
          applyODataCollection(req, items, {
            context: `directory/administrativeUnits('${u.id}')/scopedRoleMembers`,
            typeName: 'microsoft.graph.scopedRoleMembership',
          }),
        );
      },
    ),
    graph('GET', '/groups/{id}/owners', table('group.owners.list'), (req, w) => {
      const g = resolveGroup(w, req.params.id!);
      return ok(applyODataCollection(req, memberItems(w, g._owners, req), memberOptions()));
    }),
    graph(
      'POST',
      '/groups/{id}/members/$ref',
      table('group.member.add', 'group.member.add.roleAssignable'),
      (req, w) => {
        const g = resolveGroup(w, req.params.id!);
        const g2 = granted(req);
        // Role-assignable groups: membership needs RoleManagement.ReadWrite.Directory; other groups need group permissions.
        if (g.isAssignableToRole)
          requireAny(req, ['RoleManagement.ReadWrite.Directory'], 'Changing the membership of a role-assignable group');
        else if (
          !['groupmember.readwrite.all', 'group.readwrite.all', 'directory.readwrite.all'].some((p) => g2.has(p))
        )
          requireAny(
            req,
            ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
            'Adding group members',
          );
        addMember(w, actorOf(req, w), g.id, refId(req, w));
        return noContent();
      },
    ),
    graph('DELETE', '/groups/{id}/members/{memberId}/$ref', perms(P.membersWrite), (req, w) => {
      const g = resolveGroup(w, req.params.id!);
      if (g.isAssignableToRole)
        requireAny(req, ['RoleManagement.ReadWrite.Directory'], 'Changing the membership of a role-assignable group');
      removeMember(w, actorOf(req, w), g.id, req.params.memberId!);
      return noContent();
    }),
    graph('POST', '/groups/{id}/owners/$ref', table('group.owner.add', 'group.owner.add.roleAssignable'), (req, w) => {
      const g = resolveGroup(w, req.params.id!);
      if (g.isAssignableToRole)
        requireAny(req, ['RoleManagement.ReadWrite.Directory'], 'Changing the owners of a role-assignable group');
      addOwner(w, actorOf(req, w), g.id, refId(req, w));
      return noContent();
    }),
    graph('GET', '/directoryObjects/{id}', table('directoryObject.get'), (req, w) => {
      const o = directoryObjectJson(w, req.params.id!);
      if (!o) throw notFound(req.params.id!);
      return ok({ '@odata.context': context(req, 'directoryObjects/$entity'), ...o });
    }),
  ];
}

function roleDisplay(id: string): string {
  return ROLE_NAMES.get(id) ?? id;
}
const ROLE_NAMES = new Map(Object.entries(DIRECTORY_ROLES).map(([k, v]) => [v, k]));
export { USER_DEFAULT_PROPS };

/** Administrative units holding `id`, as memberOf lists them: full only for a caller that may read them. */
function unitItems(req: PracticeRequest, w: World, id: string): Record<string, unknown>[] {
  const g = granted(req);
  const full = [
    'administrativeunit.read.all',
    'administrativeunit.readwrite.all',
    'directory.read.all',
    'directory.readwrite.all',
  ].some((p) => g.has(p));
  return unitsOf(w, id).map((u) => administrativeUnitJson(u, full));
}
