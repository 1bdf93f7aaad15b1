/**
 * Prowler has no setting that declares emergency-access accounts: its
 * configuration (prowler/config/config.yaml, `m365:`) holds none, and its
 * checks infer break-glass accounts as "excluded from every enabled
 * Conditional Access policy" (entra_emergency_access_exclusion,
 * entra_break_glass_account_fido2_security_key_registered,
 * entra_conditional_access_policy_no_exclusion_gaps). Its only lever is the
 * Mutelist, which matches findings by resource *display name* (not object id)
 * and, for the Conditional Access checks, one aggregate resource for all
 * policies: muting would hide real drift. So `--to prowler` writes nothing
 * and explains why.
 */
import type { ExportTarget } from './target.js';

export const prowler: ExportTarget = {
  id: 'prowler',
  tool: 'Prowler',
  docs: [
    'https://github.com/prowler-cloud/prowler/blob/master/prowler/config/config.yaml',
    'https://docs.prowler.com/user-guide/cli/tutorials/mutelist',
  ],
  fileName: () => 'prowler-breakglass.txt',
  unsupported: {
    what: 'Prowler has no setting to declare emergency-access accounts, so nothing was written',
    cause:
      'its configuration file has no such key (prowler/config/config.yaml, m365 section) and its break-glass checks ' +
      '(entra_emergency_access_exclusion, entra_break_glass_account_fido2_security_key_registered, ' +
      'entra_conditional_access_policy_no_exclusion_gaps) infer the accounts as "excluded from every enabled Conditional Access policy". ' +
      'Its Mutelist (https://docs.prowler.com/user-guide/cli/tutorials/mutelist) matches display names, not object ids, and the ' +
      'Conditional Access checks report one resource for all policies, so a mute would hide real drift',
    todo:
      "Keep the break-glass accounts excluded from every enabled Conditional Access policy (BG-007 checks it) and Prowler's heuristic finds them; " +
      'see docs/exports.md#prowler',
  },
  render() {
    throw new Error('prowler: unsupported target rendered');
  },
};
