/** BG-015: a recurring access review covers the exclusion group and never auto-approves. */
import type { CheckDefinition } from '../core/check.js';
import type { AccessReviewDefinition, TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { errorResult, finding, notApplicable, readError, result, type Finding } from './result.js';
import { licenceGate, needsReason, unknownReason } from './licences.js';

const reads = ['group', 'accessReviews', 'organization'];

export function reviewsGroup(d: AccessReviewDefinition, groupId: string): boolean {
  const s = JSON.stringify([d.scope ?? null, d.instanceEnumerationScope ?? null]).toLowerCase();
  return s.includes(`/groups/${groupId.toLowerCase()}`);
}

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-015',
  title: 'Recurring access review of the exclusion group',
  severity: 'medium',
  rationale:
    'Someone adding a third account "temporarily" is the slow failure; a recurring review forces a human to re-justify every member. Auto-approval defeats it.',
  source: 'https://learn.microsoft.com/entra/id-governance/access-reviews-overview',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      "Create a monthly access review of the exclusion group's members with defaultDecisionEnabled false (never auto-approve).";
    if (!snap.group.ok)
      return errorResult(check, `could not read the exclusion group: ${readError(snap.group)}`, remediation);
    if (snap.group.value === null)
      return result(check, {
        verdict: 'fail',
        reason: `exclusion group "${config.group}" does not exist`,
        objects: [],
        remediation,
      });
    // Access reviews need Microsoft Entra ID P2 or ID Governance
    // (https://learn.microsoft.com/entra/id-governance/access-reviews-overview#license-requirements).
    // A tenant without either cannot have one: not applicable, with what to do instead.
    const gate = licenceGate(snap, 'P2', [snap.accessReviews]);
    if (gate.kind === 'missing')
      return notApplicable(
        check,
        needsReason('P2', 'access reviews', gate.how),
        "Without an access review, look at the exclusion group's members at every quarterly validation (BG-006 checks it holds exactly the accounts, BG-021 who owns it).",
      );
    if (!snap.accessReviews.ok)
      return errorResult(
        check,
        gate.kind === 'unknown'
          ? `could not read access reviews: ${readError(snap.accessReviews)}; ${unknownReason('P2', gate.error)}`
          : `could not read access reviews: ${readError(snap.accessReviews)}`,
        remediation,
      );
    const g = snap.group.value;
    const defs = snap.accessReviews.value.filter((d) => reviewsGroup(d, g.id) && d.status !== 'Completed');
    if (defs.length === 0)
      return result(check, {
        verdict: 'fail',
        reason: `no active access review covers ${g.displayName}`,
        objects: [{ type: 'group', id: g.id, name: g.displayName }],
        remediation,
      });
    const findings: Finding[] = defs.map((d) => {
      const ref = { type: 'accessReviewDefinition', id: d.id, name: d.displayName ?? d.id };
      const st = d.settings ?? {};
      const autoApprove = st.defaultDecisionEnabled && (st.defaultDecision ?? '').toLowerCase() === 'approve';
      if (autoApprove) return finding(ref, 'fail', 'auto-approves when reviewers do not respond');
      if (!st.recurrence?.pattern?.type) return finding(ref, 'warn', 'one-time review, not recurring');
      return finding(
        ref,
        'pass',
        `recurring ${st.recurrence.pattern.type}${st.recurrence.pattern.interval ? ` every ${st.recurrence.pattern.interval}` : ''}, no auto-approve`,
      );
    });
    // One fit review is enough; unfit extra reviews are still reported.
    const fit = findings.some((f) => f.verdict === 'pass');
    const unfit = findings.filter((f) => f.verdict === 'fail');
    if (fit && unfit.length)
      return result(check, {
        verdict: 'warn',
        reason: `a fit review exists, but ${unfit.map((f) => `"${f.object.name}" ${f.reason}`).join('; ')}`,
        findings,
        remediation,
      });
    return result(check, {
      findings,
      passReason: `${g.displayName} is reviewed on a schedule without auto-approval`,
      remediation,
    });
  },
};
