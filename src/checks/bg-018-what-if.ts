/**
 * BG-018 (optional, Graph beta): What-If says no policy that could fail closed
 * applies to an account at the admin portals — except protection the account
 * satisfies (a phishing-resistant strength its security key meets, ./strength.ts),
 * which is what Microsoft recommends for emergency accounts.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { lockoutControls, sessionLockouts, stateLabel } from './ca.js';
import { accountCredentials } from './bg-007-ca-exclusion-coverage.js';
import { protectionBy } from './strength.js';
import { licenceGate, needsReason } from './licences.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, notApplicable, perAccount, readError, result } from './result.js';

const reads = ['users', 'whatIf', 'securityDefaults', 'methods', 'fido2Methods', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-018',
  title: 'What-If: accounts are not blocked at the admin portals',
  severity: 'high',
  rationale:
    "Microsoft's own Conditional Access evaluation for each account at Microsoft Admin Portals and Azure management confirms the exclusions engage, independent of our reading of the policies.",
  source:
    'https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate?view=graph-rest-beta; https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    if (!config.whatIf)
      return notApplicable(check, 'What-If (Graph beta) is disabled; enable it with --what-if or "whatIf": true');
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      "Exclude the exclusion group from each listed policy — unless it requires phishing-resistant MFA the accounts' security keys satisfy (keep that one: it is the protection Microsoft recommends).";
    // What If evaluates Conditional Access, which needs Microsoft Entra ID P1 ("Using this feature requires
    // Microsoft Entra ID P1 licenses", https://learn.microsoft.com/entra/identity/conditional-access/overview#license-requirements).
    // The evaluate page states no licence of its own: the stricter reading, P1 (docs/permissions.md, ca.evaluate).
    // When an evaluation failed and the tenant lacks P1 (its plans, or the call's own licence error), there is
    // nothing to evaluate: not applicable, naming the licence — not an error. Answers in hand are always judged
    // (Conditional Access policies keep applying after a licence lapses).
    if (snap.accounts.some((a) => !a.whatIf.ok)) {
      const gate = licenceGate(
        snap,
        'P1',
        snap.accounts.map((a) => a.whatIf),
      );
      if (gate.kind === 'missing')
        return notApplicable(
          check,
          needsReason('P1', 'Conditional Access and its What If evaluation', gate.how),
          'Without Conditional Access there is no policy to evaluate; with Security Defaults on, BG-019 checks each account can pass its MFA.',
        );
    }
    if (!snap.securityDefaults.ok)
      return errorResult(check, `could not read Security Defaults: ${readError(snap.securityDefaults)}`, remediation);
    if (snap.securityDefaults.value.isEnabled)
      return notApplicable(check, 'Security Defaults is on: there is no Conditional Access to evaluate');
    const creds = accountCredentials(snap);
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      if (!a.whatIf.ok) return finding(ref, 'error', readError(a.whatIf));
      const c = creds.get(u.userPrincipalName);
      const applied = a.whatIf.value.filter(
        (p) => p.policyApplies !== false && p.state !== 'disabled' && lockoutControls(p).length > 0,
      );
      const protective: string[] = [];
      const unknown: string[] = [];
      const blocking = applied.filter((p) => {
        if (c && !Array.isArray(c)) {
          if (p.grantControls?.authenticationStrength) unknown.push(`"${p.displayName}" (${c.why})`);
          return !p.grantControls?.authenticationStrength;
        }
        const prot = protectionBy(p, c ?? [], sessionLockouts(p));
        if (prot.protects) protective.push(`"${p.displayName}" (${prot.how})`);
        return !prot.protects;
      });
      const enforced = blocking.filter((p) => p.state === 'enabled');
      const list = (ps: typeof applied) =>
        ps.map((p) => `"${p.displayName}" (${stateLabel(p.state)}: ${lockoutControls(p).join(', ')})`).join(', ');
      if (enforced.length) return finding(ref, 'fail', `applies: ${list(enforced)}`);
      if (unknown.length)
        return finding(
          ref,
          'error',
          `applies, and cannot tell whether the account satisfies it: ${unknown.join(', ')}`,
        );
      if (blocking.length) return finding(ref, 'warn', `report-only policies apply: ${list(blocking)}`);
      if (protective.length) return finding(ref, 'pass', `protected, not blocked: ${protective.join(', ')}`);
      return finding(ref, 'pass', 'no policy that could fail closed applies at the admin portals');
    });
    return result(check, {
      findings,
      passReason: 'What-If finds no policy that could block the accounts at the admin portals',
      remediation,
    });
  },
};
