/** BG-014: the passphrase was rotated within 180 days and after the account's last use. */
import type { CheckDefinition } from './types.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, day, daysSince, errorResult, finding, NO_ACCOUNTS, nowOf, perAccount, result } from './result.js';

const reads = ['users', 'signInActivity'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-014',
  title: 'Passphrase rotated within 180 days and after every use',
  severity: 'medium',
  rationale: 'Once envelopes are opened the passphrase is known to more people; rotate it after any real or test use, and at least every 90–180 days.',
  source: 'seed 003 §6',
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
      if (age > maxAge) return finding(ref, 'fail', `passphrase last changed ${day(changed)} (${age} days ago, limit ${maxAge})`);
      const last = a.signInActivity.ok ? a.signInActivity.value?.lastSuccessfulSignInDateTime : undefined;
      if (last && Date.parse(last) > Date.parse(changed))
        return finding(ref, 'warn', `signed in ${day(last)}, after the last rotation ${day(changed)} — rotate if the passphrase was used`);
      const note = a.signInActivity.ok ? '' : ' (sign-in activity unreadable, so use since rotation is unknown)';
      return finding(ref, note ? 'warn' : 'pass', `passphrase changed ${day(changed)} (${age} days ago)${note}`);
    });
    return result(check, {
      findings,
      passReason: `every passphrase is younger than ${maxAge} days and unused since`,
      remediation: 'Run the rotation runbook: set a new passphrase, re-split it and re-seal the envelopes.',
    });
  },
};
