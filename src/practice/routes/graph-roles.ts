/**
 * Graph role management: active assignments, PIM eligibility, assignment
 * schedule instances and requests, and the legacy directoryRoles view.
 */
import type { PracticeRequest, PracticeRoute } from '../types.js';
import { applyODataCollection } from '../odata/collection.js';
import type { World } from '../world/world.js';
import { assignRole, roleAssignmentScheduleRequest } from '../world/directory.js';
import { PracticeHttpError } from '../odata/errors.js';
import { DIRECTORY_ROLES, roleNameById } from '../world/catalog.js';
import { actorOf, body, clean, context, graph, ok } from './util.js';
import { table } from './util.js';
import { directoryObjectJson } from './serialize.js';
import { P, perms } from './permissions.js';

function roleDefinition(id: string): Record<string, unknown> {
  return {
    id,
    templateId: id,
    displayName: roleNameById(id) ?? id,
    isBuiltIn: true,
    isEnabled: true,
    description: null,
    rolePermissions: [],
  };
}

function expandPrincipal(w: World) {
  return {
    principal: (it: Record<string, unknown>) => directoryObjectJson(w, String(it.principalId)),
    roleDefinition: (it: Record<string, unknown>) => roleDefinition(String(it.roleDefinitionId)),
  };
}

function assignmentItems(w: World): Record<string, unknown>[] {
  return w.activeAssignments().map((a) => ({
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    principalOrganizationId: w.tenantId,
    condition: null,
  }));
}

function instanceItems(w: World): Record<string, unknown>[] {
  return w.activeAssignments().map((a) => ({
    id: a.id,
    principalId: a.principalId,
    roleDefinitionId: a.roleDefinitionId,
    directoryScopeId: a.directoryScopeId,
    appScopeId: null,
    startDateTime: a.createdDateTime,
    endDateTime: a.endDateTime,
    assignmentType: 'Assigned',
    memberType: 'Direct',
    roleAssignmentOriginId: a.id,
    roleAssignmentScheduleId: a.id,
  }));
}

function collection(req: PracticeRequest, w: World, items: Record<string, unknown>[], ctx: string, typeName: string) {
  return ok(
    applyODataCollection(req, items, { context: ctx, typeName, expand: expandPrincipal(w), countNeedsEventual: false }),
  );
}

export function roleRoutes(): PracticeRoute[] {
  return [
    graph('GET', '/roleManagement/directory/roleAssignments', table('roleAssignments.list'), (req, w) =>
      collection(
        req,
        w,
        assignmentItems(w),
        'roleManagement/directory/roleAssignments',
        'microsoft.graph.unifiedRoleAssignment',
      ),
    ),
    // https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignments?view=graph-rest-1.0: principalId,
    // roleDefinitionId and directoryScopeId ("/" = tenant-wide) in the body; supported principals are users,
    // role-assignable groups and service principals (https://learn.microsoft.com/graph/api/resources/unifiedroleassignment).
    graph(
      'POST',
      '/roleManagement/directory/roleAssignments',
      table('roleAssignment.create'),
      (req, w) => {
        const b = body(req);
        const principalId = String(b.principalId ?? '').toLowerCase();
        const roleDefinitionId = String(b.roleDefinitionId ?? '').toLowerCase();
        if (b.directoryScopeId !== '/')
          throw new PracticeHttpError(
            400,
            'Request_BadRequest',
            'The practice tenant models tenant-wide role assignments only: directoryScopeId must be "/".',
          );
        if (!roleNameById(roleDefinitionId))
          throw new PracticeHttpError(400, 'Request_BadRequest', `Invalid role definition id '${roleDefinitionId}'.`);
        if (
          !w.objectDisplayName(principalId) ||
          !(w.user(principalId) || w.servicePrincipals.has(principalId) || w.groups.has(principalId))
        )
          throw new PracticeHttpError(
            400,
            'Request_BadRequest',
            `Resource '${principalId}' does not exist or one of its queried reference-property objects are not present.`,
          );
        if (w.activeAssignments().some((a) => a.principalId === principalId && a.roleDefinitionId === roleDefinitionId))
          throw new PracticeHttpError(
            400,
            'Request_BadRequest',
            'A conflicting object with one or more of the specified property values is present in the directory.',
          );
        const a = assignRole(w, actorOf(req, w), principalId, roleDefinitionId, null);
        return ok(
          {
            '@odata.context': context(req, 'roleManagement/directory/roleAssignments/$entity'),
            id: a.id,
            principalId: a.principalId,
            roleDefinitionId: a.roleDefinitionId,
            directoryScopeId: a.directoryScopeId,
            appScopeId: null,
            principalOrganizationId: w.tenantId,
            condition: null,
          },
          201,
        );
      },
      true,
    ),
    graph('GET', '/roleManagement/directory/roleDefinitions', perms(P.rolesRead), (req) =>
      ok(
        applyODataCollection(req, Object.values(DIRECTORY_ROLES).map(roleDefinition), {
          context: 'roleManagement/directory/roleDefinitions',
          typeName: 'microsoft.graph.unifiedRoleDefinition',
          countNeedsEventual: false,
        }),
      ),
    ),
    graph(
      'GET',
      '/roleManagement/directory/roleEligibilitySchedules',
      table('roleEligibilitySchedules.list'),
      (req, w) =>
        collection(
          req,
          w,
          [...w.roleEligibilities.values()].map((e) => ({
            ...clean(e),
            appScopeId: null,
            createdUsing: e.id,
            modifiedDateTime: null,
          })),
          'roleManagement/directory/roleEligibilitySchedules',
          'microsoft.graph.unifiedRoleEligibilitySchedule',
        ),
    ),
    graph('GET', '/roleManagement/directory/roleEligibilityScheduleInstances', perms(P.eligibilityRead), (req, w) =>
      collection(
        req,
        w,
        [...w.roleEligibilities.values()].map((e) => ({
          id: e.id,
          principalId: e.principalId,
          roleDefinitionId: e.roleDefinitionId,
          directoryScopeId: e.directoryScopeId,
          appScopeId: null,
          startDateTime: e.scheduleInfo.startDateTime,
          endDateTime: e.scheduleInfo.expiration.endDateTime,
          memberType: e.memberType,
          roleEligibilityScheduleId: e.id,
        })),
        'roleManagement/directory/roleEligibilityScheduleInstances',
        'microsoft.graph.unifiedRoleEligibilityScheduleInstance',
      ),
    ),
    graph(
      'GET',
      '/roleManagement/directory/roleAssignmentScheduleInstances',
      table('roleAssignmentScheduleInstances.list'),
      (req, w) =>
        collection(
          req,
          w,
          instanceItems(w),
          'roleManagement/directory/roleAssignmentScheduleInstances',
          'microsoft.graph.unifiedRoleAssignmentScheduleInstance',
        ),
    ),
    graph(
      'GET',
      '/roleManagement/directory/roleAssignmentScheduleRequests',
      perms(P.assignmentScheduleRead),
      (req, w) =>
        collection(
          req,
          w,
          [...w.roleAssignmentRequests.values()],
          'roleManagement/directory/roleAssignmentScheduleRequests',
          'microsoft.graph.unifiedRoleAssignmentScheduleRequest',
        ),
    ),
    graph(
      'POST',
      '/roleManagement/directory/roleAssignmentScheduleRequests',
      table('roleAssignmentScheduleRequests.create'),
      (req, w) => {
        const r = roleAssignmentScheduleRequest(w, actorOf(req, w), body(req));
        return ok(
          { '@odata.context': context(req, 'roleManagement/directory/roleAssignmentScheduleRequests/$entity'), ...r },
          201,
        );
      },
    ),
    graph('GET', '/directoryRoles', perms(P.directoryRoles), (req, w) => {
      // Only activated roles appear here (a role is activated once it has a member).
      const active = new Set(w.activeAssignments().map((a) => a.roleDefinitionId));
      const items = [...active].map((id) => ({
        '@odata.type': '#microsoft.graph.directoryRole',
        id,
        roleTemplateId: id,
        displayName: roleNameById(id) ?? id,
        description: null,
        deletedDateTime: null,
      }));
      return ok(
        applyODataCollection(req, items, {
          context: 'directoryRoles',
          typeName: 'microsoft.graph.directoryRole',
          countNeedsEventual: false,
        }),
      );
    }),
    graph('GET', '/directoryRoles/{id}/members', perms(P.directoryRoles), (req, w) => {
      const rid = req.params.id!.replace(/^roleTemplateId=/i, '');
      const items = w
        .activeAssignments()
        .filter((a) => a.roleDefinitionId === rid)
        .map((a) => directoryObjectJson(w, a.principalId))
        .filter((x): x is Record<string, unknown> => !!x);
      return ok(
        applyODataCollection(req, items, { context: 'directoryObjects', typeName: 'microsoft.graph.directoryObject' }),
      );
    }),
  ];
}
