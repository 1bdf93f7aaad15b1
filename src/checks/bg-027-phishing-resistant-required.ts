/**
 * BG-027: Conditional Access REQUIRES phishing-resistant MFA of every emergency account. Microsoft's
 * steps for emergency access accounts: "Require phishing-resistant multifactor authentication for all
 * of your emergency accounts"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access),
 * linking the policy that does it: All resources, grant "Require authentication strength" with the
 * Phishing-resistant MFA strength
 * (https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-phish-resistant-mfa).
 * BG-004 checks that a key is registered and BG-007 that such a policy is no lockout; this check asks
 * the positive: is a sign-in that is not phishing-resistant refused?
 *
 * Per account:
 *  - pass: an ENABLED policy includes it (All users, a group it is in, the account, or the Global
 *    Administrator role it holds — ./ca.ts userScope), does not exclude it, applies to every sign-in
 *    (All resources, no narrowing condition — ./ca.ts coverageGaps) and its grant admits only
 *    phishing-resistant methods (./strength.ts phishingResistantDemand);
 *  - warn: only a report-only policy requires it ("Report-only mode … policies aren't enforced",
 *    https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only),
 *    or only for some sign-ins (e.g. only Microsoft Admin Portals: Learn's policy targets All resources);
 *  - fail: no policy requires it (naming the phishing-resistant policies that exclude it);
 *  - error: the account, its groups or the policies could not be read, or a policy in scope names a
 *    strength whose combinations did not come back — never a pass on an unknown.
 * Not applicable: Security Defaults on (no Conditional Access; BG-019), or no Microsoft Entra ID P1
 * ("Using this feature requires Microsoft Entra ID P1 licenses",
 * https://learn.microsoft.com/entra/identity/conditional-access/overview#license-requirements) — a policy
 * that still applies after a licence lapsed is judged like any other.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { appliesToNoSignIn, coverageGaps, describeExclusion, exclusionOf, stateLabel, userScope } from './ca.js';
import { phishingResistantDemand } from './strength.js';
import { accountFacts } from './bg-007-ca-exclusion-coverage.js';
import { licenceGate, needsReason, unknownReason } from './licences.js';
import { errorResult, finding, NO_ACCOUNTS, notApplicable, readError, result, worst, type Finding } from './result.js';

const reads = ['users', 'transitiveMemberOf', 'group', 'caPolicies', 'securityDefaults', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-027',
  title: 'Conditional Access requires phishing-resistant MFA of every account',
  severity: 'high',
  rationale:
    'A security key in a safe protects the account only if a sign-in without it is refused: Microsoft\'s steps for emergency access accounts end with "Require phishing-resistant multifactor authentication for all of your emergency accounts". Without a policy that demands it, a stolen password and any weaker method that slips onto the account are enough.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access; https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-phish-resistant-mfa; https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      'Run the setup-conditional-access runbook: once the keys are enrolled it takes the exclusion group off the policies that require phishing-resistant MFA. If no such policy exists, create one for All resources that includes the accounts (or the Global Administrator role) with the built-in Phishing-resistant MFA strength (https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-phish-resistant-mfa), check it in report-only, then turn it On.';
    if (!snap.securityDefaults.ok)
      return errorResult(check, `could not read Security Defaults: ${readError(snap.securityDefaults)}`, remediation);
    if (snap.securityDefaults.value.isEnabled)
      return notApplicable(
        check,
        'Security Defaults is on: the tenant has no Conditional Access to require a strength (BG-019 checks each account holds a security key)',
      );
    const noLicence = (how: string) =>
      notApplicable(
        check,
        needsReason('P1', 'Conditional Access', how),
        'Without Conditional Access no policy can require phishing-resistant MFA: turn on Security Defaults and hold each account to a security key (BG-019), or license Microsoft Entra ID P1.',
      );
    if (!snap.caPolicies.ok) {
      const gate = licenceGate(snap, 'P1', [snap.caPolicies]);
      if (gate.kind === 'missing') return noLicence(gate.how);
      return errorResult(
        check,
        `could not read Conditional Access policies: ${readError(snap.caPolicies)}`,
        remediation,
      );
    }
    const policies = snap.caPolicies.value.filter((p) => p.state !== 'disabled' && !appliesToNoSignIn(p));
    const declaredGroupId = snap.group.ok && snap.group.value ? snap.group.value.id : undefined;
    const { facts, problems } = accountFacts(snap);
    const findings: Finding[] = [...problems];
    for (const a of facts) {
      const ref = { type: 'user', id: a.id, name: a.upn };
      const enforced: string[] = [];
      const partial: string[] = [];
      const unknown: string[] = [];
      const excludedFrom: string[] = [];
      for (const p of policies) {
        const demand = phishingResistantDemand(p);
        if (demand.kind === 'none' || demand.kind === 'weaker') continue;
        const scope = userScope(p, a);
        if (!scope.included) continue;
        const ex = exclusionOf(p, a, declaredGroupId);
        if (ex.excluded) {
          excludedFrom.push(`"${p.displayName}" (${describeExclusion(ex).replace(/ — prefer.*$/, '')})`);
          continue;
        }
        if (demand.kind === 'unknown') {
          unknown.push(`"${p.displayName}": ${demand.why}`);
          continue;
        }
        const gaps = coverageGaps(p);
        const label = `"${p.displayName}" (${demand.strength}; in scope via ${scope.via})`;
        if (p.state === 'enabled' && gaps.length === 0) enforced.push(label);
        else
          partial.push(
            `${label} ${[
              ...(p.state === 'enabled' ? [] : [`is ${stateLabel(p.state)}: not enforced`]),
              ...(gaps.length ? [`covers ${gaps.join('; ')}`] : []),
            ].join(' and ')}`,
          );
      }
      const excluded = excludedFrom.length ? `; excluded from ${excludedFrom.join(', ')}` : '';
      if (enforced.length) findings.push(finding(ref, 'pass', `required by ${enforced.join(', ')}`));
      else if (unknown.length) findings.push(finding(ref, 'error', unknown.join('; ')));
      else if (partial.length)
        findings.push(finding(ref, 'warn', `not enforced for every sign-in: ${partial.join('; ')}${excluded}`));
      else
        findings.push(
          finding(ref, 'fail', `no enabled policy requires phishing-resistant MFA of this account${excluded}`),
        );
    }
    const verdict = worst(findings.map((f) => f.verdict));
    if (verdict === 'fail' || verdict === 'warn') {
      // Without P1 no policy can be created: the gap is the licence's, not a missing policy's.
      const gate = licenceGate(snap, 'P1', [snap.caPolicies]);
      if (gate.kind === 'missing') return noLicence(gate.how);
      if (gate.kind === 'unknown')
        return result(check, {
          verdict: 'error',
          reason: unknownReason('P1', gate.error),
          findings,
          remediation,
        });
    }
    return result(check, {
      findings,
      passReason:
        'an enabled policy for All resources requires phishing-resistant MFA of every account, and none excludes it',
      remediation,
    });
  },
};
