/**
 * Least-privilege permissions per endpoint (any-of, including the ReadWrite
 * supersets Microsoft lists), from Microsoft Graph's permission tables
 * (docs/permissions.md names each page). Delegated scope and app-role names
 * are the same strings, so one list serves both token kinds.
 */
const DIR_R = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const P = {
  organization: ['User.Read', 'Organization.Read.All', 'Organization.ReadWrite.All', ...DIR_R],
  domains: ['Domain.Read.All', 'Domain.ReadWrite.All', ...DIR_R],
  usersRead: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...DIR_R],
  usersWrite: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  userPatch: [
    'User.ReadWrite.All',
    'Directory.ReadWrite.All',
    'User-PasswordProfile.ReadWrite.All',
    'Directory.AccessAsUser.All',
    'User.EnableDisableAccount.All',
    'User.ManageIdentities.All',
  ],
  /** passwordProfile: delegated needs User-PasswordProfile.ReadWrite.All (or Directory.AccessAsUser.All); app-only needs User.ReadWrite.All plus a directory role. */
  passwordDelegated: ['User-PasswordProfile.ReadWrite.All', 'Directory.AccessAsUser.All'],
  passwordApp: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  memberOf: ['User.Read.All', 'User.ReadWrite.All', 'GroupMember.Read.All', 'Group.Read.All', ...DIR_R],
  userAppRoleAssignments: ['User.Read.All', 'User.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', ...DIR_R],
  methodsRead: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
  methodsWrite: ['UserAuthenticationMethod.ReadWrite.All'],
  groupsRead: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIR_R],
  groupsCreate: ['Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  membersRead: ['GroupMember.Read.All', 'Group.Read.All', 'GroupMember.ReadWrite.All', 'Group.ReadWrite.All', ...DIR_R],
  /** Role-assignable groups additionally need RoleManagement.ReadWrite.Directory (checked in the handler); the layered path's SP has only that. */
  membersWrite: [
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
  ],
  caRead: ['Policy.Read.ConditionalAccess', 'Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
  caWrite: ['Policy.ReadWrite.ConditionalAccess'],
  whatIf: ['Policy.Read.ConditionalAccess', 'Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
  secDefaultsRead: ['Policy.Read.All', 'Policy.ReadWrite.SecurityDefaults'],
  secDefaultsWrite: ['Policy.ReadWrite.SecurityDefaults'],
  authMethodsPolicyRead: [
    'Policy.Read.AuthenticationMethod',
    'Policy.ReadWrite.AuthenticationMethod',
    'Policy.Read.All',
  ],
  authMethodsPolicyWrite: ['Policy.ReadWrite.AuthenticationMethod'],
  rolesRead: [
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.ReadWrite.Directory',
    ...DIR_R,
  ],
  eligibilityRead: [
    'RoleEligibilitySchedule.Read.Directory',
    'RoleEligibilitySchedule.ReadWrite.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.ReadWrite.Directory',
  ],
  assignmentScheduleRead: [
    'RoleAssignmentSchedule.Read.Directory',
    'RoleAssignmentSchedule.ReadWrite.Directory',
    'RoleManagement.Read.Directory',
    'RoleManagement.Read.All',
    'RoleManagement.ReadWrite.Directory',
  ],
  assignmentScheduleWrite: ['RoleAssignmentSchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory'],
  directoryRoles: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...DIR_R],
  appsRead: ['Application.Read.All', 'Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', ...DIR_R],
  appsWrite: ['Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy'],
  appRoleAssignmentWrite: ['AppRoleAssignment.ReadWrite.All'],
  auditRead: ['AuditLog.Read.All'],
  accessReviewRead: ['AccessReview.Read.All', 'AccessReview.ReadWrite.All'],
  accessReviewWrite: ['AccessReview.ReadWrite.All'],
} as const satisfies Record<string, readonly string[]>;

export const perms = (p: readonly string[]): string[] => [...p];
