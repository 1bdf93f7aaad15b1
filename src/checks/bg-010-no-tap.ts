/** BG-010: no Temporary Access Pass is left on the accounts after enrollment. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'tapMethods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-010',
  title: 'No Temporary Access Pass left on the accounts',
  severity: 'high',
  rationale:
    'A TAP is a bearer credential that satisfies MFA; left on a Global Administrator it is a second, unmonitored way in.',
  source: 'https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.tapMethods.ok)
        return finding(ref, 'error', `could not read Temporary Access Passes: ${readError(a.tapMethods)}`);
      const taps = a.tapMethods.value;
      if (taps.length === 0) return finding(ref, 'pass', 'no Temporary Access Pass');
      const usable = taps.filter((t) => t.isUsable !== false);
      if (usable.length)
        return finding(
          ref,
          'fail',
          `usable Temporary Access Pass (created ${usable.map((t) => t.createdDateTime ?? '?').join(', ')})`,
        );
      return finding(
        ref,
        'warn',
        `expired Temporary Access Pass still registered (${taps.map((t) => t.methodUsabilityReason ?? 'not usable').join(', ')})`,
      );
    });
    return result(check, {
      findings,
      passReason: 'no account has a Temporary Access Pass',
      remediation:
        'Delete the Temporary Access Pass once the FIDO2 key is registered (DELETE /users/{id}/authentication/temporaryAccessPassMethods/{id}).',
    });
  },
};
