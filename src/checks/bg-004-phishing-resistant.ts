/** BG-004: each account has at least one phishing-resistant method; password-only fails. */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { PHISHING_RESISTANT, methodLabel } from './methods.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'methods', 'fido2Methods'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-004',
  title: 'Phishing-resistant credential on every account',
  severity: 'critical',
  rationale:
    'Mandatory MFA for the Azure and admin portals applies to emergency-access accounts too: a password-only account cannot sign in to the portals it exists for. FIDO2 or certificate credentials have no external MFA dependency.',
  source:
    'https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication; seed 003 §4',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.methods.ok) return finding(ref, 'error', `could not read authentication methods: ${readError(a.methods)}`);
      const strong = a.methods.value.filter((m) => PHISHING_RESISTANT[m['@odata.type']]);
      const keys = a.fido2Methods.ok ? a.fido2Methods.value : undefined;
      const keyCount =
        keys?.length ?? strong.filter((m) => m['@odata.type'].endsWith('fido2AuthenticationMethod')).length;
      if (strong.length === 0) {
        const others = a.methods.value.map(methodLabel);
        const onlyPassword = others.every((l) => l === 'password');
        return finding(
          ref,
          'fail',
          onlyPassword
            ? 'password only — no phishing-resistant method'
            : `no phishing-resistant method (has: ${others.join(', ')})`,
        );
      }
      const kinds = [...new Set(strong.map(methodLabel))].join(', ');
      const models = keys?.map((k) => k.model || k.displayName).filter(Boolean) ?? [];
      return finding(
        ref,
        'pass',
        `${kinds}; ${keyCount} FIDO2 key(s)${models.length ? ` (${models.join(', ')})` : ''}${a.fido2Methods.ok ? '' : ' — key list unreadable'}`,
      );
    });
    return result(check, {
      findings,
      passReason: 'every account has a phishing-resistant credential',
      remediation:
        'Register a FIDO2 security key (ideally two) on each account at https://aka.ms/mysecurityinfo, using a Temporary Access Pass to bootstrap (seed 004).',
    });
  },
};
