/** BG-019: with Security Defaults on (MFA for everyone, no exclusions), each account must hold a FIDO2 key. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, notApplicable, perAccount, readError, result } from './result.js';

const reads = ['users', 'securityDefaults', 'fido2Methods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-019',
  title: 'Security Defaults tenant: every account has a FIDO2 key',
  severity: 'critical',
  rationale:
    'Security Defaults enforces MFA for everyone and allows no exclusions, so the emergency account can only get in with a FIDO2 key that satisfies MFA by itself.',
  source: 'seed 004',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    const remediation =
      'Enable FIDO2 and Temporary Access Pass for the accounts, issue a TAP, register a FIDO2 key at https://aka.ms/mysecurityinfo, then delete the TAP (seed 004).';
    if (!snap.securityDefaults.ok)
      return errorResult(check, `could not read Security Defaults: ${readError(snap.securityDefaults)}`, remediation);
    if (!snap.securityDefaults.value.isEnabled)
      return notApplicable(check, 'Security Defaults is off (Conditional Access governs sign-in; see BG-007)');
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.fido2Methods.ok) return finding(ref, 'error', `could not read FIDO2 keys: ${readError(a.fido2Methods)}`);
      const n = a.fido2Methods.value.length;
      return n
        ? finding(ref, 'pass', `${n} FIDO2 key(s)`)
        : finding(ref, 'fail', 'no FIDO2 key: Security Defaults will demand MFA this account cannot satisfy');
    });
    return result(check, { findings, passReason: 'every account has a FIDO2 key', remediation });
  },
};
