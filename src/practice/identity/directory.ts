/**
 * What the identity endpoints need from the practice World (C2's
 * src/practice/world): the tenant's identity directory. Declared here as a
 * structural interface so identity code depends on the shape, not on the
 * world's implementation (tests pass a small in-test object).
 */
export interface PracticeApplication {
  appId: string;
  displayName: string;
  /** Plain values of the app's client secrets (the ones valid now, when `secretCredentials` is absent). */
  secrets: string[];
  /**
   * Every client secret with its keyId and validity (ms), expired ones included, so the token
   * endpoint can say "expired" and the sign-in log can name the key used. Optional: without it,
   * `secrets` is all there is.
   */
  secretCredentials?: { keyId: string; value: string; startMs: number; endMs: number }[];
  /**
   * Registered certificates (public part only). thumbprintSha256 is hex. keyId and validity (ms, the
   * keyCredential's startDateTime/endDateTime) when known: the token endpoint refuses a certificate
   * outside them, and the sign-in log names the keyId used.
   */
  certificates: { thumbprintSha256: string; pem: string; keyId?: string; startMs?: number; endMs?: number }[];
  /** Granted application permissions (app roles), e.g. "Policy.Read.All". */
  appRoles: string[];
  /**
   * Template ids of the Microsoft Entra roles the app's service principal holds actively, tenant-wide:
   * the `wids` claim of its app-only tokens (Array of RoleTemplateID GUIDs,
   * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
   */
  directoryRoleIds?: string[];
  /** Trusted external identities (workload identity federation), as Graph's federatedIdentityCredential. */
  federatedIdentityCredentials?: import('./federated-credential.js').FederatedIdentityCredential[];
  /** Object id of the app's service principal in this tenant (the `oid` of app-only tokens). */
  servicePrincipalId?: string;
  /** "Allow public client flows": only then may the app use the device code flow. Undefined = allowed. */
  isPublicClient?: boolean;
  /**
   * Redirect URIs registered for the authorization-code flow. Undefined = Entra's
   * desktop default for a public client (http://localhost, any port), none otherwise.
   */
  redirectUris?: string[];
}

export interface DelegatedSignIn {
  oid: string;
  upn: string;
  /** Granted delegated permissions, e.g. "Policy.Read.All". */
  scopes: string[];
  displayName?: string;
  /** Signed in with a password alone: the tokens say so (amr ["pwd"], no "mfa"). */
  passwordOnly?: boolean;
}

export interface IdentityDirectory {
  tenantId: string;
  initialDomain: string;
  findApplication(clientId: string): PracticeApplication | undefined;
  /** Who signs in when a device code for this (public) client is approved; undefined if the client is unknown. */
  delegatedSignIn(clientId: string): DelegatedSignIn | undefined;
  /**
   * A user by UPN or object id (C2's World has it). Lets a device code be
   * approved as someone other than the operator — e.g. the break-glass account.
   * Optional: without it only the operator can sign in.
   */
  user?(idOrUpn: string): DirectoryUser | undefined;
  /**
   * Records a service-principal sign-in (AADServicePrincipalSignInLogs), success or failure, so
   * monitoring of an emergency application can be drilled. Optional.
   */
  /**
   * The enforced Conditional Access policy for workload identities that blocks a client-credentials
   * token request of this app, if any. Optional: without it no policy applies.
   */
  workloadConditionalAccess?(appId: string): { id: string; displayName: string } | undefined;
  /** The tenant's "now" in ms (the practice world's simulated clock); default Date.now(). */
  nowMs?(): number;
  recordServicePrincipalSignIn?(args: {
    appId: string;
    credentialType?: 'clientSecret' | 'clientAssertion' | 'certificate' | 'none';
    /** keyCredentials / passwordCredentials keyId of the credential the client presented, when known. */
    credentialKeyId?: string;
    /** SHA-1 thumbprint (upper-case hex) of the certificate presented, when a certificate was used. */
    credentialThumbprint?: string;
    resource?: 'graph' | 'logs' | 'arm';
    fail?: boolean;
    errorCode?: number;
    failureReason?: string;
  }): unknown;
}

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
}
