/**
 * BG-009: the FIDO2 method is enabled and targets the accounts (all_users or
 * a group containing them, and no exclude target catches them); if key
 * restrictions are enforced, each account's registered keys (AAGUIDs) are
 * allowed — a restrictive list blocks the very sign-in you need.
 */
import type { CheckDefinition } from '../core/check.js';
import type { AuthMethodConfig, TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, readError, result } from './result.js';

const reads = ['users', 'authMethodsPolicy', 'transitiveMemberOf', 'fido2Methods'];

export function fido2Config(cfgs: AuthMethodConfig[]): AuthMethodConfig | undefined {
  return cfgs.find(
    (c) =>
      c.id.toLowerCase() === 'fido2' || c['@odata.type'] === '#microsoft.graph.fido2AuthenticationMethodConfiguration',
  );
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-009',
  title: 'FIDO2 is enabled for the accounts and their keys are allowed',
  severity: 'critical',
  rationale:
    'If the FIDO2 method is off, not targeted at the accounts, or its AAGUID restrictions reject the emergency keys, the phishing-resistant sign-in fails exactly when it is needed.',
  source: 'https://learn.microsoft.com/entra/identity/authentication/how-to-enable-passkey-fido2',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      'Enable the Passkey (FIDO2) method for all users or for a group containing the accounts, and if key restrictions are enforced, allow the AAGUIDs of the emergency keys.';
    const pol = snap.authMethodsPolicy;
    if (!pol.ok)
      return errorResult(check, `could not read the authentication methods policy: ${readError(pol)}`, remediation);
    const cfg = fido2Config(pol.value.authenticationMethodConfigurations ?? []);
    const pref = { type: 'authenticationMethodConfiguration', id: 'Fido2', name: 'Passkey (FIDO2)' };
    if (!cfg || cfg.state !== 'enabled')
      return result(check, {
        verdict: 'fail',
        reason: 'the FIDO2 authentication method is disabled',
        objects: [pref],
        findings: [finding(pref, 'fail', 'disabled')],
        remediation,
      });
    const kr = cfg.keyRestrictions;
    const enforced = !!kr?.isEnforced;
    const list = new Set((kr?.aaGuids ?? []).map((g) => g.toLowerCase()));
    const allowed = (aaGuid?: string | null): boolean => {
      if (!enforced) return true;
      const g = (aaGuid ?? '').toLowerCase();
      return kr?.enforcementType === 'block' ? !list.has(g) : list.has(g);
    };
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.transitiveMemberOf.ok)
        return finding(ref, 'error', `could not read group memberships: ${readError(a.transitiveMemberOf)}`);
      const groups = new Set(a.transitiveMemberOf.value.map((g) => g.id));
      const hits = (t: { id: string }) => t.id === 'all_users' || t.id === u.id || groups.has(t.id);
      const inc = (cfg.includeTargets ?? []).filter(hits);
      const exc = (cfg.excludeTargets ?? []).filter(hits);
      if (exc.length) return finding(ref, 'fail', `excluded from FIDO2 by target ${exc.map((t) => t.id).join(', ')}`);
      if (!inc.length)
        return finding(ref, 'fail', 'FIDO2 is not enabled for this account (no include target covers it)');
      const scope = inc.some((t) => t.id === 'all_users') ? 'all users' : 'a group containing the account';
      if (!enforced) return finding(ref, 'pass', `targeted via ${scope}; no key restrictions`);
      if (!a.fido2Methods.ok)
        return finding(
          ref,
          'error',
          `key restrictions are enforced but the account's keys could not be read: ${readError(a.fido2Methods)}`,
        );
      const keys = a.fido2Methods.value;
      if (keys.length === 0) return finding(ref, 'pass', `targeted via ${scope}; no keys registered yet (see BG-004)`);
      const bad = keys.filter((k) => !allowed(k.aaGuid));
      const label = (k: (typeof keys)[number]) =>
        `${k.model || k.displayName || k.id} (AAGUID ${k.aaGuid ?? 'unknown'})`;
      if (bad.length === keys.length)
        return finding(
          ref,
          'fail',
          `every registered key is rejected by the ${kr?.enforcementType} list: ${bad.map(label).join(', ')}`,
        );
      if (bad.length)
        return finding(
          ref,
          'warn',
          `${bad.length} of ${keys.length} keys rejected by the ${kr?.enforcementType} list: ${bad.map(label).join(', ')}`,
        );
      return finding(
        ref,
        'pass',
        `targeted via ${scope}; all ${keys.length} key(s) pass the ${kr?.enforcementType} list`,
      );
    });
    return result(check, {
      findings,
      objects: [pref, ...findings.map((f) => f.object)],
      passReason: 'FIDO2 is enabled for every account and its keys are allowed',
      remediation,
    });
  },
};
