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
