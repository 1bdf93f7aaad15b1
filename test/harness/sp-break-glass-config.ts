/**
 * The check configuration the sp-break-glass-* practice scenarios are audited with: the break-glass service
 * principal as its runbook declares it. Shared by the tests that run every check against those scenarios.
 */
import type { CheckConfig } from '../../src/core/check.js';

export const SP_APP: Partial<CheckConfig> = {
  breakGlassApp: '3c9a7e51-2d4b-4f6a-8b1c-9d0e2f3a4b5c',
  breakGlassAppRoles: ['Global Administrator'],
  breakGlassAppPermissions: [],
  // BG-026: User Access Administrator at the tenant root management group, tokens only from BG-App-Vault-Network.
  breakGlassAppAzureRoles: [
    {
      role: 'User Access Administrator',
      scope: '/providers/Microsoft.Management/managementGroups/9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c',
    },
  ],
  breakGlassAppAllowedLocation: '4e7a1c2b-9d3f-4b6a-8e5c-2f1a0b9c8d7e',
};
