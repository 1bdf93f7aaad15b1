/**
 * BG-011: SignInLogs (and AuditLogs, non-interactive sign-ins) flow to a Log Analytics workspace.
 * Judged on the Entra diagnostic settings; where they are refused to an app-only caller (a pipeline),
 * on the outcome instead — rows arriving in the declared workspace (./log-arrivals.ts).
 */
import type { CheckDefinition } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { errorResult, finding, readError, result } from './result.js';
import { logExportGate } from './monitoring.js';
import { wasNotRead } from './snapshot.js';
import { arrivalsVerdict } from './log-arrivals.js';

const reads = ['diagnosticSettings', 'logArrivals', 'organization'];
const WANTED = ['SignInLogs', 'AuditLogs', 'NonInteractiveUserSignInLogs'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-011',
  title: 'Sign-in and audit logs flow to Log Analytics',
  severity: 'high',
  rationale:
    'Every use of a break-glass account must be loud; alert rules can only see sign-ins that Entra exports to a workspace (requires Entra ID P1).',
  source:
    'https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs; https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#monitor-sign-in-and-audit-logs; https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Create an Entra diagnostic setting that sends SignInLogs, NonInteractiveUserSignInLogs and AuditLogs to your Log Analytics workspace.';
    const what = 'exporting sign-in and audit logs to Log Analytics';
    if (!snap.diagnosticSettings.ok && !wasNotRead(snap.logArrivals))
      // Refused app-only: the rows arriving in the declared workspace decide (./fetch-log-arrivals.ts).
      return arrivalsVerdict(check, snap, snap.diagnosticSettings, snap.logArrivals, remediation);
    if (!snap.diagnosticSettings.ok)
      return (
        (snap.diagnosticSettings.licence !== undefined
          ? logExportGate(check, snap, what, [snap.diagnosticSettings])
          : undefined) ??
        errorResult(
          check,
          `could not read Entra diagnostic settings: ${readError(snap.diagnosticSettings)}`,
          remediation,
        )
      );
    const ws = config.workspace?.toLowerCase();
    const settings = snap.diagnosticSettings.value.filter(
      (s) => s.properties?.workspaceId && (!ws || s.properties.workspaceId.toLowerCase() === ws),
    );
    if (settings.length === 0) {
      // Nothing exported: fine only where the export is impossible (no P1), and then the check says so.
      const gated = logExportGate(check, snap, what);
      if (gated) return gated;
      const any = snap.diagnosticSettings.value.length;
      return result(check, {
        verdict: 'fail',
        reason: ws
          ? `no diagnostic setting sends logs to ${config.workspace}${any ? ` (${any} other setting(s))` : ''}`
          : 'no diagnostic setting sends logs to a Log Analytics workspace',
        objects: snap.diagnosticSettings.value.map((s) => ({ type: 'diagnosticSetting', name: s.name })),
        remediation,
      });
    }
    const enabled = new Set<string>();
    for (const s of settings)
      for (const l of s.properties.logs ?? []) {
        if (!l.enabled) continue;
        if (l.categoryGroup === 'allLogs') WANTED.forEach((w) => enabled.add(w.toLowerCase()));
        if (l.category) enabled.add(l.category.toLowerCase());
      }
    const missing = WANTED.filter((w) => !enabled.has(w.toLowerCase()));
    const findings = settings.map((s) =>
      finding(
        { type: 'diagnosticSetting', id: s.id, name: s.name },
        'pass',
        `→ ${s.properties.workspaceId}: ${(s.properties.logs ?? [])
          .filter((l) => l.enabled)
          .map((l) => l.category ?? l.categoryGroup)
          .join(', ')}`,
      ),
    );
    if (missing.includes('SignInLogs'))
      return result(check, {
        verdict: 'fail',
        reason: 'SignInLogs are not exported — sign-in alerts cannot fire',
        findings,
        remediation,
      });
    if (missing.length)
      return result(check, { verdict: 'warn', reason: `not exported: ${missing.join(', ')}`, findings, remediation });
    return result(check, { verdict: 'pass', reason: `${WANTED.join(', ')} are exported`, findings, remediation });
  },
};
