/** BG-014: the passphrase was rotated within 180 days and after the account's last use. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { newest, succeeded, usedPassword } from './signin-log.js';
import { acctRef, day, daysSince, errorResult, finding, NO_ACCOUNTS, nowOf, perAccount, result } from './result.js';
import { licenceGate, needsReason } from './licences.js';

const reads = ['users', 'signInActivity', 'signIns', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-014',
  title: 'Passphrase rotated within 180 days and after every use',
  severity: 'medium',
  rationale:
    'Once envelopes are opened the passphrase is known to more people; rotate it after any real or test use, and at least every 90–180 days.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#validate-accounts-regularly; https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const maxAge = config.rotationMaxAgeDays ?? 180;
    const now = nowOf(config);
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      const changed = u.lastPasswordChangeDateTime;
      if (!changed) return finding(ref, 'error', 'the tenant reports no lastPasswordChangeDateTime');
      const age = Math.floor(daysSince(changed, now));
      if (age > maxAge)
        return finding(ref, 'fail', `passphrase last changed ${day(changed)} (${age} days ago, limit ${maxAge})`);
      const after = (iso: string) => Date.parse(iso) > Date.parse(changed);
      if (a.signIns.ok) {
        // The sign-in log says which method was used: only a password sign-in exposes the passphrase.
        const used = newest(a.signIns.value, (x) => succeeded(x) && usedPassword(x) && after(x.createdDateTime));
        if (used)
          return finding(
            ref,
            'warn',
            `passphrase used to sign in ${day(used.createdDateTime)}${used.appDisplayName ? ` (${used.appDisplayName})` : ''}, after the last rotation ${day(changed)} — rotate it`,
          );
        return finding(ref, 'pass', `passphrase changed ${day(changed)} (${age} days ago); no password sign-in since`);
      }
      const last = a.signInActivity.ok ? a.signInActivity.value?.lastSuccessfulSignInDateTime : undefined;
      if (last && after(last))
        return finding(
          ref,
          'warn',
          `signed in ${day(last)}, after the last rotation ${day(changed)}; the sign-in log could not be read to tell whether the passphrase was used (${a.signIns.error})`,
        );
      if (!a.signInActivity.ok) {
        const gate = licenceGate(snap, 'P1', [a.signInActivity, a.signIns]);
        if (gate.kind === 'missing')
          return finding(
            ref,
            'warn',
            `passphrase changed ${day(changed)} (${age} days ago); whether it was used since is not visible: sign-in data ${needsReason('P1', 'sign-in logs and signInActivity', gate.how)}`,
          );
        return finding(
          ref,
          'warn',
          `passphrase changed ${day(changed)} (${age} days ago); use since rotation unknown (sign-in data unreadable)`,
        );
      }
      return finding(ref, 'pass', `passphrase changed ${day(changed)} (${age} days ago); no sign-in since`);
    });
    return result(check, {
      findings,
      passReason: `every passphrase is younger than ${maxAge} days and unused since`,
      remediation: 'Run the rotation runbook: set a new passphrase, re-split it and re-seal the envelopes.',
    });
  },
};
