/**
 * Microsoft's mandatory MFA for Azure, as the practice tenant enforces it.
 *
 * Source: https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication
 * - Phase 1: "MFA is required for accounts that sign in to the Azure portal, Microsoft Entra admin
 *   center, and Microsoft Intune admin center to perform any Create, Read, Update, or Delete (CRUD)
 *   operation" — all three share app id c44b4083-3bb0-49c1-b47d-974e53cbdf3c (the page's table).
 * - Phase 2: Azure CLI, Azure PowerShell, the Azure mobile app, IaC tools and REST (ARM control
 *   plane) "to perform any Create, Update, or Delete operation. Read operations won't require MFA."
 * - "Mandatory MFA isn't configurable. It's implemented separately from any access policies
 *   configured in the tenant" and applies "regardless of … any user exclusions": a Conditional
 *   Access exclusion does not lift it. "Break glass or emergency access accounts are also required
 *   to sign in with MFA."
 * - "Workload identities, such as managed identities and service principals, aren't impacted":
 *   only user sign-ins are checked here, never client credentials.
 * - Phase 2 in the practice tenant: an ARM create, update or delete (PUT, PATCH, DELETE) with a user
 *   token whose amr claim has no "mfa" is refused, from any client (the page names Azure CLI,
 *   PowerShell, the mobile app and IaC tools; REST through the same control plane is held to the
 *   same rule here — the stricter reading). Reads (GET) pass; POST actions are not resource writes.
 *   The page documents no error for phase 2. Microsoft's way to apply the same rule ahead of it is
 *   the built-in Azure Policy "[Preview]: Users must authenticate with multifactor authentication to
 *   create or update resources" (4e6c27d5-a6ee-49cf-b2b4-d8fe90fa2b8b, and db4a9d17-db75-4f46-9fcb-9f9526604417
 *   for deletes) with a deny effect (https://learn.microsoft.com/azure/governance/policy/tutorials/mfa-enforcement);
 *   a deny answers 403 RequestDisallowedByPolicy
 *   (https://learn.microsoft.com/azure/governance/policy/concepts/effect-deny,
 *   https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-policy-requestdisallowedbypolicy).
 *   That is the answer modelled; its message wording is ours.
 * - "Microsoft enforces mandatory MFA only in the public Azure cloud": the practice tenant is a
 *   public-cloud tenant.
 * Both postponement windows (phase 1 to 2025-09-30, phase 2 to 2026-07-01) have passed, so the
 * practice tenant models enforcement as on, with no opt-out.
 *
 * The page documents no error code (UNSETTLED). Microsoft's Azure CLI page shows a password-only
 * `az login` that needs MFA failing with AADSTS50076
 * (https://learn.microsoft.com/cli/azure/authenticate-azure-cli-mfa), and the error-code reference
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes) defines
 * 50076 UserStrongAuthClientAuthNRequired ("the user must use multifactor authentication to access
 * the resource") and 50079 UserStrongAuthEnrollmentRequired ("a managed user needs to register
 * security info"). Stricter reading, modelled here: 50079 when the user has no MFA-capable method
 * registered at all, 50076 otherwise.
 */

/** Azure portal, Microsoft Entra admin center and Microsoft Intune admin center (phase 1, every operation). */
export const ADMIN_PORTALS_APP_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

/** Phase 2 clients (create/update/delete through Azure Resource Manager). */
export const AZURE_MANAGEMENT_CLIENT_IDS: Readonly<Record<string, string>> = {
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Azure PowerShell',
  '0c1307d4-29d6-4389-a11c-5cbe7f65d7fa': 'Azure mobile app',
};

/** Is a user sign-in to this app in scope of mandatory MFA for every operation (phase 1)? */
export function isAdminPortal(appId: string): boolean {
  return appId.toLowerCase() === ADMIN_PORTALS_APP_ID;
}

/** A method that completes MFA on its own or as a second factor (a password alone does not). */
export function completesMfa(method: string): boolean {
  return method !== 'password';
}

export interface MandatoryMfaFailure {
  errorCode: 50076 | 50079;
  failureReason: string;
}

/**
 * The documented failure for a password-only user sign-in that mandatory MFA stops; undefined
 * when the sign-in completed MFA. `hasMfaMethod`: the user has any registered method that can
 * complete MFA (FIDO2 key, Authenticator, phone, OATH, TAP…), which decides 50076 versus 50079.
 */
export function mandatoryMfaFailure(method: string, hasMfaMethod: boolean): MandatoryMfaFailure | undefined {
  if (completesMfa(method)) return undefined;
  if (!hasMfaMethod) {
    return {
      errorCode: 50079,
      failureReason:
        'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access this resource. (Mandatory MFA: the account has no MFA method registered.)',
    };
  }
  return {
    errorCode: 50076,
    failureReason:
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource. (Mandatory MFA for the Azure portal, Microsoft Entra admin center and Intune admin center applies to every user, emergency-access accounts included; Conditional Access exclusions do not lift it.)',
  };
}

/** ARM methods that create, update or delete a resource (phase 2 of mandatory MFA). */
const ARM_WRITES = new Set(['PUT', 'PATCH', 'DELETE']);

/** Built-in Azure Policy definitions that hold ARM writes to MFA (see the header). */
export const MFA_POLICY_DEFINITIONS = {
  write: {
    id: '/providers/Microsoft.Authorization/policyDefinitions/4e6c27d5-a6ee-49cf-b2b4-d8fe90fa2b8b',
    name: '[Preview]: Users must authenticate with multifactor authentication to create or update resources',
  },
  delete: {
    id: '/providers/Microsoft.Authorization/policyDefinitions/db4a9d17-db75-4f46-9fcb-9f9526604417',
    name: '[Preview]: Users must authenticate with multifactor authentication to delete resources',
  },
} as const;

/**
 * The policy definition that refuses this ARM request under mandatory MFA phase 2, or undefined
 * when it may proceed: app-only tokens (workload identities) and tokens whose amr has "mfa" pass,
 * and so does every read.
 */
export function armWriteWithoutMfa(
  method: string,
  claims: { idtyp?: string; amr?: string[] },
): (typeof MFA_POLICY_DEFINITIONS)[keyof typeof MFA_POLICY_DEFINITIONS] | undefined {
  const m = method.toUpperCase();
  if (!ARM_WRITES.has(m) || claims.idtyp !== 'user') return undefined;
  if ((claims.amr ?? []).includes('mfa')) return undefined;
  return m === 'DELETE' ? MFA_POLICY_DEFINITIONS.delete : MFA_POLICY_DEFINITIONS.write;
}
