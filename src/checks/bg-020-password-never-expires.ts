/**
 * BG-020: a break-glass account's password never expires. An emergency
 * account signs in with its security key, but Entra still holds a password
 * for it; on a tenant that expires passwords (the default for tenants created
 * before 2021: 90 days, https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy)
 * an expired password forces a change at sign-in — a password-reset detour in
 * the middle of an emergency. `passwordPolicies` must include
 * `DisablePasswordExpiration`; Graph returns the property "only on $select"
 * (https://learn.microsoft.com/graph/api/resources/user), so a response
 * without it is unreadable (ERROR), never a pass.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, result } from './result.js';

const reads = ['users'];
const NEVER_EXPIRES = 'disablepasswordexpiration';

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-020',
  title: 'The accounts’ passwords never expire',
  severity: 'high',
  rationale:
    'Emergency credentials "must not expire" (Microsoft’s emergency-access guidance). A password that expires forces a change at the next sign-in, the moment the account is needed.',
  source:
    'https://learn.microsoft.com/graph/api/resources/user; https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy; https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (u.passwordPolicies === undefined)
        return finding(
          ref,
          'error',
          'Graph returned no passwordPolicies for the account (it is returned only on $select)',
        );
      const policies = (u.passwordPolicies ?? '')
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean);
      if (policies.includes(NEVER_EXPIRES))
        return finding(ref, 'pass', 'passwordPolicies includes DisablePasswordExpiration');
      return finding(
        ref,
        'fail',
        `the password can expire (passwordPolicies: ${u.passwordPolicies === null || u.passwordPolicies === '' ? 'None' : u.passwordPolicies})`,
      );
    });
    return result(check, {
      findings,
      passReason: 'no account’s password can expire',
      remediation:
        'Set passwordPolicies to DisablePasswordExpiration on each account (PATCH /users/{id}, or the action user.disablePasswordExpiration in the credential-rotation runbook).',
    });
  },
};
