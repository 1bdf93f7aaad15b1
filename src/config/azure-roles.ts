/**
 * The Azure built-in roles breakglass can assign to the break-glass app, by
 * name and role definition id (the GUID is the same in every tenant and
 * subscription), from Microsoft Learn "Azure built-in roles for Privileged"
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged):
 *  - Owner: "Grants full access to manage all resources, including the ability
 *    to assign roles in Azure RBAC."
 *  - User Access Administrator: "Lets you manage user access to Azure
 *    resources." (*\/read and Microsoft.Authorization/*)
 *  - Role Based Access Control Administrator: "Manage access to Azure resources
 *    by assigning roles using Azure RBAC." (roleAssignments write/delete, *\/read)
 *  - Contributor: full access to manage all resources "but does not allow you
 *    to assign roles in Azure RBAC".
 * Only these privileged roles are listed: a break-glass identity is for
 * recovering access, and each of them is a privilege a person must type to grant.
 */
export const AZURE_ROLES: Readonly<Record<string, string>> = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
};

const BY_ID = new Map(Object.entries(AZURE_ROLES).map(([n, id]) => [id, n]));

/** The role definition GUID for a built-in role name (case-insensitive) or GUID; undefined when not listed. */
export function azureRoleId(nameOrId: string): string | undefined {
  const t = nameOrId.trim();
  if (BY_ID.has(t.toLowerCase())) return t.toLowerCase();
  const hit = Object.entries(AZURE_ROLES).find(([n]) => n.toLowerCase() === t.toLowerCase());
  return hit?.[1];
}

/** The role's name for a role definition GUID or full role definition id (…/roleDefinitions/{guid}). */
export function azureRoleName(idOrDefinitionId: string): string | undefined {
  const guid = idOrDefinitionId.split('/').pop()?.toLowerCase() ?? '';
  return BY_ID.get(guid);
}

/**
 * The scopes breakglass assigns at: a subscription, or a management group
 * (the tenant root group's id is the tenant id:
 * https://learn.microsoft.com/azure/governance/management-groups/overview#root-management-group-for-each-directory).
 * Scope formats: https://learn.microsoft.com/azure/role-based-access-control/scope-overview#scope-format
 */
export const AZURE_SCOPE =
  /^(\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\/providers\/Microsoft\.Management\/managementGroups\/[A-Za-z0-9._()-]{1,90})$/i;

/** "subscription 6f1e…" / "management group contoso-root" for previews and findings. */
export function describeScope(scope: string): string {
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(scope);
  if (sub) return `subscription ${sub[1]}`;
  const mg = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope);
  return mg ? `management group ${mg[1]}` : scope;
}
