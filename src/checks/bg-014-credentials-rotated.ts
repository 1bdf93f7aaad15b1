/**
 * BG-014: the break-glass credentials were rotated within 180 days, and no
 * password sign-in happened since.
 *
 * What the envelopes protect is the security key's PIN: Microsoft requires MFA
 * of emergency access accounts too and recommends passkey (FIDO2) or
 * certificate-based authentication for them
 * (https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication),
 * with credentials in safes and validated regularly
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
 * A key's PIN lives on the key; Entra does not record when it changed. The
 * rotation runbook (credential-rotation) changes the PINs and, in the same
 * run, resets the account's random password to one nobody sees, so the
 * account's lastPasswordChangeDateTime is the tenant's record of the last
 * rotation — that date is what this check ages. The accounts' passwords are
 * held by nobody, so a successful password sign-in since that date means
 * someone holds one: rotate.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { newest, succeeded, usedPassword } from './signin-log.js';
import { acctRef, day, daysSince, errorResult, finding, NO_ACCOUNTS, nowOf, perAccount, result } from './result.js';
import { licenceGate, needsReason } from './licences.js';

const reads = ['users', 'signInActivity', 'signIns', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-014',
  title: 'Credentials rotated within 180 days, and no password sign-in since',
  severity: 'medium',
  rationale:
    'Once an envelope is opened, the security-key PIN inside is known to more people; the rotation runbook sets new PINs and resets the random password nobody holds, after any real or test use and at least every 180 days. Its password reset is the rotation date the tenant records; a password sign-in since then means someone holds a password nobody should.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#validate-accounts-regularly; https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication; https://learn.microsoft.com/graph/api/resources/user',
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
      if (age > maxAge) return finding(ref, 'fail', `last rotated ${day(changed)} (${age} days ago, limit ${maxAge})`);
      const after = (iso: string) => Date.parse(iso) > Date.parse(changed);
      if (a.signIns.ok) {
        // The sign-in log says which method was used: nobody should hold the password, so a password
        // sign-in is a finding; a security-key sign-in is the accounts' normal door.
        const used = newest(a.signIns.value, (x) => succeeded(x) && usedPassword(x) && after(x.createdDateTime));
        if (used)
          return finding(
            ref,
            'warn',
            `a password was used to sign in ${day(used.createdDateTime)}${used.appDisplayName ? ` (${used.appDisplayName})` : ''}, after the last rotation ${day(changed)} — rotate the credentials`,
          );
        return finding(ref, 'pass', `last rotated ${day(changed)} (${age} days ago); no password sign-in since`);
      }
      const last = a.signInActivity.ok ? a.signInActivity.value?.lastSuccessfulSignInDateTime : undefined;
      if (last && after(last))
        return finding(
          ref,
          'warn',
          `signed in ${day(last)}, after the last rotation ${day(changed)}; the sign-in log could not be read to tell whether a password was used (${a.signIns.error})`,
        );
      if (!a.signInActivity.ok) {
        const gate = licenceGate(snap, 'P1', [a.signInActivity, a.signIns]);
        if (gate.kind === 'missing')
          return finding(
            ref,
            'warn',
            `last rotated ${day(changed)} (${age} days ago); whether a password was used since is not visible: sign-in data ${needsReason('P1', 'sign-in logs and signInActivity', gate.how)}`,
          );
        return finding(
          ref,
          'warn',
          `last rotated ${day(changed)} (${age} days ago); use since rotation unknown (sign-in data unreadable)`,
        );
      }
      return finding(ref, 'pass', `last rotated ${day(changed)} (${age} days ago); no sign-in since`);
    });
    return result(check, {
      findings,
      passReason: `every account's credentials were rotated within ${maxAge} days, with no password sign-in since`,
      remediation:
        'Run the credential-rotation runbook: new PINs on the security keys, sealed in new envelopes, and a new random password nobody sees.',
    });
  },
};
