/** The built-in actions, one file each; the catalogue (src/steps/catalog.ts) lists them. */
import type { AnyAction } from '../core/catalog.js';
import { action as createBreakGlassUser } from './users/create-break-glass-user.js';
import { action as setPassword } from './users/set-password.js';
import { action as assignGlobalAdmin } from './roles/assign-global-admin.js';
import { action as createGroup } from './groups/create-group.js';
import { action as addMembers } from './groups/add-members.js';
import { action as addOwner } from './groups/add-owner.js';
import { action as addMemberById } from './groups/add-member-by-id.js';
import { action as enableMethod } from './authmethods/enable-method.js';
import { action as createTap } from './authmethods/create-tap.js';
import { action as deleteTap } from './authmethods/delete-tap.js';
import { action as limitMethodToGroup } from './authmethods/limit-to-group.js';
import { action as restoreMethod } from './authmethods/restore-method.js';
import { action as disablePasswordExpiration } from './users/disable-password-expiration.js';
import { action as addExclusion } from './ca/add-exclusion.js';
import { action as removeExclusion } from './ca/remove-exclusion.js';
import { action as entraDiagnostics } from './monitoring/diagnostic-settings.js';
import { action as actionGroup } from './monitoring/action-group.js';
import { action as alertRule } from './monitoring/alert-rule.js';
import { action as accessReview } from './governance/access-review.js';
import { action as createEmergencyApp } from './apps/create-emergency-app.js';
import { action as addCertificate } from './apps/add-certificate.js';
import { action as grantConsent } from './apps/grant-consent.js';
import { action as removeCredential } from './apps/remove-credential.js';
import { action as createBreakGlassApp } from './apps/create-break-glass-app.js';
import { action as assignRoleToServicePrincipal } from './roles/assign-to-service-principal.js';
import { action as removeAppOwners } from './apps/remove-owners.js';
import { action as addAppSecret } from './apps/add-secret.js';
import { action as assignAzureRole } from './azure/assign-role-to-service-principal.js';
import { action as createWorkloadIdentityPolicy } from './ca/create-workload-identity-policy.js';

/** Every built-in action, in the order `breakglass` lists them. */
export const BUILT_IN_ACTIONS: readonly AnyAction[] = [
  createBreakGlassUser,
  setPassword,
  assignGlobalAdmin,
  createGroup,
  addMembers,
  addOwner,
  addMemberById,
  enableMethod,
  createTap,
  deleteTap,
  limitMethodToGroup,
  restoreMethod,
  disablePasswordExpiration,
  addExclusion,
  removeExclusion,
  entraDiagnostics,
  actionGroup,
  alertRule,
  accessReview,
  createEmergencyApp,
  addCertificate,
  grantConsent,
  removeCredential,
  createBreakGlassApp,
  assignRoleToServicePrincipal,
  removeAppOwners,
  addAppSecret,
  assignAzureRole,
  createWorkloadIdentityPolicy,
];
