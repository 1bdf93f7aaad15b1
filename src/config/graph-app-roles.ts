/**
 * Microsoft Graph application permissions (app roles): name → id, the same in
 * every tenant (https://learn.microsoft.com/graph/permissions-reference,
 * application ids). One catalogue for the product and the practice tenant
 * (practice/world/catalog.ts re-exports it): the ids breakglass grants, names
 * in a check's findings and the practice tenant's Microsoft Graph service
 * principal offers cannot drift apart.
 */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Every Graph application permission breakglass or its practice tenant knows by id. */
export const GRAPH_APP_ROLE_IDS: Readonly<Record<string, string>> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'RoleManagement.Read.All': 'c7fbd983-d9aa-4fa7-84b8-17382c103bc4',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'Policy.Read.ConditionalAccess': '37730810-e9ba-4e46-b07e-8ca78d182097',
  'Policy.ReadWrite.ConditionalAccess': '01c0a623-fc9b-48e9-b794-0756f8e8f067',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'UserAuthenticationMethod.Read.All': '38d9df27-64da-44fd-b7c5-a6fbac20248f',
  'UserAuthenticationMethod.ReadWrite.All': '50483e42-d915-4231-9639-7fdb7fd190e5',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'AppRoleAssignment.ReadWrite.All': '06b708a9-e830-4db3-a914-8e69da51d44f',
  'AccessReview.Read.All': 'd07a8cc0-3d51-4b77-b3b0-32704d1f69fa',
  'Organization.Read.All': '498476ce-e0fe-48b0-b801-37ba7e2685c6',
  'Domain.Read.All': 'dbb9058a-0e50-45d7-ae91-66909b5d4664',
  // The least privileged application permissions of two check reads (the permission table), ids
  // from https://learn.microsoft.com/graph/permissions-reference (application ids).
  'Policy.Read.AuthenticationMethod': '8e3bc81b-d2f3-4b7b-838c-32c88218d2f0',
  'UserAuthMethod-Passkey.Read.All': '72e00c1d-3e3d-43bb-a0b9-c435611bb1d2',
  // Read-only application permissions docs/pipeline-app.md lists for headless checks (BG-003, BG-010). Ids: the
  // Application scheme of permissions/new/provisioningInfo.json in microsoftgraph/microsoft-graph-devx-content at
  // 6cbd6bbd665a877560fdefbad74f3bdb5b57af88 (the data behind https://learn.microsoft.com/graph/permissions-reference).
  'RoleAssignmentSchedule.Read.Directory': 'd5fe8ce8-684c-4c83-a52c-46e882ce4be1',
  'RoleEligibilitySchedule.Read.Directory': 'ff278e11-4a33-4d0c-83d2-d01dc58929a5',
  'UserAuthMethod-TAP.Read.All': 'bf82209c-b22b-4747-ac88-a68be99032cf',
};

/**
 * The ones breakglass's service-principal path may grant (app.createEmergency, app.grantConsent): an
 * argument naming any other is refused by the action's schema.
 */
const GRANTABLE = ['RoleManagement.ReadWrite.Directory', 'User.Read.All', 'GroupMember.ReadWrite.All'] as const;
export const GRAPH_APP_ROLES: Record<string, string> = Object.fromEntries(
  GRANTABLE.map((name) => [name, GRAPH_APP_ROLE_IDS[name]!]),
);

/** The catalogue by id (lower-case) → permission name. */
export const GRAPH_APP_ROLE_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(GRAPH_APP_ROLE_IDS).map(([name, id]) => [id.toLowerCase(), name]),
);
