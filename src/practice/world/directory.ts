/**
 * Directory mutations with Graph's validation rules: users, groups and
 * membership, role assignments (PIM), applications and service principals,
 * Conditional Access, security defaults, access reviews. Each mutation
 * writes the audit event Entra would write, so audit alert rules can see it.
 */
import { randomBytes } from 'node:crypto';
import type { World } from './world.js';
import { WorldError, badRequest } from './errors.js';
import { roleNameById } from './catalog.js';
import { builtInRoleName } from '../contracts/roles.js';
import type { Actor, ApplicationRec, GroupRec, RoleAssignmentRec, ServicePrincipalRec, UserRec } from './state.js';
import { isoDurationMs } from './time.js';
import { evalRule, parseRule } from './dynamic-rules.js';
import { assertMayModify } from './admin-units.js';
import { operationTypeOf } from './audit-operation-types.js';

type Body = Record<string, unknown>;

/** Recompute every dynamic group's members from its rule (Entra does this asynchronously; the practice tenant at once). */
export function refreshDynamicGroups(w: World): void {
  for (const g of w.groups.values()) {
    if (!g.groupTypes.includes('DynamicMembership') || !g.membershipRule || g.membershipRuleProcessingState !== 'On')
      continue;
    const rule = parseRule(g.membershipRule);
    g._members = [...w.users.values()].filter((u) => evalRule(rule, u)).map((u) => u.id);
  }
  w.membersChanged();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Entra's password rule: 8–256 chars and 3 of 4 character classes. */
export function passwordMeetsComplexity(pw: string): boolean {
  if (pw.length < 8 || pw.length > 256) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  return classes >= 3;
}

function requireProp(body: Body, prop: string, resource: string): unknown {
  const v = body[prop];
  if (v === undefined || v === null || v === '')
    throw badRequest(`Invalid value specified for property '${prop}' of resource '${resource}'.`);
  return v;
}

export function createUser(w: World, actor: Actor, body: Body): UserRec {
  const upn = String(requireProp(body, 'userPrincipalName', 'User'));
  const displayName = String(requireProp(body, 'displayName', 'User'));
  const mailNickname = String(requireProp(body, 'mailNickname', 'User'));
  if (body.accountEnabled === undefined)
    throw badRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.");
  const pp = body.passwordProfile as Body | undefined;
  if (!pp || typeof pp.password !== 'string')
    throw badRequest("Invalid value specified for property 'passwordProfile' of resource 'User'.");
  if (!passwordMeetsComplexity(pp.password))
    throw badRequest(
      'The specified password does not comply with password complexity requirements. Please provide a different password.',
    );
  const at = upn.lastIndexOf('@');
  const domain = at > 0 ? upn.slice(at + 1).toLowerCase() : '';
  if (!w.domains.some((d) => d.id.toLowerCase() === domain && d.isVerified))
    throw badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  if (w.user(upn))
    throw badRequest(
      'Another object with the same value for property userPrincipalName already exists.',
      'Request_BadRequest',
    );
  const now = w.nowIso();
  const u: UserRec = {
    id: w.ids.guid(),
    userPrincipalName: upn,
    displayName,
    mailNickname,
    accountEnabled: body.accountEnabled === true,
    userType: 'Member',
    onPremisesImmutableId: null,
    onPremisesSyncEnabled: null,
    usageLocation: str(body.usageLocation) ?? null,
    createdDateTime: now,
    lastPasswordChangeDateTime: now,
    passwordPolicies: str(body.passwordPolicies) ?? null,
    signInActivity: {
      lastSignInDateTime: null,
      lastSuccessfulSignInDateTime: null,
      lastNonInteractiveSignInDateTime: null,
    },
    assignedLicenses: [],
    _forceChangePasswordNextSignIn: pp.forceChangePasswordNextSignIn !== false,
    _methods: [],
  };
  w.users.set(u.id, u);
  w.upnIndex.set(upn.toLowerCase(), u.id);
  w.audit(actor, 'Add user', 'UserManagement', [w.userTarget(u)], 'Add');
  refreshDynamicGroups(w);
  return u;
}

const USER_PATCHABLE = new Set([
  'displayName',
  'accountEnabled',
  'usageLocation',
  'passwordPolicies',
  'mailNickname',
  'passwordProfile',
  'userPrincipalName',
  'jobTitle',
  'department',
]);

export function updateUser(w: World, actor: Actor, idOrUpn: string, body: Body): void {
  const u = w.requireUser(idOrUpn);
  assertMayModify(w, actor, u.id, 'user');
  for (const k of Object.keys(body)) {
    if (k.startsWith('@odata')) continue;
    if (!USER_PATCHABLE.has(k))
      throw badRequest(`Property '${k}' is read-only or not supported by the practice tenant and cannot be set.`);
  }
  const modified: { displayName: string; oldValue: string | null; newValue: string | null }[] = [];
  if (body.passwordProfile !== undefined) {
    const pp = body.passwordProfile as Body;
    if (typeof pp?.password !== 'string')
      throw badRequest("Invalid value specified for property 'passwordProfile' of resource 'User'.");
    if (!passwordMeetsComplexity(pp.password))
      throw badRequest(
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    // The caller (user or service principal) needs a directory role; resetting an admin's password needs GA or PAA (Graph: 403).
    if (actor.kind !== 'system') {
      const targetIsAdmin = w.activeRoleIdsOf(u.id).length > 0;
      const callerRoles = w.activeRoleIdsOf(actor.id).map((r) => roleNameById(r));
      const strong =
        callerRoles.includes('Global Administrator') || callerRoles.includes('Privileged Authentication Administrator');
      const basic =
        strong ||
        callerRoles.includes('User Administrator') ||
        callerRoles.includes('Helpdesk Administrator') ||
        callerRoles.includes('Authentication Administrator');
      if (targetIsAdmin ? !strong : !basic)
        throw new WorldError(
          403,
          'Authorization_RequestDenied',
          `Insufficient privileges to complete the operation. Resetting the password of ${targetIsAdmin ? 'an administrator requires the Global Administrator or Privileged Authentication Administrator role' : 'a user requires at least the User Administrator role'}.`,
        );
    }
    u.lastPasswordChangeDateTime = w.nowIso();
    u._forceChangePasswordNextSignIn = pp.forceChangePasswordNextSignIn !== false;
    w.audit(actor, 'Reset user password', 'UserManagement', [w.userTarget(u)]);
  }
  for (const k of ['displayName', 'accountEnabled', 'usageLocation', 'passwordPolicies', 'mailNickname'] as const) {
    if (body[k] === undefined) continue;
    modified.push({ displayName: k, oldValue: JSON.stringify(u[k]), newValue: JSON.stringify(body[k]) });
    (u as unknown as Body)[k] = body[k];
  }
  if (
    typeof body.userPrincipalName === 'string' &&
    body.userPrincipalName.toLowerCase() !== u.userPrincipalName.toLowerCase()
  ) {
    const domain = body.userPrincipalName.split('@')[1]?.toLowerCase() ?? '';
    if (!w.domains.some((d) => d.id.toLowerCase() === domain && d.isVerified))
      throw badRequest(
        'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
      );
    if (w.user(body.userPrincipalName))
      throw badRequest('Another object with the same value for property userPrincipalName already exists.');
    w.upnIndex.delete(u.userPrincipalName.toLowerCase());
    modified.push({
      displayName: 'UserPrincipalName',
      oldValue: JSON.stringify(u.userPrincipalName),
      newValue: JSON.stringify(body.userPrincipalName),
    });
    u.userPrincipalName = body.userPrincipalName;
    w.upnIndex.set(u.userPrincipalName.toLowerCase(), u.id);
  }
  if (modified.length) w.audit(actor, 'Update user', 'UserManagement', [w.userTarget(u, modified)]);
  refreshDynamicGroups(w);
}

export function createGroup(w: World, actor: Actor, body: Body): GroupRec {
  const displayName = String(requireProp(body, 'displayName', 'Group'));
  const mailNickname = String(requireProp(body, 'mailNickname', 'Group'));
  if (typeof body.mailEnabled !== 'boolean')
    throw badRequest("Invalid value specified for property 'mailEnabled' of resource 'Group'.");
  if (typeof body.securityEnabled !== 'boolean')
    throw badRequest("Invalid value specified for property 'securityEnabled' of resource 'Group'.");
  const groupTypes = Array.isArray(body.groupTypes) ? (body.groupTypes as string[]) : [];
  const dynamic = groupTypes.includes('DynamicMembership');
  if (dynamic && typeof body.membershipRule !== 'string')
    throw badRequest('A dynamic group requires a membershipRule.');
  if (dynamic) parseRule(body.membershipRule as string);
  if (body.isAssignableToRole === true) {
    if (dynamic)
      throw badRequest(
        'A group with dynamic membership cannot be assignable to a role (isAssignableToRole requires assigned membership).',
      );
    if (body.securityEnabled !== true)
      throw badRequest('isAssignableToRole can only be set on security-enabled groups (securityEnabled: true).');
  }
  if (body.mailEnabled === true && !groupTypes.includes('Unified'))
    throw badRequest(
      'Mail-enabled security groups cannot be created through Microsoft Graph; set mailEnabled: false or groupTypes: ["Unified"].',
    );
  const g: GroupRec = {
    id: w.ids.guid(),
    displayName,
    description: str(body.description) ?? null,
    mailNickname,
    mailEnabled: body.mailEnabled,
    securityEnabled: body.securityEnabled,
    groupTypes,
    membershipRule: str(body.membershipRule) ?? null,
    membershipRuleProcessingState: dynamic ? 'On' : null,
    isAssignableToRole: body.isAssignableToRole === true ? true : null,
    visibility: str(body.visibility) ?? (body.isAssignableToRole === true ? 'Private' : null),
    createdDateTime: w.nowIso(),
    _members: [],
    _owners: [],
  };
  w.groups.set(g.id, g);
  w.audit(
    actor,
    'Add group',
    'GroupManagement',
    [{ id: g.id, displayName: g.displayName, type: 'Group', userPrincipalName: null, modifiedProperties: [] }],
    'Add',
  );
  // Graph's `members@odata.bind` / `owners@odata.bind` at creation.
  for (const [key, list] of [
    ['members@odata.bind', g._members],
    ['owners@odata.bind', g._owners],
  ] as const) {
    const refs = body[key];
    if (Array.isArray(refs)) {
      if (dynamic && key === 'members@odata.bind')
        throw badRequest('Members of a dynamic group come from its membershipRule and cannot be bound.');
      for (const ref of refs) list.push(refToId(w, String(ref)));
    }
  }
  w.membersChanged();
  refreshDynamicGroups(w);
  return g;
}

/** `https://graph.microsoft.com/v1.0/directoryObjects/{id}` (or users/{id}, servicePrincipals/{id}) → an existing object id. */
export function refToId(w: World, ref: string): string {
  const m =
    /\/(?:directoryObjects|users|groups|servicePrincipals)\/([^/?]+)\/?$/i.exec(ref) ?? /^([0-9a-f-]{36})$/i.exec(ref);
  if (!m)
    throw badRequest(
      `Invalid object identifier '${ref}'. Expected "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}".`,
    );
  const id = decodeURIComponent(m[1]!);
  const obj = w.directoryObject(id) ?? (w.user(id) ? { obj: w.user(id)! } : undefined);
  if (!obj)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return obj.obj.id;
}

export function addMember(w: World, actor: Actor, groupId: string, memberId: string): void {
  const g = w.requireGroup(groupId);
  assertMayModify(w, actor, g.id, 'group');
  if (g.groupTypes.includes('DynamicMembership'))
    throw badRequest(
      'Insufficient privileges to complete the operation. Members of a dynamic group cannot be added or removed manually.',
      'Request_BadRequest',
    );
  const obj = w.directoryObject(memberId);
  if (!obj)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${memberId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (g._members.includes(obj.obj.id))
    throw badRequest(
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  if (g.isAssignableToRole && obj.type === 'group')
    throw badRequest('Nesting groups inside a role-assignable group is not supported.');
  g._members.push(obj.obj.id);
  w.membersChanged();
  const target =
    obj.type === 'user'
      ? w.userTarget(obj.obj)
      : {
          id: obj.obj.id,
          displayName: obj.obj.displayName,
          type: obj.type === 'group' ? 'Group' : 'ServicePrincipal',
          userPrincipalName: null,
          modifiedProperties: [],
        };
  target.modifiedProperties = [
    { displayName: 'Group.ObjectID', oldValue: null, newValue: JSON.stringify(g.id) },
    { displayName: 'Group.DisplayName', oldValue: null, newValue: JSON.stringify(g.displayName) },
  ];
  w.audit(actor, 'Add member to group', 'GroupManagement', [target], 'Assign');
}

export function removeMember(w: World, actor: Actor, groupId: string, memberId: string): void {
  const g = w.requireGroup(groupId);
  assertMayModify(w, actor, g.id, 'group');
  const idx = g._members.findIndex((m) => m.toLowerCase() === memberId.toLowerCase());
  if (idx < 0)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${memberId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const [removed] = g._members.splice(idx, 1);
  w.membersChanged();
  const u = w.user(removed!);
  w.audit(
    actor,
    'Remove member from group',
    'GroupManagement',
    [
      {
        id: removed!,
        displayName: w.objectDisplayName(removed!),
        type: u ? 'User' : 'Group',
        userPrincipalName: u?.userPrincipalName ?? null,
        modifiedProperties: [
          { displayName: 'Group.DisplayName', oldValue: JSON.stringify(g.displayName), newValue: null },
        ],
      },
    ],
    operationTypeOf('Remove member from group'),
  );
}

export function addOwner(w: World, actor: Actor, groupId: string, ownerId: string): void {
  const g = w.requireGroup(groupId);
  assertMayModify(w, actor, g.id, 'group');
  const obj = w.directoryObject(ownerId);
  if (!obj || obj.type === 'group')
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${ownerId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (g._owners.includes(obj.obj.id))
    throw badRequest(
      "One or more added object references already exist for the following modified properties: 'owners'.",
    );
  g._owners.push(obj.obj.id);
  w.audit(
    actor,
    'Add owner to group',
    'GroupManagement',
    [
      {
        id: obj.obj.id,
        displayName: obj.obj.displayName,
        type: obj.type === 'user' ? 'User' : 'ServicePrincipal',
        userPrincipalName: null,
        modifiedProperties: [
          { displayName: 'Group.DisplayName', oldValue: null, newValue: JSON.stringify(g.displayName) },
        ],
      },
    ],
    'Assign',
  );
}

/** An active directory role assignment (scenario setup, PIM adminAssign, legacy directoryRoles/members). */
export function assignRole(
  w: World,
  actor: Actor,
  principalId: string,
  roleDefinitionId: string,
  endDateTime: string | null,
  audit = true,
): RoleAssignmentRec {
  const a: RoleAssignmentRec = {
    id: w.ids.guid(),
    principalId,
    roleDefinitionId,
    directoryScopeId: '/',
    createdDateTime: w.nowIso(),
    endDateTime,
  };
  w.roleAssignments.set(a.id, a);
  if (audit) {
    const role = roleNameById(roleDefinitionId) ?? roleDefinitionId;
    const u = w.user(principalId);
    w.audit(
      actor,
      'Add member to role',
      'RoleManagement',
      [
        {
          id: principalId,
          displayName: w.objectDisplayName(principalId),
          type: u ? 'User' : 'ServicePrincipal',
          userPrincipalName: u?.userPrincipalName ?? null,
          modifiedProperties: [
            { displayName: 'Role.DisplayName', oldValue: null, newValue: JSON.stringify(role) },
            { displayName: 'Role.TemplateId', oldValue: null, newValue: JSON.stringify(roleDefinitionId) },
          ],
        },
      ],
      'Assign',
    );
  }
  return a;
}

const PIM_ACTIONS = new Set([
  'adminAssign',
  'adminRemove',
  'adminUpdate',
  'adminExtend',
  'adminRenew',
  'selfActivate',
  'selfDeactivate',
  'selfExtend',
  'selfRenew',
]);

/** POST roleAssignmentScheduleRequests: PIM's active-assignment API. */
export function roleAssignmentScheduleRequest(w: World, actor: Actor, body: Body): Record<string, unknown> {
  const action = str(body.action);
  if (!action || !PIM_ACTIONS.has(action))
    throw badRequest(`Invalid value specified for property 'action'. Expected one of: ${[...PIM_ACTIONS].join(', ')}.`);
  const principalId = String(requireProp(body, 'principalId', 'unifiedRoleAssignmentScheduleRequest'));
  const roleDefinitionId = String(requireProp(body, 'roleDefinitionId', 'unifiedRoleAssignmentScheduleRequest'));
  const directoryScopeId = String(requireProp(body, 'directoryScopeId', 'unifiedRoleAssignmentScheduleRequest'));
  if (!w.directoryObject(principalId))
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${principalId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (!roleNameById(roleDefinitionId))
    throw new WorldError(404, 'RoleNotFound', `The role definition '${roleDefinitionId}' was not found.`);
  if (directoryScopeId !== '/')
    throw badRequest('The practice tenant supports only the tenant-wide directory scope "/".');
  const sched = (body.scheduleInfo ?? {}) as Body;
  const exp = (sched.expiration ?? { type: 'noExpiration' }) as Body;
  const now = w.clock.nowMs();
  const start = typeof sched.startDateTime === 'string' ? Date.parse(sched.startDateTime) : now;
  let endDateTime: string | null = null;
  if (exp.type === 'afterDateTime') {
    if (typeof exp.endDateTime !== 'string' || Number.isNaN(Date.parse(exp.endDateTime)))
      throw badRequest("scheduleInfo.expiration.endDateTime is required when expiration type is 'afterDateTime'.");
    endDateTime = new Date(Date.parse(exp.endDateTime)).toISOString();
  } else if (exp.type === 'afterDuration') {
    const ms = typeof exp.duration === 'string' ? isoDurationMs(exp.duration) : undefined;
    if (!ms)
      throw badRequest(
        "scheduleInfo.expiration.duration must be an ISO 8601 duration when expiration type is 'afterDuration'.",
      );
    endDateTime = new Date(start + ms).toISOString();
  } else if (exp.type !== 'noExpiration')
    throw badRequest("scheduleInfo.expiration.type must be 'noExpiration', 'afterDateTime' or 'afterDuration'.");
  const existing = w
    .activeAssignments()
    .find((a) => a.principalId === principalId && a.roleDefinitionId === roleDefinitionId);
  let targetScheduleId: string;
  if (action === 'adminAssign') {
    if (existing) throw badRequest('The Role assignment already exists.', 'RoleAssignmentExists');
    targetScheduleId = assignRole(w, actor, principalId, roleDefinitionId, endDateTime).id;
  } else if (action === 'adminRemove') {
    if (!existing) throw new WorldError(404, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
    w.roleAssignments.delete(existing.id);
    targetScheduleId = existing.id;
    w.audit(
      actor,
      'Remove member from role',
      'RoleManagement',
      [
        {
          id: principalId,
          displayName: w.objectDisplayName(principalId),
          type: 'User',
          userPrincipalName: w.user(principalId)?.userPrincipalName ?? null,
          modifiedProperties: [
            {
              displayName: 'Role.DisplayName',
              oldValue: JSON.stringify(roleNameById(roleDefinitionId)),
              newValue: null,
            },
          ],
        },
      ],
      operationTypeOf('Remove member from role'),
    );
  } else {
    throw badRequest(`The practice tenant does not implement PIM action '${action}'; use adminAssign or adminRemove.`);
  }
  const req = {
    id: w.ids.guid(),
    status: 'Provisioned',
    createdDateTime: w.nowIso(),
    completedDateTime: w.nowIso(),
    approvalId: null,
    customData: null,
    action,
    principalId,
    roleDefinitionId,
    directoryScopeId,
    appScopeId: null,
    isValidationOnly: false,
    targetScheduleId,
    justification: str(body.justification) ?? null,
    createdBy:
      actor.kind === 'user'
        ? { application: null, device: null, user: { displayName: null, id: actor.id } }
        : { application: { displayName: actor.name, id: actor.appId ?? actor.id }, device: null, user: null },
    scheduleInfo: {
      startDateTime: new Date(start).toISOString(),
      recurrence: null,
      expiration: { type: exp.type ?? 'noExpiration', endDateTime, duration: exp.duration ?? null },
    },
    ticketInfo: { ticketNumber: null, ticketSystem: null },
  };
  w.roleAssignmentRequests.set(req.id, req);
  return req;
}

export function createApplication(w: World, actor: Actor, body: Body): ApplicationRec {
  const displayName = String(requireProp(body, 'displayName', 'Application'));
  const app: ApplicationRec = {
    id: w.ids.guid(),
    appId: w.ids.guid(),
    displayName,
    signInAudience: str(body.signInAudience) ?? 'AzureADMyOrg',
    createdDateTime: w.nowIso(),
    isFallbackPublicClient: body.isFallbackPublicClient === true,
    requiredResourceAccess: Array.isArray(body.requiredResourceAccess) ? body.requiredResourceAccess : [],
    keyCredentials: [],
    passwordCredentials: [],
    _delegatedScopes: [],
  };
  w.applications.set(app.id, app);
  if (Array.isArray(body.keyCredentials)) setKeyCredentials(w, app, body.keyCredentials);
  w.audit(
    actor,
    'Add application',
    'ApplicationManagement',
    [{ id: app.id, displayName, type: 'Application', userPrincipalName: null, modifiedProperties: [] }],
    'Add',
  );
  return app;
}

/** PATCH keyCredentials replaces the whole collection, like Graph; entries keep their keyId when re-sent without `key`. */
export function setKeyCredentials(w: World, app: ApplicationRec, creds: unknown[]): void {
  const previous = app.keyCredentials;
  app.keyCredentials = [];
  for (const c of creds as Body[]) {
    if (c.key == null) {
      const keep = previous.find((p) => p.keyId === c.keyId);
      if (!keep)
        throw badRequest(
          'Key credential value is required: send `key` (Base64 certificate) for a new keyCredential.',
          'KeyCredentialsInvalidValue',
        );
      app.keyCredentials.push(keep);
      continue;
    }
    if (c.type !== undefined && c.type !== 'AsymmetricX509Cert')
      throw badRequest(
        `Unsupported key credential type '${String(c.type)}'. Use 'AsymmetricX509Cert'.`,
        'KeyCredentialsInvalidValue',
      );
    if (c.usage !== undefined && c.usage !== 'Verify')
      throw badRequest(
        `Unsupported key credential usage '${String(c.usage)}'. Use 'Verify'.`,
        'KeyCredentialsInvalidValue',
      );
    const raw = Buffer.from(String(c.key), 'base64');
    // Graph accepts the Base64 of DER bytes or of a PEM file's text (the layered-path setup uploads the latter).
    const data = raw.subarray(0, 10).toString('latin1').startsWith('-----BEGIN') ? raw.toString('latin1') : raw;
    w.addCertificate(app, data, str(c.displayName) ?? 'certificate');
    const added = app.keyCredentials[app.keyCredentials.length - 1]!;
    if (typeof c.keyId === 'string') added.keyId = c.keyId;
  }
}

export function updateApplication(w: World, actor: Actor, id: string, body: Body): void {
  const app = w.applications.get(id.toLowerCase()) ?? w.applicationByAppId(id);
  if (!app)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (Array.isArray(body.keyCredentials)) setKeyCredentials(w, app, body.keyCredentials);
  if (typeof body.displayName === 'string') app.displayName = body.displayName;
  if (Array.isArray(body.requiredResourceAccess)) app.requiredResourceAccess = body.requiredResourceAccess;
  if (typeof body.isFallbackPublicClient === 'boolean') app.isFallbackPublicClient = body.isFallbackPublicClient;
  w.audit(actor, 'Update application – Certificates and secrets management ', 'ApplicationManagement', [
    {
      id: app.id,
      displayName: app.displayName,
      type: 'Application',
      userPrincipalName: null,
      modifiedProperties: [
        {
          displayName: 'KeyDescription',
          oldValue: null,
          newValue: JSON.stringify(
            app.keyCredentials.map(
              (k) =>
                `[KeyIdentifier=${k.keyId},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=${k.displayName}]`,
            ),
          ),
        },
      ],
    },
  ]);
}

/**
 * POST /applications/{id}/removePassword {keyId} (https://learn.microsoft.com/graph/api/application-removepassword):
 * secrets are removed by keyId, never PATCHed. Learn gives no error for an unknown keyId; the stricter
 * reading is a 400 naming it.
 */
export function removeApplicationPassword(w: World, actor: Actor, app: ApplicationRec, body: Body): void {
  const keyId = str(body.keyId);
  if (!keyId) throw badRequest("The request body must contain 'keyId'.", 'Request_BadRequest');
  const i = app.passwordCredentials.findIndex((c) => c.keyId.toLowerCase() === keyId.toLowerCase());
  if (i < 0) throw badRequest(`No password credential with keyId '${keyId}' on the application.`, 'Request_BadRequest');
  app.passwordCredentials.splice(i, 1);
  w.audit(actor, 'Update application – Certificates and secrets management ', 'ApplicationManagement', [
    {
      id: app.id,
      displayName: app.displayName,
      type: 'Application',
      userPrincipalName: null,
      modifiedProperties: [{ displayName: 'KeyDescription', oldValue: `[KeyIdentifier=${keyId}]`, newValue: null }],
    },
  ]);
}

/**
 * POST /applications/{id}/addPassword {passwordCredential: {displayName?, startDateTime?, endDateTime?}}
 * (https://learn.microsoft.com/graph/api/application-addpassword): the service generates the secret and
 * returns it ONCE, as `secretText`, in the passwordCredential it answers with; later reads carry only its
 * `hint`. The end date defaults to two years after the start (resource passwordCredential:
 * https://learn.microsoft.com/graph/api/resources/passwordcredential). An end before the start is refused
 * (stricter reading: Learn gives no error text for it).
 */
export function addApplicationPassword(
  w: World,
  actor: Actor,
  app: ApplicationRec,
  body: Body,
): ApplicationRec['passwordCredentials'][number] & { secretText: string } {
  const pc = (body.passwordCredential ?? {}) as Record<string, unknown>;
  const start = typeof pc.startDateTime === 'string' ? Date.parse(pc.startDateTime) : w.nowMs();
  const end = typeof pc.endDateTime === 'string' ? Date.parse(pc.endDateTime) : start + 2 * 365 * 86_400_000;
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
    throw badRequest('The passwordCredential endDateTime must be after its startDateTime.', 'Request_BadRequest');
  // "strong passwords generated by Microsoft Entra ID that are 16-64 characters in length" (secretText).
  const secret = randomBytes(30).toString('base64url');
  const rec = {
    keyId: w.ids.guid(),
    displayName: typeof pc.displayName === 'string' ? pc.displayName : '',
    hint: secret.slice(0, 3),
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
    _secret: secret,
  };
  app.passwordCredentials.push(rec);
  w.audit(actor, 'Update application – Certificates and secrets management ', 'ApplicationManagement', [
    {
      id: app.id,
      displayName: app.displayName,
      type: 'Application',
      userPrincipalName: null,
      modifiedProperties: [
        { displayName: 'KeyDescription', oldValue: null, newValue: `[KeyIdentifier=${rec.keyId},KeyType=Password]` },
      ],
    },
  ]);
  return { ...rec, secretText: secret };
}

export function createServicePrincipal(w: World, actor: Actor, body: Body): ServicePrincipalRec {
  const appId = String(requireProp(body, 'appId', 'ServicePrincipal'));
  const app = w.applicationByAppId(appId);
  if (!app)
    throw badRequest(
      `The appId '${appId}' of the service principal does not reference a valid application object.`,
      'Request_BadRequest',
    );
  if (w.servicePrincipalByAppId(appId))
    throw new WorldError(
      409,
      'Request_MultipleObjectsWithSameKeyValue',
      'The service principal cannot be created, updated, or restored because the service principal name ' +
        appId +
        ' is already in use.',
    );
  const sp: ServicePrincipalRec = {
    id: w.ids.guid(),
    appId,
    displayName: app.displayName,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appRoles: [],
    createdDateTime: w.nowIso(),
  };
  w.servicePrincipals.set(sp.id, sp);
  w.audit(
    actor,
    'Add service principal',
    'ApplicationManagement',
    [
      {
        id: sp.id,
        displayName: sp.displayName,
        type: 'ServicePrincipal',
        userPrincipalName: null,
        modifiedProperties: [],
      },
    ],
    'Add',
  );
  return sp;
}

/** POST /servicePrincipals/{id}/appRoleAssignments — admin consent to an application permission. */
export function grantAppRole(w: World, actor: Actor, spId: string, body: Body): Record<string, unknown> {
  const sp = w.servicePrincipals.get(spId.toLowerCase());
  if (!sp)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${spId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const principalId = String(requireProp(body, 'principalId', 'AppRoleAssignment'));
  const resourceId = String(requireProp(body, 'resourceId', 'AppRoleAssignment'));
  const appRoleId = String(requireProp(body, 'appRoleId', 'AppRoleAssignment'));
  if (principalId.toLowerCase() !== sp.id.toLowerCase() && resourceId.toLowerCase() !== sp.id.toLowerCase())
    throw badRequest('Either principalId or resourceId must be the service principal in the request URL.');
  const resource = w.servicePrincipals.get(resourceId.toLowerCase());
  if (!resource)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${resourceId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (!resource.appRoles.some((r) => r.id === appRoleId))
    throw badRequest(
      `Permission being assigned was not found on application '${resource.displayName}'. appRoleId '${appRoleId}' is not one of its app roles.`,
      'Request_BadRequest',
    );
  const principal = w.servicePrincipals.get(principalId.toLowerCase());
  if (!principal)
    throw new WorldError(
      404,
      'Request_ResourceNotFound',
      `Resource '${principalId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  if (
    [...w.appRoleAssignments.values()].some(
      (a) => a.principalId === principal.id && a.resourceId === resource.id && a.appRoleId === appRoleId,
    )
  )
    throw badRequest('Permission being assigned already exists on the object', 'Request_BadRequest');
  const a = {
    id: w.ids.guid(),
    principalId: principal.id,
    principalType: 'ServicePrincipal' as const,
    principalDisplayName: principal.displayName,
    resourceId: resource.id,
    resourceDisplayName: resource.displayName,
    appRoleId,
    createdDateTime: w.nowIso(),
  };
  w.appRoleAssignments.set(a.id, a);
  const roleName = resource.appRoles.find((r) => r.id === appRoleId)?.value ?? appRoleId;
  w.audit(
    actor,
    'Add app role assignment to service principal',
    'ApplicationManagement',
    [
      {
        id: principal.id,
        displayName: principal.displayName,
        type: 'ServicePrincipal',
        userPrincipalName: null,
        modifiedProperties: [{ displayName: 'AppRole.Value', oldValue: null, newValue: JSON.stringify(roleName) }],
      },
    ],
    'Assign',
  );
  return { ...a, deletedDateTime: null };
}

// ---------- Conditional Access & policies ----------

const CA_STATES = new Set(['enabled', 'disabled', 'enabledForReportingButNotEnforced']);

function deepMerge(target: Body, patch: Body): Body {
  for (const [k, v] of Object.entries(patch)) {
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      target[k] &&
      typeof target[k] === 'object' &&
      !Array.isArray(target[k])
    )
      deepMerge(target[k] as Body, v as Body);
    else target[k] = v;
  }
  return target;
}

export function validateCaPolicy(p: Body): void {
  if (typeof p.displayName !== 'string' || !p.displayName)
    throw badRequest(
      "Invalid value specified for property 'displayName' of resource 'ConditionalAccessPolicy'.",
      'BadRequest',
    );
  if (!CA_STATES.has(String(p.state)))
    throw badRequest(
      `Invalid value '${String(p.state)}' for property 'state'. Expected enabled, disabled or enabledForReportingButNotEnforced.`,
      'BadRequest',
    );
  const users = ((p.conditions as Body)?.users ?? {}) as Body;
  const inc =
    ['includeUsers', 'includeGroups', 'includeRoles'].some(
      (k) => Array.isArray(users[k]) && (users[k] as unknown[]).length > 0,
    ) || users.includeGuestsOrExternalUsers;
  // A policy applies to users or to workload identities ("Users or workload identities … Workload identities":
  // https://learn.microsoft.com/entra/identity/conditional-access/workload-identity).
  const clientApps = ((p.conditions as Body)?.clientApplications ?? {}) as Body;
  const workload =
    Array.isArray(clientApps.includeServicePrincipals) && (clientApps.includeServicePrincipals as unknown[]).length > 0;
  if (!inc && !workload)
    throw badRequest(
      'Policy conditions must include users, groups, roles or guests (conditions.users.includeUsers is empty).',
      'BadRequest',
    );
  const gc = p.grantControls as Body | null | undefined;
  const sc = p.sessionControls as Body | null | undefined;
  if (!gc && !sc) throw badRequest('A policy must have grantControls or sessionControls.', 'BadRequest');
  if (gc) {
    const controls = (gc.builtInControls ?? []) as string[];
    if (controls.includes('block') && controls.length > 1)
      throw badRequest("The 'block' control cannot be combined with other grant controls.", 'BadRequest');
    if (gc.operator !== 'AND' && gc.operator !== 'OR')
      throw badRequest("grantControls.operator must be 'AND' or 'OR'.", 'BadRequest');
  }
}

/** Every id a policy names must exist (Graph refuses unknown users, groups and roles in conditions). */
function validateCaRefs(w: World, p: Body): void {
  const users = ((p.conditions as Body)?.users ?? {}) as Record<string, unknown>;
  const bad: string[] = [];
  const SPECIAL = new Set(['all', 'none', 'guestsorexternalusers']);
  for (const k of ['includeUsers', 'excludeUsers'])
    for (const id of (users[k] ?? []) as string[])
      if (!SPECIAL.has(String(id).toLowerCase()) && !w.users.has(String(id).toLowerCase())) bad.push(`${k}: ${id}`);
  for (const k of ['includeGroups', 'excludeGroups'])
    for (const id of (users[k] ?? []) as string[]) if (!w.group(String(id))) bad.push(`${k}: ${id}`);
  // Roles: any built-in role template id of the full catalogue ("Microsoft Entra built-in roles", vendored in
  // contracts/data/entra-built-in-roles.json), not just the roles the practice tenant models.
  for (const k of ['includeRoles', 'excludeRoles'])
    for (const id of (users[k] ?? []) as string[]) if (!builtInRoleName(String(id))) bad.push(`${k}: ${id}`);
  // Workload identities: service principal object ids (or ServicePrincipalsInMyTenant), and named-location
  // ids (or All / AllTrusted): https://learn.microsoft.com/entra/identity/conditional-access/workload-identity
  const conditions = (p.conditions ?? {}) as Record<string, Record<string, unknown> | null | undefined>;
  const clientApps = conditions.clientApplications ?? {};
  for (const k of ['includeServicePrincipals', 'excludeServicePrincipals'])
    for (const id of (clientApps[k] ?? []) as string[])
      if (id !== 'ServicePrincipalsInMyTenant' && !w.servicePrincipals.has(String(id).toLowerCase()))
        bad.push(`${k}: ${id}`);
  const locations = conditions.locations ?? {};
  for (const k of ['includeLocations', 'excludeLocations'])
    for (const id of (locations[k] ?? []) as string[])
      if (
        id !== 'All' &&
        id !== 'AllTrusted' &&
        !w.namedLocations.some((n) => n.id.toLowerCase() === String(id).toLowerCase())
      )
        bad.push(`${k}: ${id}`);
  if (bad.length)
    throw badRequest(
      `The policy refers to objects that do not exist in the directory: ${bad.join('; ')}. Use object ids (GUIDs) of existing users, groups and directory role templates.`,
      'BadRequest',
    );
}

export function updateCaPolicy(w: World, actor: Actor, id: string, body: Body): void {
  const p = w.caPolicies.get(id.toLowerCase());
  if (!p) throw new WorldError(404, 'ResourceNotFound', `Policy '${id}' was not found.`);
  const next = deepMerge(structuredClone(p), body);
  validateCaPolicy(next);
  validateCaRefs(w, next);
  if (w.securityDefaults.isEnabled && next.state === 'enabled')
    throw badRequest(
      'Security defaults is enabled in the tenant. Conditional Access policies cannot be enabled while security defaults is on; disable security defaults first.',
      'BadRequest',
    );
  next.modifiedDateTime = w.nowIso();
  w.caPolicies.set(id.toLowerCase(), next);
  w.audit(actor, 'Update conditional access policy', 'Policy', [
    {
      id: String(p.id),
      displayName: String(next.displayName),
      type: 'Policy',
      userPrincipalName: null,
      modifiedProperties: [
        { displayName: 'ConditionalAccessPolicy', oldValue: JSON.stringify(p), newValue: JSON.stringify(next) },
      ],
    },
  ]);
}

export function createCaPolicy(w: World, actor: Actor, body: Body): Body {
  const p: Body = structuredClone(body);
  delete p.id;
  p.conditions = deepMerge(
    {
      users: {
        includeUsers: [],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
      },
      applications: { includeApplications: [], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ['all'],
      signInRiskLevels: [],
      userRiskLevels: [],
    },
    (p.conditions ?? {}) as Body,
  );
  validateCaPolicy(p);
  validateCaRefs(w, p);
  if (w.securityDefaults.isEnabled)
    throw badRequest(
      'Security defaults is enabled in the tenant. Disable security defaults before creating Conditional Access policies.',
      'BadRequest',
    );
  p.id = w.ids.guid();
  p.createdDateTime = w.nowIso();
  p.modifiedDateTime = null;
  w.caPolicies.set(String(p.id), p);
  w.audit(
    actor,
    'Add conditional access policy',
    'Policy',
    [
      {
        id: String(p.id),
        displayName: String(p.displayName),
        type: 'Policy',
        userPrincipalName: null,
        modifiedProperties: [],
      },
    ],
    'Add',
  );
  return p;
}

export function setSecurityDefaults(w: World, actor: Actor, body: Body): void {
  if (typeof body.isEnabled !== 'boolean')
    throw badRequest("Invalid value specified for property 'isEnabled'. Expected true or false.");
  if (body.isEnabled && [...w.caPolicies.values()].some((p) => p.state === 'enabled'))
    throw badRequest(
      'Security defaults cannot be enabled while Conditional Access policies are enabled. Disable the enabled Conditional Access policies first.',
    );
  w.securityDefaults.isEnabled = body.isEnabled;
  w.audit(actor, 'Update policy', 'Policy', [
    {
      id: w.securityDefaults.id,
      displayName: 'Security Defaults',
      type: 'Policy',
      userPrincipalName: null,
      modifiedProperties: [
        {
          displayName: 'IsEnabled',
          oldValue: JSON.stringify(!body.isEnabled),
          newValue: JSON.stringify(body.isEnabled),
        },
      ],
    },
  ]);
}

export function createAccessReview(w: World, actor: Actor, body: Body): Body {
  if (typeof body.displayName !== 'string')
    throw badRequest(
      "Invalid value specified for property 'displayName' of resource 'AccessReviewScheduleDefinition'.",
      'BadRequest',
    );
  const scope = body.scope as Body | undefined;
  if (!scope || typeof scope.query !== 'string')
    throw badRequest('scope.query is required (e.g. "/groups/{id}/transitiveMembers").', 'BadRequest');
  if (!body.settings || typeof body.settings !== 'object') throw badRequest('settings is required.', 'BadRequest');
  const def: Body = {
    id: w.ids.guid(),
    displayName: body.displayName,
    createdDateTime: w.nowIso(),
    lastModifiedDateTime: w.nowIso(),
    status: 'NotStarted',
    descriptionForAdmins: body.descriptionForAdmins ?? null,
    descriptionForReviewers: body.descriptionForReviewers ?? null,
    createdBy: { id: actor.id, displayName: actor.name, userPrincipalName: actor.kind === 'user' ? actor.name : null },
    scope,
    instanceEnumerationScope: body.instanceEnumerationScope ?? null,
    reviewers: body.reviewers ?? [],
    fallbackReviewers: body.fallbackReviewers ?? [],
    settings: body.settings,
  };
  w.accessReviews.set(String(def.id), def);
  w.audit(
    actor,
    'Create access review',
    'AccessReviews',
    [
      {
        id: String(def.id),
        displayName: String(def.displayName),
        type: 'Other',
        userPrincipalName: null,
        modifiedProperties: [],
      },
    ],
    'Add',
  );
  return def;
}
