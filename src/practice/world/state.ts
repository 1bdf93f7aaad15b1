/**
 * The practice tenant's state. Records are stored close to the shape Graph
 * and ARM return, so routes hand them out with little translation; fields
 * Microsoft never returns (hashes of passes, internal flags) live under
 * names starting with `_` and are stripped by the routes' serializers.
 */

export interface UserRec {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mailNickname: string;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  onPremisesImmutableId: string | null;
  onPremisesSyncEnabled: boolean | null;
  usageLocation: string | null;
  createdDateTime: string;
  lastPasswordChangeDateTime: string;
  passwordPolicies: string | null;
  signInActivity: {
    lastSignInDateTime: string | null;
    lastSuccessfulSignInDateTime: string | null;
    lastNonInteractiveSignInDateTime: string | null;
  };
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  _forceChangePasswordNextSignIn: boolean;
  _methods: AuthMethodRec[];
}

export type AuthMethodRec =
  /** passkeyType: deviceBound | synced (graph.passkeyType, Graph v1.0 fido2AuthenticationMethod). */
  | {
      kind: 'fido2';
      id: string;
      displayName: string;
      model: string;
      aaGuid: string;
      attestationLevel: string;
      createdDateTime: string;
      passkeyType?: string;
    }
  | { kind: 'windowsHelloForBusiness'; id: string; displayName: string; keyStrength: string; createdDateTime: string }
  | {
      kind: 'platformCredential';
      id: string;
      displayName: string;
      keyStrength: string;
      platform: string;
      createdDateTime: string;
    }
  | { kind: 'x509Certificate'; id: string; displayName: string; createdDateTime: string }
  | { kind: 'qrCodePin'; id: string; createdDateTime: string }
  | { kind: 'external'; id: string; displayName: string; configurationId: string; createdDateTime: string }
  | {
      kind: 'hardwareOath';
      id: string;
      displayName: string;
      serialNumber: string;
      manufacturer: string;
      createdDateTime: string;
    }
  | { kind: 'phone'; id: string; phoneNumber: string; phoneType: string; smsSignInState: string }
  | { kind: 'microsoftAuthenticator'; id: string; displayName: string; deviceTag: string; createdDateTime: string }
  | { kind: 'email'; id: string; emailAddress: string }
  | { kind: 'softwareOath'; id: string; secretKey: string | null }
  | {
      kind: 'temporaryAccessPass';
      id: string;
      createdDateTime: string;
      startDateTime: string;
      lifetimeInMinutes: number;
      isUsableOnce: boolean;
      /** sha256 of the pass: the plain pass is returned once at creation and never kept. */
      _passHash: string | null;
      _used: boolean;
    };

export interface GroupRec {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  membershipRule: string | null;
  membershipRuleProcessingState: string | null;
  isAssignableToRole: boolean | null;
  visibility: string | null;
  createdDateTime: string;
  _members: string[];
  _owners: string[];
}

/**
 * An administrative unit (https://learn.microsoft.com/graph/api/resources/administrativeunit). A
 * restricted management one (isMemberManagementRestricted) shields its members from every administrator
 * not assigned a role at its scope — Global Administrators included
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management).
 */
export interface AdministrativeUnitRec {
  id: string;
  displayName: string;
  description: string | null;
  isMemberManagementRestricted: boolean;
  visibility: string | null;
  membershipType: string | null;
  membershipRule: string | null;
  membershipRuleProcessingState: string | null;
  /** User and group ids. */
  _members: string[];
  /** Roles assigned at this unit's scope (scopedRoleMembership): role template id → principal id. */
  _scoped: { id: string; roleId: string; principalId: string }[];
}

export interface RoleAssignmentRec {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  createdDateTime: string;
  /** null = permanent. */
  endDateTime: string | null;
}

export interface RoleEligibilityRec {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  status: string;
  memberType: string;
  createdDateTime: string;
  scheduleInfo: {
    startDateTime: string;
    expiration: {
      type: 'noExpiration' | 'afterDateTime' | 'afterDuration';
      endDateTime: string | null;
      duration: string | null;
    };
  };
}

export interface ApplicationRec {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  createdDateTime: string;
  isFallbackPublicClient: boolean;
  requiredResourceAccess: unknown[];
  keyCredentials: {
    keyId: string;
    displayName: string;
    type: string;
    usage: string;
    startDateTime: string;
    endDateTime: string;
    customKeyIdentifier: string;
    /** Absent for a credential known only by its metadata (a scenario's credentialMetadata): nobody can sign in with it. */
    _pem?: string;
    _thumbprintSha256?: string;
  }[];
  passwordCredentials: {
    keyId: string;
    displayName: string;
    hint: string;
    startDateTime: string;
    endDateTime: string;
    _secret: string;
  }[];
  _delegatedScopes: string[];
  /** federatedIdentityCredentials (Graph: application/federatedIdentityCredentials): name, issuer, subject, audiences. */
  _federatedIdentityCredentials?: { name: string; issuer: string; subject: string; audiences: string[] }[];
  /** Owner object ids (users or service principals): owners can add credentials and act as the app. */
  _owners?: string[];
}

export interface ServicePrincipalRec {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: string;
  accountEnabled: boolean;
  appRoles: {
    id: string;
    value: string;
    displayName: string;
    allowedMemberTypes: string[];
    isEnabled: boolean;
    description: string;
  }[];
  createdDateTime: string;
  /** Owner object ids: owners of the service principal can manage it, like the application's owners. */
  _owners?: string[];
}

export interface AppRoleAssignmentRec {
  id: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  appRoleId: string;
  createdDateTime: string;
}

/** A sign-in attempt, the single source for Graph signIns and Log Analytics SigninLogs rows. */
export interface SignInRec {
  id: string;
  at: number;
  /** Simulated time the record becomes visible in logs. */
  ingestAt: number;
  ingested: boolean;
  userId: string;
  userPrincipalName: string;
  userDisplayName: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  city: string;
  countryOrRegion: string;
  clientAppUsed: string;
  isInteractive: boolean;
  errorCode: number;
  failureReason: string;
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  appliedConditionalAccessPolicies: {
    id: string;
    displayName: string;
    enforcedGrantControls: string[];
    enforcedSessionControls: string[];
    result: string;
  }[];
  authenticationDetails: {
    authenticationStepDateTime: string;
    authenticationMethod: string;
    authenticationMethodDetail: string;
    succeeded: boolean;
    authenticationStepResultDetail: string;
    authenticationStepRequirement: string;
  }[];
  authenticationRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
}

/** A service principal (app-only) sign-in: the token endpoint's client-credentials grants (a break-glass service principal's sign-ins are what monitoring watches). */
export interface SpSignInRec {
  id: string;
  at: number;
  ingestAt: number;
  ingested: boolean;
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  credentialType: 'clientSecret' | 'clientAssertion' | 'certificate' | 'none';
  credentialKeyId: string;
  /** SHA-1 thumbprint of the certificate presented ('' for a secret or when unknown). Optional: older saved worlds lack it. */
  credentialThumbprint?: string;
  resourceAppId: string;
  resourceDisplayName: string;
  ipAddress: string;
  errorCode: number;
  failureReason: string;
}

export interface AuditRec {
  id: string;
  at: number;
  ingestAt: number;
  ingested: boolean;
  category: string;
  activityDisplayName: string;
  operationType: string;
  result: 'success' | 'failure';
  initiatedBy: {
    user: { id: string; userPrincipalName: string; displayName: string } | null;
    app: { appId: string; displayName: string; servicePrincipalId: string } | null;
  };
  targetResources: {
    id: string;
    displayName: string;
    type: string;
    userPrincipalName: string | null;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
}

/** An ARM resource as ARM returns it. */
/** An IP named location (ipNamedLocation) a Conditional Access policy names by id (./workload-ca.ts). */
export interface NamedLocationRec {
  id: string;
  displayName: string;
  ipRanges: string[];
  isTrusted: boolean;
}

export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  kind?: string;
  etag?: string;
  properties: Record<string, unknown>;
  [k: string]: unknown;
}

/** Who performed a mutation (from the verified token). */
export interface Actor {
  kind: 'user' | 'app' | 'system';
  id: string;
  name: string;
  appId?: string;
}

export interface MutationRec {
  at: string;
  actor: string;
  operation: string;
  target: string;
}

/** An alert or incident notification "sent" through an action group (drills assert the page arrived). */
export interface NotificationRec {
  at: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  ruleId: string;
}
