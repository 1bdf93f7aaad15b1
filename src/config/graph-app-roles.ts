/**
 * Microsoft Graph application permission (app role) ids, the same in every
 * tenant. Only the ones breakglass's service-principal path may grant.
 */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_APP_ROLES: Record<string, string> = {
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
};

/** The same table by id (lower-case) → permission name. */
export const GRAPH_APP_ROLE_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(GRAPH_APP_ROLES).map(([name, id]) => [id.toLowerCase(), name]),
);
