/**
 * World records → the JSON Graph returns, including Graph's habit of
 * returning only a default property set for users unless $select asks for
 * more (code that forgets $select must fail here as it would on Microsoft).
 */
import type { World } from '../world/world.js';
import type { AdministrativeUnitRec, AuthMethodRec, GroupRec, ServicePrincipalRec, UserRec } from '../world/state.js';
import { tapUsability } from '../world/methods.js';
import { PASSWORD_METHOD_ID } from '../world/catalog.js';
import { clean } from './util.js';

/** Properties v1.0 returns for a user without $select. */
export const USER_DEFAULT_PROPS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function userJson(u: UserRec): Record<string, unknown> {
  const [given, ...rest] = u.displayName.split(' ');
  return {
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    businessPhones: [],
    displayName: u.displayName,
    givenName: rest.length ? given : null,
    jobTitle: null,
    mail: null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.length ? rest.join(' ') : null,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    userType: u.userType,
    mailNickname: u.mailNickname,
    onPremisesImmutableId: u.onPremisesImmutableId,
    onPremisesSyncEnabled: u.onPremisesSyncEnabled,
    usageLocation: u.usageLocation,
    createdDateTime: u.createdDateTime,
    lastPasswordChangeDateTime: u.lastPasswordChangeDateTime,
    passwordPolicies: u.passwordPolicies,
    passwordProfile: null,
    assignedLicenses: u.assignedLicenses,
    signInActivity: {
      ...u.signInActivity,
      lastSignInRequestId: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInRequestId: null,
    },
    department: null,
    companyName: null,
    creationType: null,
    externalUserState: null,
    deletedDateTime: null,
  };
}

/** Reduce a full user to the default set when $select was not given. */
export function userDefault(u: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of USER_DEFAULT_PROPS) out[k] = u[k] ?? null;
  if (u['@odata.type']) out['@odata.type'] = u['@odata.type'];
  return out;
}

export function groupJson(g: GroupRec): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.group',
    ...clean(g),
    classification: null,
    deletedDateTime: null,
    expirationDateTime: null,
    mail: g.mailEnabled ? `${g.mailNickname}@example.invalid` : null,
    onPremisesSyncEnabled: null,
    proxyAddresses: [],
    renewedDateTime: g.createdDateTime,
    securityIdentifier: `S-1-12-1-${parseInt(g.id.slice(0, 8), 16)}`,
  };
}

/**
 * An administrative unit as a directoryObject list shows it. A caller without AdministrativeUnit.Read.All or
 * Directory.Read.All gets it "with limited information": id and @odata.type, every other property null
 * (https://learn.microsoft.com/graph/api/group-list-memberof, "Limited information returned for inaccessible
 * member objects").
 */
export function administrativeUnitJson(u: AdministrativeUnitRec, full: boolean): Record<string, unknown> {
  const item = {
    '@odata.type': '#microsoft.graph.administrativeUnit',
    id: u.id,
    deletedDateTime: null,
    displayName: u.displayName,
    description: u.description,
    isMemberManagementRestricted: u.isMemberManagementRestricted,
    membershipRule: u.membershipRule,
    membershipRuleProcessingState: u.membershipRuleProcessingState,
    membershipType: u.membershipType,
    visibility: u.visibility,
  };
  if (full) return item;
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, k === 'id' || k === '@odata.type' ? v : null]));
}

export function spJson(sp: ServicePrincipalRec): Record<string, unknown> {
  // createdDateTime is kept for the world, not sent: v1.0 servicePrincipal has no such property (Graph v1.0 metadata).
  const { createdDateTime: _created, ...rest } = clean(sp);
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    ...rest,
    servicePrincipalNames: [sp.appId],
    appRoleAssignmentRequired: false,
    keyCredentials: [],
    passwordCredentials: [],
  };
}

export function directoryObjectJson(w: World, id: string, allUserProperties = false): Record<string, unknown> | null {
  const o = w.directoryObject(id);
  if (!o) return null;
  if (o.type === 'user') return allUserProperties ? userJson(o.obj) : userDefault(userJson(o.obj));
  if (o.type === 'group') return groupJson(o.obj);
  return spJson(o.obj);
}

export function methodJson(w: World, m: AuthMethodRec, owner?: UserRec): Record<string, unknown> {
  switch (m.kind) {
    case 'fido2':
      return {
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
        id: m.id,
        displayName: m.displayName,
        createdDateTime: m.createdDateTime,
        aaGuid: m.aaGuid,
        model: m.model,
        attestationCertificates: m.attestationLevel === 'attested' ? ['b7e4b2d1c9a5f3e8d6c4b2a0f9e7d5c3b1a9f8e6'] : [],
        attestationLevel: m.attestationLevel,
        passkeyType: m.passkeyType ?? 'deviceBound',
      };
    case 'phone':
      return {
        '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
        id: m.id,
        phoneNumber: m.phoneNumber,
        phoneType: m.phoneType,
        smsSignInState: m.smsSignInState,
      };
    case 'microsoftAuthenticator':
      return {
        '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
        id: m.id,
        displayName: m.displayName,
        deviceTag: m.deviceTag,
        phoneAppVersion: '6.8.5',
        createdDateTime: m.createdDateTime,
      };
    case 'email':
      return { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: m.id, emailAddress: m.emailAddress };
    case 'softwareOath':
      return { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: m.id, secretKey: null };
    // v1.0 windowsHelloForBusinessAuthenticationMethod / platformCredentialAuthenticationMethod
    // (https://learn.microsoft.com/graph/api/resources/windowshelloforbusinessauthenticationmethod)
    case 'windowsHelloForBusiness':
      return {
        '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
        id: m.id,
        displayName: m.displayName,
        createdDateTime: m.createdDateTime,
        keyStrength: m.keyStrength,
      };
    case 'platformCredential':
      return {
        '@odata.type': '#microsoft.graph.platformCredentialAuthenticationMethod',
        id: m.id,
        displayName: m.displayName,
        createdDateTime: m.createdDateTime,
        keyStrength: m.keyStrength,
        platform: m.platform,
      };
    // v1.0 qrCodePinAuthenticationMethod / externalAuthenticationMethod (vendored metadata); the PIN and codes
    // are navigation properties, not sent.
    case 'qrCodePin':
      return {
        '@odata.type': '#microsoft.graph.qrCodePinAuthenticationMethod',
        id: m.id,
        createdDateTime: m.createdDateTime,
      };
    case 'external':
      return {
        '@odata.type': '#microsoft.graph.externalAuthenticationMethod',
        id: m.id,
        createdDateTime: m.createdDateTime,
        displayName: m.displayName,
        configurationId: m.configurationId,
      };
    // Beta-only types in /authentication/methods; the stricter reading: they can appear there.
    // https://learn.microsoft.com/graph/api/resources/x509certificateauthenticationmethod?view=graph-rest-beta
    case 'x509Certificate':
      return {
        '@odata.type': '#microsoft.graph.x509CertificateAuthenticationMethod',
        id: m.id,
        displayName: m.displayName,
        createdDateTime: m.createdDateTime,
      };
    // https://learn.microsoft.com/graph/api/resources/hardwareoathauthenticationmethod?view=graph-rest-beta
    case 'hardwareOath':
      return {
        '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod',
        id: m.id,
        displayName: m.displayName,
        createdDateTime: m.createdDateTime,
        device: { serialNumber: m.serialNumber, manufacturer: m.manufacturer },
      };
    case 'temporaryAccessPass':
      return {
        '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
        id: m.id,
        temporaryAccessPass: null,
        createdDateTime: m.createdDateTime,
        startDateTime: m.startDateTime,
        lifetimeInMinutes: m.lifetimeInMinutes,
        isUsableOnce: m.isUsableOnce,
        ...tapUsability(w, m, owner),
      };
  }
}

export function passwordMethodJson(u: UserRec): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
    id: PASSWORD_METHOD_ID,
    password: null,
    createdDateTime: u.lastPasswordChangeDateTime,
  };
}
