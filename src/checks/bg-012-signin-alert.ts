/**
 * BG-012: an enabled alert rule (Sentinel NRT / scheduled, or Azure Monitor
 * scheduled query) matches each account, does not filter to successful (or
 * failed) sign-ins only, runs at least every 5 minutes, and pages someone.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { matchesAccount, readsSignIns, resultFilter } from './kql.js';
import { alertRuleViews, noWorkspaceOnSecurityDefaults, type AlertRuleView } from './monitoring.js';
import { acctRef, errorResult, finding, NO_ACCOUNTS, perAccount, result } from './result.js';

const reads = ['users', 'alertRules', 'scheduledQueryRules', 'securityDefaults'];
const MAX_MINUTES = 5;

/** Problems that make a rule unfit to page on break-glass use; empty = fit. */
export function ruleProblems(r: AlertRuleView): string[] {
  const out: string[] = [];
  if (!r.enabled) out.push('disabled');
  const f = resultFilter(r.query);
  if (f === 'success-only')
    out.push('filters to successful sign-ins only (ResultType == 0) — failed attempts are not alerted');
  if (f === 'failure-only') out.push('filters to failed sign-ins only — successful use is not alerted');
  if (r.frequencyMin === undefined) out.push('evaluation frequency unknown');
  else if (r.frequencyMin > MAX_MINUTES) out.push(`runs every ${r.frequencyMin} min (> ${MAX_MINUTES})`);
  if (r.silent) out.push(r.silent);
  return out;
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-012',
  title: 'Any sign-in by an account pages within 5 minutes',
  severity: 'critical',
  rationale:
    'Break-glass accounts may exist only because every use is loud. A rule that keeps only successful sign-ins misses an operator fumbling a real emergency or an attacker probing; a slow rule pages too late.',
  source: 'seed 003 §5',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      'Create a Sentinel NRT rule (or an Azure Monitor scheduled query rule every 5 minutes with an action group) on SigninLogs matching the accounts, without a ResultType filter (seed 003 §5).';
    const { rules, readProblems } = alertRuleViews(snap);
    if (readProblems.length === 2 && noWorkspaceOnSecurityDefaults(snap, config))
      return result(check, {
        verdict: 'warn',
        reason:
          'no workspace declared: Security Defaults tenants usually lack P1 log export, so break-glass sign-ins are not alerted',
        objects: [],
        remediation,
      });
    const signIn = rules.filter((r) => readsSignIns(r.query));
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      const matching = signIn
        .map((r) => ({ r, m: matchesAccount(r.query, u.userPrincipalName, u.id) }))
        .filter((x) => x.m);
      const good = matching.filter((x) => ruleProblems(x.r).length === 0);
      const certain = good.find((x) => x.m!.certain);
      if (certain)
        return finding(
          ref,
          'pass',
          `${certain.r.source} "${certain.r.name}" ${certain.m!.how}, every ${certain.r.frequencyMin} min`,
        );
      if (readProblems.length) return finding(ref, 'error', `no fit rule found, and ${readProblems.join('; ')}`);
      if (good.length) return finding(ref, 'warn', `${good[0]!.r.source} "${good[0]!.r.name}" ${good[0]!.m!.how}`);
      if (matching.length)
        return finding(ref, 'fail', matching.map((x) => `"${x.r.name}": ${ruleProblems(x.r).join(', ')}`).join('; '));
      return finding(
        ref,
        'fail',
        `no enabled sign-in alert rule matches this account (${signIn.length} rule(s) read SigninLogs)`,
      );
    });
    return result(check, {
      findings,
      objects: [
        ...findings.map((f) => f.object),
        ...signIn.map((r) => ({ type: 'alertRule', id: r.id, name: r.name })),
      ],
      passReason: 'every account is covered by a fit sign-in alert',
      remediation,
    });
  },
};
