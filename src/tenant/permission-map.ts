/**
 * Least-privilege Microsoft Graph permission per request, so a 403 can say
 * WHICH permission is missing (Graph's own message is just "Insufficient
 * privileges to complete the operation"). From Microsoft's API reference;
 * see /shared/reference/api-facts.md. First match wins; patterns match the
 * path after the version root, case-insensitively, with {x} = one segment.
 */
interface Row {
  /** An HTTP method, or '*' for any. */
  method: string;
  pattern: string;
  permission: string;
  /** An Entra role the signed-in user also needs, when Graph checks one. */
  role?: string;
}

const ROWS: Row[] = [
  { method: 'GET', pattern: '/policies/identitySecurityDefaultsEnforcementPolicy', permission: 'Policy.Read.All' },
  {
    method: 'PATCH',
    pattern: '/policies/identitySecurityDefaultsEnforcementPolicy',
    permission: 'Policy.ReadWrite.SecurityDefaults',
    role: 'Security Administrator',
  },
  { method: 'GET', pattern: '/policies/authenticationMethodsPolicy**', permission: 'Policy.Read.AuthenticationMethod' },
  {
    method: 'PATCH',
    pattern: '/policies/authenticationMethodsPolicy**',
    permission: 'Policy.ReadWrite.AuthenticationMethod',
    role: 'Authentication Policy Administrator',
  },
  {
    method: 'POST',
    pattern: '/users/{id}/authentication/temporaryAccessPassMethods',
    permission: 'UserAuthenticationMethod.ReadWrite.All',
    role: 'Privileged Authentication Administrator',
  },
  {
    method: 'DELETE',
    pattern: '/users/{id}/authentication/**',
    permission: 'UserAuthenticationMethod.ReadWrite.All',
    role: 'Privileged Authentication Administrator',
  },
  { method: 'GET', pattern: '/users/{id}/authentication/**', permission: 'UserAuthenticationMethod.Read.All' },
  { method: 'GET', pattern: '/identity/conditionalAccess/**', permission: 'Policy.Read.All' },
  { method: 'POST', pattern: '/identity/conditionalAccess/evaluate', permission: 'Policy.Read.ConditionalAccess' },
  {
    method: '*',
    pattern: '/identity/conditionalAccess/policies**',
    permission: 'Policy.ReadWrite.ConditionalAccess',
    role: 'Conditional Access Administrator',
  },
  {
    method: 'GET',
    pattern: '/roleManagement/directory/roleEligibilitySchedules**',
    permission: 'RoleEligibilitySchedule.Read.Directory',
  },
  {
    method: 'POST',
    pattern: '/roleManagement/directory/roleAssignmentScheduleRequests',
    permission: 'RoleAssignmentSchedule.ReadWrite.Directory',
    role: 'Privileged Role Administrator',
  },
  { method: 'GET', pattern: '/roleManagement/directory/**', permission: 'RoleManagement.Read.Directory' },
  {
    method: '*',
    pattern: '/roleManagement/directory/**',
    permission: 'RoleManagement.ReadWrite.Directory',
    role: 'Privileged Role Administrator',
  },
  { method: 'POST', pattern: '/groups/{id}/members/$ref', permission: 'GroupMember.ReadWrite.All' },
  { method: 'DELETE', pattern: '/groups/{id}/members/{m}/$ref', permission: 'GroupMember.ReadWrite.All' },
  { method: 'GET', pattern: '/groups/{id}/**', permission: 'GroupMember.Read.All' },
  { method: 'POST', pattern: '/groups', permission: 'Group.ReadWrite.All' },
  { method: 'GET', pattern: '/groups**', permission: 'GroupMember.Read.All' },
  {
    method: 'PATCH',
    pattern: '/users/{id}',
    permission: 'User.ReadWrite.All',
    role: 'Privileged Authentication Administrator (to reset a Global Administrator)',
  },
  { method: 'POST', pattern: '/users', permission: 'User.ReadWrite.All', role: 'User Administrator' },
  { method: 'GET', pattern: '/users**', permission: 'User.Read.All' },
  { method: 'GET', pattern: '/auditLogs/signIns**', permission: 'AuditLog.Read.All' },
  { method: 'GET', pattern: '/auditLogs/**', permission: 'AuditLog.Read.All' },
  { method: 'GET', pattern: '/identityGovernance/accessReviews/**', permission: 'AccessReview.Read.All' },
  { method: '*', pattern: '/identityGovernance/accessReviews/**', permission: 'AccessReview.ReadWrite.All' },
  { method: 'GET', pattern: '/organization**', permission: 'User.Read' },
  { method: 'GET', pattern: '/me**', permission: 'User.Read' },
];

function toRegex(pattern: string): RegExp {
  const esc = pattern
    .split(/(\{[^}]+\}|\/?\*\*)/)
    .map((part) => {
      if (part === '**' || part === '/**') return '(?:/.*)?';
      if (/^\{[^}]+\}$/.test(part)) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${esc}/?$`, 'i');
}

const COMPILED = ROWS.map((r) => ({ ...r, re: toRegex(r.pattern) }));

/** Least-privilege permission (and role) for a Graph call, or undefined if we do not know it. */
export function graphPermissionFor(method: string, path: string): { permission: string; role?: string } | undefined {
  const p = path.split('?')[0]!.replace(/^\/(v1\.0|beta)(?=\/)/i, '');
  for (const r of COMPILED) {
    if ((r.method === '*' || r.method === method.toUpperCase()) && r.re.test(p)) {
      return r.role ? { permission: r.permission, role: r.role } : { permission: r.permission };
    }
  }
  return undefined;
}
