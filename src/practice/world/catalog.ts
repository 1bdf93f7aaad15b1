/**
 * Well-known Entra identifiers the practice tenant shares with every real
 * tenant: built-in directory role template ids (identical in every tenant)
 * and Microsoft Graph application-permission (app role) ids.
 */

export const GLOBAL_ADMIN_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

/** Built-in directory roles: display name → role template id. */
export const DIRECTORY_ROLES: Record<string, string> = {
  'Global Administrator': GLOBAL_ADMIN_ROLE_ID,
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Conditional Access Administrator': 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
  'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Cloud Application Administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'Identity Governance Administrator': '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
};

export function roleIdByName(name: string): string | undefined {
  if (DIRECTORY_ROLES[name]) return DIRECTORY_ROLES[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(DIRECTORY_ROLES)) if (k.toLowerCase() === lower || v === lower) return v;
  return undefined;
}
export function roleNameById(id: string): string | undefined {
  for (const [k, v] of Object.entries(DIRECTORY_ROLES)) if (v === id) return k;
  return undefined;
}

export const MS_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Microsoft Graph application permissions (app roles): value → id (same in every tenant). */
export const GRAPH_APP_ROLES: Record<string, string> = {
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

export function graphAppRoleName(id: string): string | undefined {
  for (const [k, v] of Object.entries(GRAPH_APP_ROLES)) if (v === id) return k;
  return undefined;
}

/**
 * Built-in authentication strengths (ids are the same in every tenant), with the combinations of the
 * example response of https://learn.microsoft.com/graph/api/authenticationstrengthroot-list-policies
 * (v1.0). Every combination is a member of the authenticationMethodModes flags enum of the vendored
 * Graph metadata (catalog.test.ts checks it): an invented member here would teach the checks a shape no
 * real tenant sends.
 */
export const AUTH_STRENGTHS: Record<string, { id: string; displayName: string; allowedCombinations: string[] }> = {
  mfa: {
    id: '00000000-0000-0000-0000-000000000002',
    displayName: 'Multifactor authentication',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
  },
  passwordlessMfa: {
    id: '00000000-0000-0000-0000-000000000003',
    displayName: 'Passwordless MFA',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
  },
  phishingResistant: {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  },
};

/** Well-known FIDO2 AAGUIDs (vendor key models) for realistic scenarios. */
export const KNOWN_AAGUIDS: Record<string, string> = {
  'YubiKey 5 NFC': 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
  'YubiKey 5C NFC': '2fc0579f-8113-47ea-b116-bb5a8db9202a',
  'Feitian ePass FIDO2': '833b721a-ff5f-4d00-bb2e-bdda3ec01e29',
  'Google Titan Security Key': '42b4fb4a-2866-43b2-9bf7-7a0b5a1d4c1d',
};

/** Fixed ids Graph uses for phone methods. */
export const PHONE_METHOD_IDS: Record<string, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};
/** Graph's fixed id for the password method. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';
