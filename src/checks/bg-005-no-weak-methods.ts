/** BG-005: no SMS/voice, Authenticator, email or OATH methods on the accounts. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { WEAK, methodLabel } from './methods.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'methods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-005',
  title: 'No phone, app, email or OATH methods on the accounts',
  severity: 'high',
  rationale:
    'SMS, voice, push and OTP methods reintroduce telco and external-service dependencies and are phishable; FIDO2 plus the sealed passphrase is the entire credential surface.',
  source: 'seed 003 §4',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.methods.ok) return finding(ref, 'error', `could not read authentication methods: ${readError(a.methods)}`);
      const weak = a.methods.value.filter((m) => WEAK[m['@odata.type']]);
      if (weak.length) return finding(ref, 'fail', `weak method(s): ${weak.map(methodLabel).join(', ')}`);
      return finding(ref, 'pass', 'no weak methods');
    });
    return result(check, {
      findings,
      passReason: 'no account has a phone, app, email or OATH method',
      remediation:
        'Delete the listed methods from the account (Entra admin center → user → Authentication methods, or DELETE …/authentication/phoneMethods/{id}).',
    });
  },
};
