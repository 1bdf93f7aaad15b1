/** BG-001: at least two break-glass accounts are declared and exist; more than three widens the attack surface. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, readError, result, type Finding } from './result.js';

const reads = ['users'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-001',
  title: 'At least two emergency-access accounts exist',
  severity: 'critical',
  rationale:
    'One account covers a compromised or mistyped credential; the second covers the first being mid-rotation. More than three only adds attack surface.',
  source: 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings: Finding[] = [];
    let found = 0;
    for (const a of snap.accounts) {
      if (!a.user.ok) findings.push(finding(acctRef(a), 'error', `could not read the account: ${readError(a.user)}`));
      else if (a.user.value === null)
        findings.push(finding(acctRef(a), 'fail', 'declared but no such user in the tenant'));
      else {
        found++;
        findings.push(finding(acctRef(a, a.user.value), 'pass', 'found'));
      }
    }
    const errors = findings.filter((f) => f.verdict === 'error').length;
    const missing = findings.filter((f) => f.verdict === 'fail').length;
    const remediation =
      'Keep two (at most three) cloud-only emergency-access accounts; create the missing ones with the setup runbook, or correct the declared UPNs.';
    if (errors > 0) return result(check, { verdict: 'error', findings, remediation });
    if (found < 2)
      return result(check, {
        verdict: 'fail',
        reason: `${found} of ${snap.accounts.length} declared account(s) found; at least 2 are needed${missing ? ` (${missing} missing)` : ''}`,
        findings,
        remediation,
      });
    if (missing > 0) return result(check, { verdict: 'fail', findings, remediation });
    if (found > 3)
      return result(check, {
        verdict: 'warn',
        reason: `${found} accounts: more than three widens the attack surface`,
        findings,
        remediation: 'Remove emergency-access accounts beyond three.',
      });
    return result(check, { verdict: 'pass', reason: `${found} accounts found`, findings, remediation });
  },
};
