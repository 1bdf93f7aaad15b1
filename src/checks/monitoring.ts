/** Alert rules from Sentinel and Azure Monitor, seen the same way (BG-012, BG-016). */
import type { CheckConfig } from '../core/check.js';
import type { TenantSnapshot } from './snapshot.js';
import { durationMinutes } from './kql.js';
import { readError } from './result.js';

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
 * Security Defaults tenants usually have no P1, so no log export: without a
 * declared workspace the monitoring checks say so (warn) rather than error.
 */
export function noWorkspaceOnSecurityDefaults(snap: TenantSnapshot, config: CheckConfig): boolean {
  return !config.workspace && snap.securityDefaults.ok && snap.securityDefaults.value.isEnabled;
}
