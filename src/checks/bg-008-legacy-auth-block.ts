/** BG-008: legacy-authentication block policies do NOT exclude the break-glass accounts (the one place an exclusion is a finding). */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { describeExclusion, exclusionOf, isLegacyBlock, stateLabel } from './ca.js';
import { accountFacts, policyRef } from './bg-007-ca-exclusion-coverage.js';
import { errorResult, finding, NO_ACCOUNTS, notApplicable, readError, result, type Finding } from './result.js';

const reads = ['users', 'transitiveMemberOf', 'group', 'caPolicies', 'securityDefaults'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-008',
  title: 'Legacy-authentication block applies to the accounts',
  severity: 'high',
  rationale:
    'Basic-auth protocols cannot present a FIDO2 key, so keeping the accounts inside the legacy-auth block costs nothing; excluding them leaves a password-only downgrade path.',
  source: 'https://learn.microsoft.com/entra/identity/conditional-access/policy-block-legacy-authentication',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const remediation =
      'Remove the exclusion group (and any break-glass user) from the exclusions of the legacy-authentication block policy.';
    if (!snap.securityDefaults.ok)
      return errorResult(check, `could not read Security Defaults: ${readError(snap.securityDefaults)}`, remediation);
    if (snap.securityDefaults.value.isEnabled)
      return notApplicable(
        check,
        'Security Defaults is on: it blocks legacy authentication for everyone, with no exclusions',
      );
    if (!snap.caPolicies.ok)
      return errorResult(
        check,
        `could not read Conditional Access policies: ${readError(snap.caPolicies)}`,
        remediation,
      );
    const legacy = snap.caPolicies.value.filter((p) => isLegacyBlock(p) && p.state !== 'disabled');
    if (legacy.length === 0)
      return notApplicable(
        check,
        'no enabled legacy-authentication block policy (nothing can exclude the accounts)',
        'Consider blocking legacy authentication for all users.',
      );
    const declaredGroupId = snap.group.ok && snap.group.value ? snap.group.value.id : undefined;
    const { facts, problems } = accountFacts(snap);
    const findings: Finding[] = [...problems];
    for (const p of legacy) {
      const excluded = facts.flatMap((a) => {
        const e = exclusionOf(p, a, declaredGroupId);
        return e.excluded ? [`${a.upn} ${describeExclusion(e).replace(/ — prefer.*$/, '')}`] : [];
      });
      const reportOnly = p.state === 'enabledForReportingButNotEnforced';
      if (excluded.length)
        findings.push(
          finding(
            policyRef(p),
            reportOnly ? 'warn' : 'fail',
            `${stateLabel(p.state)} legacy-auth block excludes ${excluded.join('; ')} — a downgrade path`,
          ),
        );
      else findings.push(finding(policyRef(p), 'pass', `${stateLabel(p.state)}; applies to the accounts`));
    }
    return result(check, {
      findings,
      passReason: `${legacy.length} legacy-auth block policy(ies) apply to the accounts`,
      remediation,
    });
  },
};
