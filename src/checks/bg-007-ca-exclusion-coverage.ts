/**
 * BG-007: every enabled or report-only Conditional Access policy that could
 * fail closed and whose scope can include a break-glass account either
 * excludes it (through the exclusion group, or a group containing it; a
 * direct user or role exclusion counts but earns "prefer the group") or is
 * protection the account satisfies: Microsoft's guidance is to "Require
 * phishing-resistant multifactor authentication for all of your emergency
 * accounts", so a policy whose grant the account's own security key meets
 * (./strength.ts) passes and is never reported as needing an exclusion.
 * Legacy-auth-only policies are BG-008's business.
 */
import type { CheckDefinition } from '../core/check.js';
import type { CaPolicy, TenantSnapshot } from './snapshot.js';
import type { CheckVerdict } from '../core/runbook.js';
import { permissionsForReads } from './reads.js';
import {
  appliesToNoSignIn,
  describeExclusion,
  exclusionOf,
  factsOf,
  isLegacyOnly,
  lockoutControls,
  sessionLockouts,
  stateLabel,
  userScope,
  type AccountFacts,
} from './ca.js';
import { classifyMethods, type Credential } from './credentials.js';
import { protectionBy } from './strength.js';
import { wasNotRead } from './snapshot.js';
import {
  acctRef,
  errorResult,
  finding,
  NO_ACCOUNTS,
  notApplicable,
  readError,
  result,
  worst,
  type Finding,
} from './result.js';

// The accounts' methods are used when this run read them (BG-004/005/019 do): they tell protection
// the accounts satisfy from a lockout. Not declared here, so BG-007 alone needs no method permission.
const reads = ['users', 'transitiveMemberOf', 'group', 'caPolicies', 'securityDefaults'];

export const policyRef = (p: CaPolicy) => ({ type: 'conditionalAccessPolicy', id: p.id, name: p.displayName });

/** Resolves the accounts' CA-relevant facts; unreadable accounts become error findings. */
export function accountFacts(snap: TenantSnapshot): { facts: AccountFacts[]; problems: Finding[] } {
  const facts: AccountFacts[] = [];
  const problems: Finding[] = [];
  for (const a of snap.accounts) {
    if (!a.user.ok) problems.push(finding(acctRef(a), 'error', `could not read the account: ${readError(a.user)}`));
    else if (a.user.value === null) problems.push(finding(acctRef(a), 'fail', 'no such user in the tenant'));
    else if (!a.transitiveMemberOf.ok)
      problems.push(
        finding(
          acctRef(a, a.user.value),
          'error',
          `could not read group memberships (needed to decide CA scope and exclusion): ${readError(a.transitiveMemberOf)}`,
        ),
      );
    else facts.push(factsOf(a.user.value.userPrincipalName, a.user.value, a.transitiveMemberOf.value));
  }
  return { facts, problems };
}

/** Each account's credentials (by UPN), or why they are unknown (`notRead`: no check of this run read them). */
export function accountCredentials(
  snap: TenantSnapshot,
): Map<string, Credential[] | { notRead: boolean; why: string }> {
  const out = new Map<string, Credential[] | { notRead: boolean; why: string }>();
  for (const a of snap.accounts) {
    if (!a.user.ok || !a.user.value) continue;
    const upn = a.user.value.userPrincipalName;
    if (wasNotRead(a.methods))
      out.set(upn, { notRead: true, why: 'its methods were not read in this run (run BG-004 with it)' });
    else if (!a.methods.ok)
      out.set(upn, { notRead: false, why: `its methods could not be read: ${readError(a.methods)}` });
    else out.set(upn, classifyMethods(a.methods.value, a.fido2Methods.ok ? a.fido2Methods.value : undefined).all);
  }
  return out;
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-007',
  title: 'Every policy that could lock the accounts out excludes them',
  severity: 'critical',
  rationale:
    'Conditional Access is an AND across matching policies: one policy with a grant control nobody can satisfy (MFA down, device compliance degraded, an unenrolled authentication strength, a broad block) denies the sign-in. Report-only policies lock out the moment they are switched on.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access; https://learn.microsoft.com/entra/identity/conditional-access/policy-all-users-mfa-strength#user-exclusions; https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-phish-resistant-mfa',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      "Add the exclusion group to the excluded groups of each listed policy (prefer the group over excluding users directly) — except a policy that requires phishing-resistant MFA the accounts' security keys satisfy: that is the protection Microsoft recommends.";
    if (!snap.securityDefaults.ok)
      return errorResult(check, `could not read Security Defaults: ${readError(snap.securityDefaults)}`, remediation);
    if (snap.securityDefaults.value.isEnabled)
      return notApplicable(
        check,
        'Security Defaults is on: the tenant has no Conditional Access and allows no exclusions (see BG-019)',
      );
    if (!snap.caPolicies.ok)
      return errorResult(
        check,
        `could not read Conditional Access policies: ${readError(snap.caPolicies)}`,
        remediation,
      );
    const declaredGroupId = snap.group.ok && snap.group.value ? snap.group.value.id : undefined;
    const { facts, problems } = accountFacts(snap);
    const creds = accountCredentials(snap);
    const findings: Finding[] = [...problems];
    let relevant = 0;
    for (const p of snap.caPolicies.value) {
      const ref = policyRef(p);
      if (p.state === 'disabled') {
        findings.push(finding(ref, 'not-applicable', 'disabled — ignored'));
        continue;
      }
      const controls = lockoutControls(p);
      if (controls.length === 0 || isLegacyOnly(p) || appliesToNoSignIn(p)) continue;
      relevant++;
      const reportOnly = p.state === 'enabledForReportingButNotEnforced';
      const missing: string[] = [];
      const unsure: string[] = [];
      const notRead: string[] = [];
      const soft: string[] = [];
      const via: string[] = [];
      const protectedBy: string[] = [];
      for (const a of facts) {
        const scope = userScope(p, a);
        if (!scope.included) continue;
        const ex = exclusionOf(p, a, declaredGroupId);
        if (ex.excluded) {
          if (ex.via === 'user' || ex.via === 'role') soft.push(`${a.upn} ${describeExclusion(ex)}`);
          else via.push(`${a.upn} ${describeExclusion(ex)}`);
          continue;
        }
        const c = creds.get(a.upn);
        if (c && !Array.isArray(c)) {
          if (!p.grantControls?.authenticationStrength) missing.push(`${a.upn} (in scope via ${scope.via})`);
          else if (c.notRead)
            notRead.push(
              `${a.upn} is in scope and not excluded: protection if its security key satisfies the strength, but ${c.why}`,
            );
          else
            unsure.push(`${a.upn} is in scope and not excluded; whether it satisfies the policy is unknown: ${c.why}`);
          continue;
        }
        const prot = protectionBy(p, c ?? [], sessionLockouts(p));
        if (prot.protects) protectedBy.push(`${a.upn} protected: ${prot.how}`);
        else missing.push(`${a.upn} (in scope via ${scope.via}${prot.why ? `; ${prot.why}` : ''})`);
      }
      const what = `${stateLabel(p.state)}; ${controls.join(', ')}`;
      let v: CheckVerdict = 'pass';
      let reason: string;
      if (missing.length) {
        v = reportOnly ? 'warn' : 'fail';
        reason = `does not exclude ${missing.join(', ')} [${what}]${reportOnly ? ' — will lock out when switched on' : ''}`;
      } else if (unsure.length) {
        v = 'error';
        reason = `${unsure.join('; ')} [${what}]`;
      } else if (notRead.length) {
        v = 'warn';
        reason = `${notRead.join('; ')} [${what}]`;
      } else if (soft.length) {
        v = 'warn';
        reason = `${soft.join('; ')} [${what}]`;
      } else {
        const ok = [...protectedBy, ...via];
        reason = ok.length ? `${ok.join('; ')} [${what}]` : `cannot include the accounts [${what}]`;
      }
      findings.push(finding(ref, v, reason));
    }
    const verdict = worst(findings.filter((f) => f.verdict !== 'not-applicable').map((f) => f.verdict));
    return result(check, {
      verdict,
      findings,
      passReason: `${relevant} policy(ies) that could fail closed all exclude the accounts or are protection they satisfy`,
      remediation,
    });
  },
};
