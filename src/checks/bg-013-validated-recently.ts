/**
 * BG-013: each account was validated within 90 days. Evidence, strongest
 * first: a signed breakglass validation report (CheckConfig.lastSignedValidation,
 * from report history), else a phishing-resistant success in the sign-in log,
 * else the tenant's signInActivity.lastSuccessfulSignInDateTime (method
 * unknown). The result says which evidence counted.
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { methodsOf, newest, phishingResistant, succeeded } from './signin-log.js';
import {
  acctRef,
  day,
  daysSince,
  errorResult,
  finding,
  NO_ACCOUNTS,
  nowOf,
  perAccount,
  readError,
  result,
} from './result.js';
import { licenceGate, needsReason } from './licences.js';

const reads = ['users', 'signInActivity', 'signIns', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-013',
  title: 'Each account validated within 90 days',
  severity: 'high',
  rationale:
    'A key wiped in a desk move or an alert that stopped paging is only found by using the account. Microsoft recommends validating emergency-access accounts at least every 90 days.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#validate-accounts-regularly',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    if (snap.accounts.length === 0) return errorResult(check, NO_ACCOUNTS, 'Declare the break-glass accounts.');
    const maxAge = config.validationMaxAgeDays ?? 90;
    const now = nowOf(config);
    const signed = new Map(Object.entries(config.lastSignedValidation ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const findings = perAccount(snap, (a, u) => {
      const ref = acctRef(a, u);
      const report = signed.get(a.upn) ?? signed.get(u.userPrincipalName.toLowerCase());
      if (report && daysSince(report, now) <= maxAge)
        return finding(ref, 'pass', `signed validation report of ${day(report)} (report history)`);
      const recent = (iso: string | null | undefined): iso is string => !!iso && daysSince(iso, now) <= maxAge;
      // Next best: the sign-in log, which shows the method (a validation is a phishing-resistant sign-in).
      if (a.signIns.ok) {
        const pr = newest(a.signIns.value, (x) => succeeded(x) && phishingResistant(x));
        if (pr && recent(pr.createdDateTime))
          return finding(
            ref,
            'pass',
            `sign-in log: phishing-resistant sign-in ${day(pr.createdDateTime)} (${methodsOf(pr).join(', ')})`,
          );
        const other = newest(a.signIns.value, succeeded);
        if (other && recent(other.createdDateTime))
          return finding(
            ref,
            'fail',
            `last successful sign-in ${day(other.createdDateTime)} used ${methodsOf(other).join(', ') || 'an unknown method'}, not a phishing-resistant method${pr ? `; last FIDO2/certificate sign-in ${day(pr.createdDateTime)}` : ''}`,
          );
      }
      const sa = a.signInActivity;
      const last = sa.ok ? (sa.value?.lastSuccessfulSignInDateTime ?? undefined) : undefined;
      if (recent(last))
        return finding(
          ref,
          a.signIns.ok ? 'pass' : 'warn',
          `tenant signInActivity: last successful sign-in ${day(last)}${a.signIns.ok ? '' : ' (method unknown: sign-in log unreadable)'}${report ? `; last signed report ${day(report)} is older` : ''}`,
        );
      if (!sa.ok && !a.signIns.ok) {
        // Without Entra ID P1 the tenant keeps no sign-in data breakglass can read: only a signed
        // report can show the validation, and its absence is a warning that names the licence.
        const gate = licenceGate(snap, 'P1', [sa, a.signIns]);
        if (gate.kind === 'missing')
          return finding(
            ref,
            'warn',
            `no signed validation report within ${maxAge} days${report ? ` (last ${day(report)})` : ''}; sign-in evidence ${needsReason('P1', 'sign-in logs and signInActivity', gate.how)} — run the quarterly-validation runbook, whose signed report is the evidence here`,
          );
        return finding(
          ref,
          'error',
          `no signed report within ${maxAge} days${report ? ` (last ${day(report)})` : ''}, and sign-in data could not be read: ${readError(sa)}`,
        );
      }
      const seen = [
        report && `last signed report ${day(report)}`,
        last ? `last successful sign-in ${day(last)}` : 'no successful sign-in recorded',
      ]
        .filter(Boolean)
        .join('; ');
      return finding(ref, 'fail', `not validated within ${maxAge} days (${seen})`);
    });
    return result(check, {
      findings,
      passReason: `every account was validated within ${maxAge} days`,
      remediation:
        'Run the quarterly validation runbook: a witnessed FIDO2 sign-in to each account that confirms the alert paged, ending in a signed report.',
    });
  },
};
