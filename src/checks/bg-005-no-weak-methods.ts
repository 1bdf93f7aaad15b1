/**
 * BG-005: no phone, app, email, OATH or QR-code method, and no passkey that
 * lives on a phone or syncs to a personal account, on the accounts. Windows
 * Hello and platform credentials are tied to one computer: a warning.
 * Unknown or untyped methods cannot be judged: an error, never a pass.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { classifyMethods, describe } from './credentials.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'methods', 'fido2Methods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-005',
  title: 'No phone, app, email or OATH methods on the accounts',
  severity: 'high',
  rationale:
    'SMS, voice, push, OTP and passkeys on a phone tie the account to one person\'s device and to external services; Microsoft asks that emergency credentials are "not connected with any employee-supplied devices such as phones" and not the methods daily administrators use.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access; https://learn.microsoft.com/graph/api/resources/authenticationmethods-overview',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.methods.ok) return finding(ref, 'error', `could not read authentication methods: ${readError(a.methods)}`);
      const creds = classifyMethods(a.methods.value, a.fido2Methods.ok ? a.fido2Methods.value : undefined);
      if (creds.unjudgeable.length) return finding(ref, 'error', `cannot judge ${describe(creds.unjudgeable)}`);
      const weak = creds.all.filter(
        (c) => c.kind === 'weak' || c.kind === 'phone-passkey' || c.kind === 'synced-passkey',
      );
      if (weak.length) return finding(ref, 'fail', `weak or personal method(s): ${describe(weak)}`);
      const device = creds.all.filter(
        (c) => c.kind === 'windows-hello' || c.kind === 'platform-credential' || c.kind === 'external',
      );
      if (device.length)
        return finding(
          ref,
          'warn',
          `${describe(device)} — keep only if it is the emergency workstation kept with the keys`,
        );
      return finding(ref, 'pass', 'no weak or personal methods');
    });
    return result(check, {
      findings,
      passReason: 'no account has a phone, app, email, OATH or personal-device method',
      remediation:
        'Delete the listed methods from the account (Entra admin center → user → Authentication methods, or DELETE …/authentication/{type}Methods/{id}).',
    });
  },
};
