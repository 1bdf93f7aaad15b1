/** Alert rules from Sentinel and Azure Monitor, seen the same way (BG-012, BG-016). */
import type { CheckDefinition, Read } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { durationMinutes } from './kql.js';
import { errorResult, notApplicable, readError, type Evaluated } from './result.js';
import { licenceGate, needsReason, unknownReason } from './licences.js';

export interface AlertRuleView {
  id: string;
  name: string;
  source: 'Sentinel NRT' | 'Sentinel scheduled' | 'Azure Monitor scheduled query';
  enabled: boolean;
  query: string;
  /** How often it runs, minutes (NRT ≈ 1). */
  frequencyMin?: number;
  /** Why nobody would be paged, if so. */
  silent?: string;
}

export function alertRuleViews(snap: TenantSnapshot): { rules: AlertRuleView[]; readProblems: string[] } {
  const rules: AlertRuleView[] = [];
  const readProblems: string[] = [];
  if (snap.sentinelRules.ok) {
    for (const r of snap.sentinelRules.value) {
      if (r.kind !== 'NRT' && r.kind !== 'Scheduled') continue;
      const p = r.properties ?? {};
      rules.push({
        id: r.id,
        name: p.displayName ?? r.name,
        source: r.kind === 'NRT' ? 'Sentinel NRT' : 'Sentinel scheduled',
        enabled: p.enabled !== false,
        query: p.query ?? '',
        frequencyMin: r.kind === 'NRT' ? 1 : durationMinutes(p.queryFrequency),
        ...(p.incidentConfiguration?.createIncident === false ? { silent: 'creates no incident' } : {}),
      });
    }
  } else readProblems.push(`Sentinel rules: ${readError(snap.sentinelRules)}`);
  if (snap.scheduledQueryRules.ok) {
    for (const r of snap.scheduledQueryRules.value) {
      const p = r.properties ?? {};
      rules.push({
        id: r.id,
        name: p.displayName ?? r.name,
        source: 'Azure Monitor scheduled query',
        enabled: p.enabled !== false,
        query: (p.criteria?.allOf ?? []).map((c) => c.query ?? '').join('\n'),
        frequencyMin: durationMinutes(p.evaluationFrequency),
        ...(!(p.actions?.actionGroups ?? []).length ? { silent: 'has no action group (nobody is paged)' } : {}),
      });
    }
  } else readProblems.push(`Azure Monitor rules: ${readError(snap.scheduledQueryRules)}`);
  return { rules, readProblems };
}

/**
 * Alerting on Entra's logs needs them exported to a workspace, and the export
 * needs Microsoft Entra ID P1 ("A Microsoft Entra ID P1 or P2 tenant",
 * https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs).
 * When a monitoring check finds nothing to judge, the tenant's licences decide:
 * without P1 the check is not applicable and says what a free tenant does
 * instead; with P1 it carries on (undefined) and judges what it found; when the
 * licences cannot be read it is an error (fail closed).
 */
export function logExportGate(
  def: Pick<CheckDefinition, 'id' | 'title' | 'severity' | 'source'>,
  snap: TenantSnapshot,
  what: string,
  reads: Read<unknown>[] = [],
): Evaluated | undefined {
  const gate = licenceGate(snap, 'P1', reads);
  if (gate.kind === 'held') return undefined;
  if (gate.kind === 'unknown')
    return errorResult(
      def,
      unknownReason('P1', gate.error),
      "Grant the reader Organization.Read.All (or User.Read, delegated) so the tenant's licences can be read, and run the check again.",
    );
  return notApplicable(def, needsReason('P1', what, gate.how), FREE_TENANT_MONITORING);
}

/** What a tenant without P1 does instead of alerting (quarterly-validation's free-tenant path). */
export const FREE_TENANT_MONITORING =
  "Without P1 nothing can page on a sign-in. Look at the accounts' sign-ins in the Microsoft Entra admin center (Sign-in logs keep 7 days on Free: https://learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention) at every quarterly validation, and keep the audit log in view; with Microsoft Entra ID P1, export the logs and alert on them (runbook setup-conditional-access).";
