/**
 * Well-known Entra identifiers the practice tenant shares with every real
 * tenant: built-in directory role template ids (identical in every tenant)
 * and Microsoft Graph application-permission (app role) ids.
 */
import { GRAPH_APP_ROLE_NAMES } from '../../config/graph-app-roles.js';

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

// Microsoft Graph's app id and application permissions: one catalogue with the product's (config/graph-app-roles.ts).
export {
  GRAPH_APP_ID as MS_GRAPH_APP_ID,
  GRAPH_APP_ROLE_IDS as GRAPH_APP_ROLES,
} from '../../config/graph-app-roles.js';
export function graphAppRoleName(id: string): string | undefined {
  return GRAPH_APP_ROLE_NAMES[id.toLowerCase()];
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
