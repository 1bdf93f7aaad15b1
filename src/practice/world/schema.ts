/**
 * The scenario file format (YAML) for the practice tenant, as a zod schema.
 *
 * A scenario describes a tenant at a point in time: its directory, policies,
 * authentication methods, monitoring and history. Times are written relative
 * to "now" (`-30d`, `-2h`, `+1d`) so a scenario never goes stale, or as ISO
 * dates. Objects refer to each other by name (UPN, group displayName,
 * workspace name), not by GUID, so scenarios stay readable; GUIDs may be
 * pinned with `id:` where tests need them.
 *
 * docs/practice-scenarios.md documents this format; its JSON Schema is derived
 * from this file with z.toJSONSchema.
 */
import { z } from 'zod';
import { LICENCES } from '../../config/licences.js';

/** `-30d`, `+2h`, `-90m`, `-10s`, `now`, or an ISO 8601 date-time. */
export const TimeRef = z
  .string()
  .regex(
    /^(now|[+-]\d+(\.\d+)?[smhd]|\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)$/,
    'expected a relative time like -30d, -2h, +15m, "now", or an ISO date-time like 2026-01-31T10:00:00Z',
  );

const Guid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'expected a GUID like 00000000-0000-0000-0000-000000000000',
  );

/** ISO 8601 duration as ARM uses them (PT5M, PT1H, P1D). */
const IsoDuration = z
  .string()
  .regex(/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/, 'expected an ISO 8601 duration like PT5M or PT1H');

const Fido2Method = z.strictObject({
  type: z.literal('fido2'),
  id: z.string().optional(),
  displayName: z.string().default('Security key'),
  model: z.string().default('YubiKey 5 NFC'),
  aaGuid: Guid.default('cb69481e-8ff7-4039-93ec-0a2729a154a8'),
  attestationLevel: z.enum(['attested', 'notAttested']).default('attested'),
  /** deviceBound (a security key, Authenticator) or synced (a password manager / platform passkey). */
  passkeyType: z.enum(['deviceBound', 'synced']).default('deviceBound'),
  created: TimeRef.default('-120d'),
});
/** Windows Hello for Business: bound to one Windows device. */
const WindowsHelloMethod = z.strictObject({
  type: z.literal('windowsHelloForBusiness'),
  displayName: z.string().default('LAPTOP-01'),
  keyStrength: z.enum(['normal', 'weak', 'unknown']).default('normal'),
  created: TimeRef.default('-90d'),
});
/** Platform credential for macOS: bound to one Mac. */
const PlatformCredentialMethod = z.strictObject({
  type: z.literal('platformCredential'),
  displayName: z.string().default('MacBook'),
  keyStrength: z.enum(['normal', 'weak', 'unknown']).default('normal'),
  created: TimeRef.default('-90d'),
});
/** Certificate-based authentication (a smart card or a certificate on a device). */
const X509CertificateMethod = z.strictObject({
  type: z.literal('x509Certificate'),
  displayName: z.string().default('Smart card'),
  created: TimeRef.default('-90d'),
});
/** Hardware OATH token (time-based codes from a fob). */
const HardwareOathMethod = z.strictObject({
  type: z.literal('hardwareOath'),
  displayName: z.string().default('OATH token'),
  serialNumber: z.string().default('0000001'),
  manufacturer: z.string().default('Token vendor'),
  created: TimeRef.default('-90d'),
});
/** QR code + PIN sign-in (v1.0 qrCodePinAuthenticationMethod): for frontline workers, a weak method here. */
const QrCodePinMethod = z.strictObject({ type: z.literal('qrCodePin'), created: TimeRef.default('-90d') });
/** A method of an external authentication provider (v1.0 externalAuthenticationMethod). */
const ExternalMethod = z.strictObject({
  type: z.literal('external'),
  displayName: z.string().default('External MFA'),
  configurationId: z.string().default('external-provider'),
  created: TimeRef.default('-90d'),
});
const PhoneMethod = z.strictObject({
  type: z.literal('phone'),
  phoneNumber: z.string(),
  phoneType: z.enum(['mobile', 'alternateMobile', 'office']).default('mobile'),
  smsSignInState: z
    .enum(['notSupported', 'notAllowedByPolicy', 'notEnabled', 'phoneNumberNotUnique', 'ready', 'notConfigured'])
    .default('notEnabled'),
});
const AuthenticatorMethod = z.strictObject({
  type: z.literal('microsoftAuthenticator'),
  displayName: z.string().default('iPhone'),
  deviceTag: z.string().default('SoftwareTokenActivated'),
  created: TimeRef.default('-60d'),
});
const EmailMethod = z.strictObject({ type: z.literal('email'), emailAddress: z.string() });
const SoftwareOathMethod = z.strictObject({ type: z.literal('softwareOath'), secretKey: z.string().optional() });
const TapMethod = z.strictObject({
  type: z.literal('temporaryAccessPass'),
  created: TimeRef.default('-1h'),
  lifetimeInMinutes: z.number().int().min(10).max(43200).default(60),
  isUsableOnce: z.boolean().default(true),
});
export const AuthMethodSpec = z.discriminatedUnion('type', [
  Fido2Method,
  PhoneMethod,
  AuthenticatorMethod,
  EmailMethod,
  SoftwareOathMethod,
  TapMethod,
  WindowsHelloMethod,
  PlatformCredentialMethod,
  X509CertificateMethod,
  HardwareOathMethod,
  QrCodePinMethod,
  ExternalMethod,
]);

const SignInSpec = z.strictObject({
  at: TimeRef,
  method: z.enum(['fido2', 'password', 'passwordAndMfa', 'temporaryAccessPass']).default('fido2'),
  fail: z.boolean().default(false),
  app: z.string().default('Azure Portal'),
  ipAddress: z.string().default('203.0.113.10'),
  city: z.string().default('London'),
  countryOrRegion: z.string().default('GB'),
});

export const UserSpec = z.strictObject({
  upn: z
    .string()
    .describe(
      "UPN; a domain part of `initial` / `custom` (bg-admin-01@initial) is replaced by the tenant's initial / first custom domain",
    ),
  id: Guid.optional(),
  displayName: z.string().optional(),
  accountEnabled: z.boolean().default(true),
  /** Synced from on-premises AD (sets onPremisesImmutableId / onPremisesSyncEnabled). */
  synced: z.boolean().default(false),
  userType: z.enum(['Member', 'Guest']).default('Member'),
  usageLocation: z.string().optional(),
  passwordLastChanged: TimeRef.default('-30d'),
  /** Graph user.passwordPolicies, e.g. "DisablePasswordExpiration" (https://learn.microsoft.com/graph/api/resources/user). */
  passwordPolicies: z.string().optional(),
  forceChangePasswordNextSignIn: z.boolean().default(false),
  /** Active, permanent directory role assignments (role display names). */
  roles: z.array(z.string()).default([]),
  /** PIM-eligible role assignments (role display names). */
  eligibleRoles: z.array(z.string()).default([]),
  /** Active but time-bound (PIM) assignments: ends at `until`. */
  timeBoundRoles: z.array(z.strictObject({ role: z.string(), until: TimeRef })).default([]),
  methods: z.array(AuthMethodSpec).default([]),
  signIns: z.array(SignInSpec).default([]),
  licenses: z.array(z.string()).default([]),
});

const UserSet = z.strictObject({
  users: z.array(z.string()).default([]),
  groups: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
});

export const CaPolicySpec = z.strictObject({
  id: Guid.optional(),
  displayName: z.string(),
  state: z.enum(['enabled', 'disabled', 'enabledForReportingButNotEnforced']),
  created: TimeRef.default('-200d'),
  /** users: ["All"] | UPNs | "GuestsOrExternalUsers"; groups by displayName; roles by display name. */
  include: UserSet.default({ users: ['All'], groups: [], roles: [] }),
  exclude: UserSet.default({ users: [], groups: [], roles: [] }),
  applications: z.array(z.string()).default(['All']),
  /** Resources left out of `applications` (conditionalAccessApplications.excludeApplications): application ids, Office365, MicrosoftAdminPortals. */
  excludeApplications: z.array(z.string()).default([]),
  clientAppTypes: z
    .array(z.enum(['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']))
    .default(['all']),
  signInRiskLevels: z.array(z.enum(['low', 'medium', 'high', 'none'])).default([]),
  userRiskLevels: z.array(z.enum(['low', 'medium', 'high', 'none'])).default([]),
  grant: z
    .strictObject({
      operator: z.enum(['AND', 'OR']).default('OR'),
      builtInControls: z
        .array(
          z.enum([
            'block',
            'mfa',
            'compliantDevice',
            'domainJoinedDevice',
            'approvedApplication',
            'compliantApplication',
            'passwordChange',
            'riskRemediation',
          ]),
        )
        .default([]),
      /**
       * Built-in strength (mfa | passwordlessMfa | phishingResistant), or the displayName or id of one
       * of the scenario's `authenticationStrengths`.
       */
      authenticationStrength: z.string().optional(),
    })
    .optional(),
  session: z.record(z.string(), z.unknown()).optional(),
  /**
   * Workload identities (conditionalAccessClientApplications): service principals by application
   * displayName or object id, or ServicePrincipalsInMyTenant. A policy with these applies to their token
   * requests, not to users (give it `include: { users: [] }`).
   */
  servicePrincipals: z
    .strictObject({ include: z.array(z.string()).default([]), exclude: z.array(z.string()).default([]) })
    .optional(),
  /** Named-location ids or displayNames (of `namedLocations`), or All / AllTrusted (conditionalAccessLocations). */
  locations: z
    .strictObject({ include: z.array(z.string()).default(['All']), exclude: z.array(z.string()).default([]) })
    .optional(),
  /** Device platforms (conditionalAccessPlatforms). */
  platforms: z
    .strictObject({
      include: z.array(z.enum(['all', 'android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'])).default(['all']),
      exclude: z.array(z.enum(['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'])).default([]),
    })
    .optional(),
  /** Filter for devices (conditionalAccessFilter): mode include | exclude and a device rule. */
  deviceFilter: z.strictObject({ mode: z.enum(['include', 'exclude']), rule: z.string() }).optional(),
  /** User actions instead of applications: urn:user:registersecurityinfo, urn:user:registerdevice. */
  userActions: z.array(z.enum(['urn:user:registersecurityinfo', 'urn:user:registerdevice'])).default([]),
  /** Authentication context class references (c1…c99) instead of applications. */
  authenticationContexts: z.array(z.string().regex(/^c([1-9]|[1-9][0-9])$/, 'expected c1 … c99')).default([]),
  /** Guest or external user types included (conditionalAccessGuestsOrExternalUsers.guestOrExternalUserTypes). */
  includeGuestsOrExternalUsers: z
    .array(
      z.enum([
        'internalGuest',
        'b2bCollaborationGuest',
        'b2bCollaborationMember',
        'b2bDirectConnectUser',
        'otherExternalUser',
        'serviceProvider',
      ]),
    )
    .optional(),
});

export const GroupSpec = z.strictObject({
  displayName: z.string(),
  id: Guid.optional(),
  mailNickname: z.string().optional(),
  description: z.string().optional(),
  securityEnabled: z.boolean().default(true),
  mailEnabled: z.boolean().default(false),
  isAssignableToRole: z.boolean().default(false),
  /** A dynamic membership rule makes the group dynamic (groupTypes DynamicMembership). */
  membershipRule: z.string().optional(),
  /** A Microsoft 365 group (groupTypes Unified), not a security or distribution group; it is mail-enabled. */
  unified: z.boolean().default(false),
  /**
   * Who may join (group `visibility`, https://learn.microsoft.com/graph/api/resources/group): Public — "Anyone
   * can join the group without needing owner permission"; Private and HiddenMembership — owner permission is
   * needed. Unset: Public for a Microsoft 365 group, Private for a role-assignable one ("always Private").
   */
  visibility: z.enum(['Public', 'Private', 'HiddenMembership']).optional(),
  /** Member UPNs or group displayNames (nested groups). */
  members: z.array(z.string()).default([]),
  /** Owner UPNs or application displayNames (service principals). */
  owners: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
});

const MethodTarget = z.strictObject({
  /** "all_users" or a group displayName. */
  target: z.string(),
  isRegistrationRequired: z.boolean().default(false),
});
export const AuthMethodsPolicySpec = z.strictObject({
  fido2: z
    .strictObject({
      state: z.enum(['enabled', 'disabled']).default('disabled'),
      isAttestationEnforced: z.boolean().default(false),
      isSelfServiceRegistrationAllowed: z.boolean().default(true),
      keyRestrictions: z
        .strictObject({
          isEnforced: z.boolean().default(false),
          enforcementType: z.enum(['allow', 'block']).default('allow'),
          aaGuids: z.array(Guid).default([]),
        })
        .default({ isEnforced: false, enforcementType: 'allow', aaGuids: [] }),
      includeTargets: z.array(MethodTarget).default([{ target: 'all_users', isRegistrationRequired: false }]),
      excludeTargets: z.array(z.string()).default([]),
    })
    .prefault({}),
  temporaryAccessPass: z
    .strictObject({
      state: z.enum(['enabled', 'disabled']).default('disabled'),
      defaultLifetimeInMinutes: z.number().int().min(10).max(43200).default(60),
      defaultLength: z.number().int().min(8).max(48).default(8),
      minimumLifetimeInMinutes: z.number().int().min(10).max(43200).default(60),
      maximumLifetimeInMinutes: z.number().int().min(10).max(43200).default(480),
      isUsableOnce: z.boolean().default(false),
      includeTargets: z.array(MethodTarget).default([{ target: 'all_users', isRegistrationRequired: false }]),
      excludeTargets: z.array(z.string()).default([]),
    })
    .prefault({}),
  /** Other methods: Sms, Voice, MicrosoftAuthenticator, Email, SoftwareOath, X509Certificate → enabled/disabled. */
  others: z.record(z.string(), z.enum(['enabled', 'disabled'])).default({
    MicrosoftAuthenticator: 'enabled',
    Sms: 'disabled',
    Voice: 'disabled',
    Email: 'enabled',
    SoftwareOath: 'disabled',
    X509Certificate: 'disabled',
  }),
});

export const ApplicationSpec = z.strictObject({
  displayName: z.string(),
  appId: Guid.optional(),
  id: Guid.optional(),
  /** Public client the operator signs in with (delegated scopes). */
  publicClient: z.boolean().default(false),
  /** Delegated scopes the operator consented to for this client (Graph scope names). */
  delegatedScopes: z.array(z.string()).default([]),
  /** Application permissions (Graph app roles) granted with admin consent. */
  appRoles: z.array(z.string()).default([]),
  /** Directory roles held by the service principal (e.g. Global Administrator). */
  directoryRoles: z.array(z.string()).default([]),
  /** PEM certificates (public part only) registered as keyCredentials. */
  certificates: z
    .array(z.strictObject({ displayName: z.string().default('certificate'), pem: z.string() }))
    .default([]),
  /** Client secrets (practice only; never use a real secret here). */
  secrets: z.array(z.string()).default([]),
  /**
   * Workload identity federation: the external identities the app trusts, as Graph's
   * federatedIdentityCredential (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential):
   * issuer and subject (matched exactly, case-sensitive) and audiences (api://AzureADTokenExchange).
   */
  federatedIdentityCredentials: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        issuer: z.string().url(),
        subject: z.string().min(1),
        audiences: z.array(z.string()).min(1).max(1).default(['api://AzureADTokenExchange']),
      }),
    )
    .max(20) // "A maximum of 20 federated identity credentials can be added to an application" (workload-identity-federation-considerations)
    .default([]),
  servicePrincipal: z.boolean().default(true),
  /** Owner UPNs or application displayNames (their service principal): owners can add credentials and act as the app. */
  owners: z.array(z.string()).default([]),
  /**
   * Credentials known only by their metadata (type, name, validity): what Graph shows of an application's
   * keyCredentials / passwordCredentials. Nobody holds a key for them, so nobody can sign in with them.
   */
  credentialMetadata: z
    .array(
      z.strictObject({
        type: z.enum(['certificate', 'secret']),
        displayName: z.string().default('credential'),
        start: TimeRef.default('-30d'),
        end: TimeRef,
      }),
    )
    .default([]),
  /**
   * Azure roles held by the service principal (Azure RBAC role assignments): a built-in role name from
   * src/config/azure-roles.ts, at `subscription` (the scenario's) or a management group (`root` = the tenant
   * root group, or one of monitoring.managementGroups).
   */
  azureRoles: z
    .array(
      z.strictObject({
        role: z.string(),
        scope: z.union([z.literal('subscription'), z.literal('root'), z.string().regex(/^managementGroup:.+$/)]),
      }),
    )
    .default([]),
  /** Past client-credentials sign-ins of the app: its ServicePrincipalSignInLogs history. */
  signIns: z
    .array(
      z.strictObject({
        at: TimeRef,
        fail: z.boolean().default(false),
        resource: z.enum(['graph', 'arm', 'logs']).default('graph'),
      }),
    )
    .default([]),
});

const WorkspaceSpec = z.strictObject({
  name: z.string(),
  resourceGroup: z.string().default('rg-monitoring'),
  customerId: Guid.optional(),
  location: z.string().default('westeurope'),
  sentinel: z.boolean().default(false),
});
const DiagnosticSettingSpec = z.strictObject({
  name: z.string(),
  workspace: z.string(),
  categories: z.array(
    z.enum([
      'SignInLogs',
      'AuditLogs',
      'NonInteractiveUserSignInLogs',
      'ServicePrincipalSignInLogs',
      'ManagedIdentitySignInLogs',
      'ProvisioningLogs',
      'RiskyUsers',
      'UserRiskEvents',
    ]),
  ),
});
const ActionGroupSpec = z.strictObject({
  name: z.string(),
  resourceGroup: z.string().default('rg-monitoring'),
  shortName: z.string().default('bgpage'),
  emails: z.array(z.string()).default([]),
  sms: z.array(z.string()).default([]),
  enabled: z.boolean().default(true),
});
const ScheduledQueryRuleSpec = z.strictObject({
  name: z.string(),
  resourceGroup: z.string().default('rg-monitoring'),
  workspace: z.string(),
  description: z.string().optional(),
  query: z.string(),
  severity: z.number().int().min(0).max(4).default(0),
  enabled: z.boolean().default(true),
  evaluationFrequency: IsoDuration.default('PT5M'),
  windowSize: IsoDuration.default('PT5M'),
  threshold: z.number().default(0),
  operator: z
    .enum(['GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual', 'Equal'])
    .default('GreaterThan'),
  actionGroups: z.array(z.string()).default([]),
});
const SentinelRuleSpec = z.strictObject({
  name: z.string().optional(),
  kind: z.enum(['NRT', 'Scheduled']),
  workspace: z.string(),
  displayName: z.string(),
  description: z.string().optional(),
  query: z.string(),
  severity: z.enum(['High', 'Medium', 'Low', 'Informational']).default('High'),
  enabled: z.boolean().default(true),
  queryFrequency: IsoDuration.default('PT5M'),
  queryPeriod: IsoDuration.default('PT5M'),
  triggerThreshold: z.number().default(0),
  createIncident: z.boolean().default(true),
});

/**
 * Microsoft Sentinel automation rule: when an incident of the named analytics rules is
 * created, run a playbook (Microsoft.SecurityInsights/automationRules).
 */
const AutomationRuleSpec = z.strictObject({
  name: z.string().optional(),
  displayName: z.string(),
  workspace: z.string(),
  enabled: z.boolean().default(true),
  /** Sentinel rule displayNames whose incidents trigger it; empty = every incident. */
  analyticRules: z.array(z.string()).default([]),
  /** Logic App (playbook) resource id the rule runs. */
  playbook: z.string(),
  expires: TimeRef.optional(),
});

export const MonitoringSpec = z.strictObject({
  subscriptionId: Guid.default('11111111-2222-3333-4444-555555555555'),
  /**
   * Management groups besides the tenant root group (whose id is the tenant id), as their ids: scopes an
   * Azure role can be assigned at. They are children of the root; the subscription sits under the root.
   */
  managementGroups: z.array(z.string().regex(/^[A-Za-z0-9._()-]{1,90}$/, 'a management group id')).default([]),
  workspaces: z.array(WorkspaceSpec).default([]),
  diagnosticSettings: z.array(DiagnosticSettingSpec).default([]),
  actionGroups: z.array(ActionGroupSpec).default([]),
  scheduledQueryRules: z.array(ScheduledQueryRuleSpec).default([]),
  sentinelRules: z.array(SentinelRuleSpec).default([]),
  automationRules: z.array(AutomationRuleSpec).default([]),
});

export const AccessReviewSpec = z.strictObject({
  displayName: z.string(),
  group: z.string(),
  reviewers: z.array(z.string()).default([]),
  recurrence: z.enum(['weekly', 'monthly', 'quarterly', 'semiAnnual', 'annual', 'once']).default('monthly'),
  /** defaultDecisionEnabled + defaultDecision Approve = auto-approve. */
  autoApprove: z.boolean().default(false),
  autoApplyDecisionsEnabled: z.boolean().default(false),
  status: z.enum(['InProgress', 'NotStarted', 'Completed']).default('InProgress'),
});

const AuditEventSpec = z.strictObject({
  at: TimeRef,
  activity: z.string().describe('e.g. "Add member to group", "Add member to role"'),
  category: z.string().default('GroupManagement'),
  initiatedBy: z.string().describe('UPN or app displayName'),
  target: z.string().describe('UPN, group or role display name'),
  targetType: z.enum(['User', 'Group', 'Role', 'Policy', 'Application']).default('User'),
  /** The group or role the target was added to (goes into modifiedProperties). */
  via: z.string().optional(),
  /**
   * The operationType Entra logs (https://learn.microsoft.com/graph/api/resources/directoryaudit). Optional for an
   * activity the practice tenant knows (./audit-operation-types.ts, whose OPERATION_TYPES a test keeps equal to
   * this list; written out here so the schema imports nothing more); required for any other.
   */
  operationType: z
    .enum(['Add', 'Assign', 'Update', 'Unassign', 'Delete'])
    .optional()
    .describe('Add, Assign, Update, Unassign or Delete; defaults to what Entra logs for a known activity'),
});

/**
 * An administrative unit. `restrictedManagement` makes it a restricted management unit: only roles
 * assigned at its scope can change its members
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management).
 */
const AdministrativeUnitSpec = z.strictObject({
  id: Guid.optional(),
  displayName: z.string(),
  description: z.string().optional(),
  restrictedManagement: z.boolean().default(false),
  /** Member UPNs or group displayNames. */
  members: z.array(z.string()).default([]),
  /** Roles assigned at the unit's scope: a directory role by name, held by a user (UPN) or an application (displayName). */
  scopedRoleMembers: z.array(z.strictObject({ role: z.string(), principal: z.string() })).default([]),
});

/**
 * A custom authentication strength (authenticationStrengthPolicy, policyType custom:
 * https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy). Each combination is a
 * comma-separated set of authenticationMethodModes members; the world refuses one that is not in the
 * vendored Graph metadata's enum.
 */
const AuthStrengthSpec = z.strictObject({
  id: Guid.optional(),
  displayName: z.string(),
  description: z.string().optional(),
  allowedCombinations: z.array(z.string()).min(1),
});

export const ScenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  tenant: z.strictObject({
    id: Guid.optional(),
    displayName: z.string().default('Contoso Practice'),
    /** The initial *.onmicrosoft.com domain. */
    initialDomain: z.string().regex(/\.onmicrosoft\.com$/i, 'the initial domain must end in .onmicrosoft.com'),
    customDomains: z
      .array(
        z.strictObject({
          name: z.string(),
          authenticationType: z.enum(['Managed', 'Federated']).default('Managed'),
          isDefault: z.boolean().default(false),
        }),
      )
      .default([]),
    securityDefaults: z.boolean().default(false),
    /**
     * Licences the tenant holds: P1 (Conditional Access, sign-in logs, role-assignable groups,
     * log export), P2 (adds PIM and access reviews), governance (Entra ID Governance),
     * workload-identities. They decide what licensed features answer (docs/permissions.md).
     * Default when neither this nor `premium` is given: P1 and P2.
     */
    licences: z.array(z.enum(LICENCES)).optional(),
    /** Older spelling: none | P1 | P2 (P2 = P1 and P2). Ignored when `licences` is given. */
    premium: z.enum(['none', 'P1', 'P2']).optional(),
    createdDateTime: TimeRef.default('-800d'),
  }),
  /** The person who signs in to breakglass (delegated flows). */
  operator: z.strictObject({ upn: z.string() }),
  users: z.array(UserSpec).default([]),
  groups: z.array(GroupSpec).default([]),
  administrativeUnits: z.array(AdministrativeUnitSpec).default([]),
  /**
   * IP named locations (ipNamedLocation: https://learn.microsoft.com/graph/api/resources/ipnamedlocation)
   * Conditional Access policies name in their location condition.
   */
  namedLocations: z
    .array(
      z.strictObject({
        id: Guid.optional(),
        displayName: z.string(),
        ipRanges: z
          .array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 CIDR range such as 198.51.100.0/24'))
          .min(1),
        isTrusted: z.boolean().default(false),
      }),
    )
    .default([]),
  conditionalAccess: z.array(CaPolicySpec).default([]),
  /** Custom authentication strengths a Conditional Access grant can name. */
  authenticationStrengths: z.array(AuthStrengthSpec).default([]),
  authenticationMethods: AuthMethodsPolicySpec.prefault({}),
  applications: z.array(ApplicationSpec).default([]),
  monitoring: MonitoringSpec.prefault({}),
  accessReviews: z.array(AccessReviewSpec).default([]),
  /**
   * The break-glass set-up the tenant's owner declares — what a per-tenant
   * declaration file (`check --config`, docs/declaration.md) would hold. For a
   * drifted scenario it is what was intended, so the checks judge the tenant
   * against it. `breakglass check --scenario NAME` uses it when no accounts
   * are given. Absent in a tenant that has no break-glass accounts yet.
   */
  breakGlass: z
    .strictObject({
      accounts: z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, 'a user principal name')).min(1),
      group: z.string().optional(),
      workspace: z.string().optional(),
      /** appId of the emergency application, or "none". */
      emergencyApp: z.string().optional(),
    })
    .optional(),
  auditEvents: z.array(AuditEventSpec).default([]),
  simulation: z
    .strictObject({
      /** Simulated seconds between a sign-in and its appearance in logs (Entra: typically 2–5 minutes). */
      ingestionDelaySeconds: z.number().min(0).default(120),
      /**
       * The address the token endpoint sees for client-credentials (workload identity) requests, which
       * Conditional Access for workload identities judges against named locations. Default 127.0.0.1.
       */
      servicePrincipalSignInIp: z
        .string()
        .regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address')
        .default('127.0.0.1'),
    })
    .default({ ingestionDelaySeconds: 120, servicePrincipalSignInIp: '127.0.0.1' }),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type UserSpecT = z.output<typeof UserSpec>;
export type AuthMethodSpecT = z.output<typeof AuthMethodSpec>;
export type CaPolicySpecT = z.output<typeof CaPolicySpec>;
export type GroupSpecT = z.output<typeof GroupSpec>;
export type ApplicationSpecT = z.output<typeof ApplicationSpec>;

/** JSON Schema for editors and docs/practice-scenarios.md. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input' });
}
