/** BG-019: with Security Defaults on (MFA for everyone, no exclusions), each account must hold a hardware security key. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { classifyMethods, describe } from './credentials.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, notApplicable, perAccount, readError, result } from './result.js';

const reads = ['users', 'securityDefaults', 'methods', 'fido2Methods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-019',
  title: 'Security Defaults tenant: every account has a hardware security key',
  severity: 'critical',
  rationale:
    "Security Defaults enforces MFA for administrators on every sign-in and allows no exclusions, so the emergency account can only get in with a credential that satisfies MFA by itself and is not on someone's phone: a FIDO2 security key.",
  source:
    'https://learn.microsoft.com/entra/fundamentals/security-defaults; https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    const remediation =
      'Enable Passkey (FIDO2) and Temporary Access Pass for the break-glass group only, issue a one-time TAP, register a security key at https://aka.ms/mysecurityinfo, then delete the TAP (the security-defaults-fido2 runbook).';
    if (!snap.securityDefaults.ok)
      return errorResult(check, `could not read Security Defaults: ${readError(snap.securityDefaults)}`, remediation);
    if (!snap.securityDefaults.value.isEnabled)
      return notApplicable(check, 'Security Defaults is off (Conditional Access governs sign-in; see BG-007)');
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.methods.ok) return finding(ref, 'error', `could not read authentication methods: ${readError(a.methods)}`);
      const creds = classifyMethods(a.methods.value, a.fido2Methods.ok ? a.fido2Methods.value : undefined);
      if (creds.unjudgeable.length) return finding(ref, 'error', `cannot judge ${describe(creds.unjudgeable)}`);
      const keys = creds.all.filter((c) => c.kind === 'security-key');
      if (keys.length)
        return finding(
          ref,
          'pass',
          `${keys.length} hardware security key(s)${keys.length === 1 ? ' — a second is preferred' : ''}`,
        );
      const unproven = creds.all.filter((c) => c.kind === 'fido2-unverified');
      if (unproven.length)
        return finding(ref, 'warn', `no proven hardware security key; not counted: ${describe(unproven)}`);
      const fido = creds.all.filter((c) => c.kind === 'phone-passkey' || c.kind === 'synced-passkey');
      return finding(
        ref,
        'fail',
        fido.length
          ? `only ${describe(fido)}: not a security key kept in a safe`
          : 'no security key: Security Defaults will demand MFA this account cannot satisfy',
      );
    });
    return result(check, { findings, passReason: 'every account has a hardware security key', remediation });
  },
};
