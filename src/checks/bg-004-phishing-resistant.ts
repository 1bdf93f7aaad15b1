/**
 * BG-004: each account holds a hardware security key (or a certificate) —
 * not a passkey on someone's phone, not a Windows Hello credential on one
 * laptop, not a password. At least one key per account; two are preferred.
 * How a FIDO2 method is told apart: ./credentials.ts.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { classifyMethods, describe } from './credentials.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'methods', 'fido2Methods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-004',
  title: 'A hardware security key on every account',
  severity: 'critical',
  rationale:
    'Mandatory MFA applies to emergency-access accounts too: a password-only account cannot sign in to the portals it exists for. Microsoft recommends a passkey (FIDO2) security key, or certificate-based authentication where a PKI exists, kept in a safe and "not connected with any employee-supplied devices such as phones".',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access; https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication; https://learn.microsoft.com/entra/identity/authentication/concept-fido2-hardware-vendor',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.methods.ok) return finding(ref, 'error', `could not read authentication methods: ${readError(a.methods)}`);
      const creds = classifyMethods(a.methods.value, a.fido2Methods.ok ? a.fido2Methods.value : undefined);
      if (creds.unjudgeable.length) return finding(ref, 'error', `cannot judge ${describe(creds.unjudgeable)}`);
      const keys = creds.all.filter((c) => c.kind === 'security-key');
      const certs = creds.all.filter((c) => c.kind === 'certificate');
      const unproven = creds.all.filter((c) => c.kind === 'fido2-unverified');
      const personal = creds.all.filter((c) =>
        ['phone-passkey', 'synced-passkey', 'windows-hello', 'platform-credential'].includes(c.kind),
      );
      if (keys.length)
        return finding(
          ref,
          'pass',
          `${keys.length} hardware security key(s): ${describe(keys)}${keys.length === 1 ? ' — a second key is preferred' : ''}`,
        );
      if (unproven.length)
        return finding(ref, 'warn', `no proven hardware security key; not counted: ${describe(unproven)}`);
      if (certs.length) return finding(ref, 'pass', `certificate-based authentication: ${describe(certs)}`);
      if (personal.length)
        return finding(ref, 'fail', `only credentials tied to one person's device: ${describe(personal)}`);
      const labels = creds.all.map((c) => c.label);
      return finding(
        ref,
        'fail',
        labels.every((l) => l === 'password')
          ? 'password only — no phishing-resistant credential'
          : `no phishing-resistant credential (has: ${labels.join(', ')})`,
      );
    });
    return result(check, {
      findings,
      passReason: 'every account has a hardware security key or a certificate',
      remediation:
        'Register a FIDO2 security key (two preferred) of a model Microsoft lists as attestation-eligible on each account at https://aka.ms/mysecurityinfo, bootstrapped with a one-time Temporary Access Pass, and enforce attestation in the Passkey (FIDO2) policy.',
    });
  },
};
