/**
 * BG-024: the break-glass app's sign-ins reach a person within 5 minutes, and
 * its credential was proven recently.
 *
 *  - Its client-credentials sign-ins are exported: a Microsoft Entra diagnostic
 *    setting sends the ServicePrincipalSignInLogs category to the workspace
 *    ("certificates or client secrets are used for authentication",
 *    https://learn.microsoft.com/entra/identity/monitoring-health/concept-diagnostic-settings-logs-options).
 *  - An alert rule fires for THIS app: every rule reading
 *    AADServicePrincipalSignInLogs is run by Log Analytics over a synthetic
 *    success and a synthetic failure of the app (./app-alert-probe.ts), and the
 *    rest of the path to a person is judged as BG-012 judges it (frequency,
 *    window, action group with receivers, Sentinel incident and automation).
 *  - Validated recently: a signed validation report naming the app's appId
 *    (CheckConfig.lastSignedValidation), else its newest successful sign-in in
 *    the workspace, within validationMaxAgeDays (default 90, as Microsoft asks
 *    for emergency access: https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#validate-accounts-regularly).
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { declaredBreakGlassApp } from './declared-bg-app.js';
import { monitorView, sentinelView, type RuleView } from './bg-012-signin-alert.js';
import { probeRules } from './fetch-probes.js';
import { SP_SIGNIN_TABLE } from './app-alert-probe.js';
import type { Outcome } from './alert-probe.js';
import { day, daysSince, finding, nowOf, readError, result, type Finding } from './result.js';

const reads = [
  'bgApp',
  'diagnosticSettings',
  'alertRules',
  'scheduledQueryRules',
  'actionGroups',
  'automationRules',
  'bgAppProbes',
];
const CATEGORY = 'ServicePrincipalSignInLogs';
const lc = (s: string | undefined | null): string => (s ?? '').toLowerCase();

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-024',
  title: 'Every sign-in of the break-glass app pages within 5 minutes, and it was validated within 90 days',
  severity: 'critical',
  rationale:
    'No user MFA stands in front of an application credential: its sign-in log and an alert on it are the only guard that tells you it was used. A credential nobody has proven for months may not open the door when it must.',
  source:
    'https://learn.microsoft.com/entra/identity/monitoring-health/concept-diagnostic-settings-logs-options; https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs; https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule; https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#validate-accounts-regularly',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Send ServicePrincipalSignInLogs to the workspace (Entra diagnostic setting), alert on AADServicePrincipalSignInLogs for the app id without a ResultType filter (every 5 minutes, into an action group with receivers, or a Sentinel NRT rule with a notifying automation), and prove a token with the app at least every 90 days (rollover or emergency drill).';
    const found = declaredBreakGlassApp(check, snap, config, remediation);
    if (!('app' in found)) return found;
    const { app: bg, appRef } = found;
    const findings: Finding[] = [];

    // 1. Exported.
    if (!snap.diagnosticSettings.ok)
      findings.push(finding(appRef, 'error', `diagnostic settings unreadable: ${readError(snap.diagnosticSettings)}`));
    else {
      const ws = lc(config.workspace);
      const to = snap.diagnosticSettings.value.filter((s) =>
        (s.properties?.logs ?? []).some(
          (l) => l.enabled && (lc(l.category) === lc(CATEGORY) || lc(l.categoryGroup) === 'alllogs'),
        ),
      );
      if (!to.length)
        findings.push(
          finding(
            appRef,
            'fail',
            `no Entra diagnostic setting sends ${CATEGORY}: the app's sign-ins are in no workspace`,
          ),
        );
      else if (ws && !to.some((s) => lc(s.properties?.workspaceId) === ws))
        findings.push(
          finding(
            appRef,
            'fail',
            `${CATEGORY} goes to ${to.map((s) => s.properties?.workspaceId?.split('/').pop()).join(', ')}, not to the declared workspace`,
          ),
        );
    }

    // 2. Alerted: the rule's own query over a synthetic success and failure of this app.
    const readProblems = [
      ...(snap.sentinelRules.ok ? [] : [`Sentinel rules: ${readError(snap.sentinelRules)}`]),
      ...(snap.scheduledQueryRules.ok ? [] : [`Azure Monitor rules: ${readError(snap.scheduledQueryRules)}`]),
    ];
    const ids = new Set(probeRules(snap, [SP_SIGNIN_TABLE]).map((r) => lc(r.id)));
    const views: RuleView[] = [
      ...(snap.sentinelRules.ok
        ? snap.sentinelRules.value.filter((r) => ids.has(lc(r.id))).map((r) => sentinelView(snap, r, CATEGORY))
        : []),
      ...(snap.scheduledQueryRules.ok
        ? snap.scheduledQueryRules.value.filter((r) => ids.has(lc(r.id))).map((r) => monitorView(snap, r, CATEGORY))
        : []),
    ];
    if (!snap.bgAppProbes.ok)
      findings.push(finding(appRef, 'error', `the alert rules could not be probed: ${readError(snap.bgAppProbes)}`));
    else {
      const probes = snap.bgAppProbes.value;
      const covered: Record<Outcome, string | undefined> = { success: undefined, failure: undefined };
      let unsure = false;
      const notes: string[] = [];
      for (const v of views)
        for (const outcome of ['success', 'failure'] as Outcome[]) {
          const word = outcome === 'success' ? 'successful' : 'failed';
          const pr = probes.find((x) => lc(x.ruleId) === lc(v.id) && x.outcome === outcome);
          if (!pr) {
            unsure = true;
            notes.push(`"${v.name}": not probed`);
            continue;
          }
          if (!pr.result.ok) {
            unsure = true;
            notes.push(`"${v.name}": its query could not run over the synthetic row: ${readError(pr.result)}`);
            continue;
          }
          const f = v.fires(pr.result.value);
          if ('error' in f) {
            unsure = true;
            notes.push(`"${v.name}": ${f.error}`);
          } else if (!f.fires) notes.push(`"${v.name}" would not fire for a ${word} sign-in of the app (${f.why})`);
          else if (v.path.length) notes.push(`"${v.name}" would fire for a ${word} sign-in, but ${v.path.join('; ')}`);
          else if (v.unknown.length) {
            unsure = true;
            notes.push(`"${v.name}" would fire, but ${v.unknown.join('; ')}`);
          } else covered[outcome] ??= `${v.source} "${v.name}"${v.soft.length ? ` (${v.soft.join('; ')})` : ''}`;
        }
      if (covered.success && covered.failure)
        findings.push(
          finding(
            appRef,
            'pass',
            covered.success === covered.failure
              ? `${covered.success} fires for a successful and a failed sign-in of the app`
              : `successful sign-ins page through ${covered.success}, failed ones through ${covered.failure}`,
          ),
        );
      else {
        const missing = (['success', 'failure'] as Outcome[])
          .filter((o) => !covered[o])
          .map((o) => (o === 'success' ? 'a successful' : 'a failed'));
        const why = views.length
          ? [...new Set(notes)].join(' | ')
          : `no alert rule reads ${SP_SIGNIN_TABLE}${readProblems.length ? ` (${readProblems.join('; ')})` : ''}`;
        const verdict = unsure || (readProblems.length > 0 && !views.length) ? 'error' : 'fail';
        findings.push(finding(appRef, verdict, `nothing pages on ${missing.join(' or ')} sign-in of the app — ${why}`));
      }
    }

    // 3. Validated recently.
    const maxAge = config.validationMaxAgeDays ?? 90;
    const now = nowOf(config);
    const signed = Object.entries(config.lastSignedValidation ?? {}).find(
      ([k]) => lc(k) === lc(bg.application.appId),
    )?.[1];
    if (signed && daysSince(signed, now) <= maxAge)
      findings.push(finding(appRef, 'pass', `signed validation report of ${day(signed)} (report history)`));
    else if (!snap.bgAppLastSignIn.ok)
      findings.push(
        finding(
          appRef,
          'error',
          `no signed report within ${maxAge} days, and the app's sign-ins could not be read: ${readError(snap.bgAppLastSignIn)}`,
        ),
      );
    else {
      const last = snap.bgAppLastSignIn.value;
      if (last && daysSince(last, now) <= maxAge)
        findings.push(finding(appRef, 'pass', `last successful sign-in ${day(last)} (${SP_SIGNIN_TABLE})`));
      else
        findings.push(
          finding(
            appRef,
            'fail',
            `not validated within ${maxAge} days (${[signed && `last signed report ${day(signed)}`, last ? `last successful sign-in ${day(last)}` : 'no successful sign-in in the workspace'].filter(Boolean).join('; ')})`,
          ),
        );
    }
    return result(check, {
      findings,
      objects: [appRef, ...views.map((r) => ({ type: 'alertRule', id: r.id, name: r.name }))],
      passReason: `the app's sign-ins are exported, a successful and a failed one would page a person, and it was validated within ${maxAge} days`,
      remediation,
    });
  },
};
