/** BG-016: an alert fires on additions to the exclusion group and to the Global Administrator role. */
import type { CheckDefinition } from '../core/check.js';
import { GLOBAL_ADMIN_ROLE, type TenantSnapshot } from './snapshot.js';
import { permissionsForReads } from './reads.js';
import { literals, readsTable } from './kql.js';
import { alertRuleViews, logExportGate } from './monitoring.js';
import { finding, readError, result, type Finding } from './result.js';

const reads = ['group', 'alertRules', 'scheduledQueryRules', 'organization'];

export const check: CheckDefinition<TenantSnapshot> = {
  id: 'BG-016',
  title: 'Alert on additions to the exclusion group and the GA role',
  severity: 'high',
  rationale:
    'Adding a member to the exclusion group exempts it from Conditional Access; a new Global Administrator is the mutation that precedes a real compromise.',
  source:
    'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access#monitor-sign-in-and-audit-logs; https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities',
  reads,
  permissions: permissionsForReads(reads),
  evaluate(snap, config) {
    const remediation =
      'Create an alert rule over AuditLogs for "Add member to group" on the exclusion group and "Add member to role" for Global Administrator, with an action group or incident.';
    const { rules, readProblems } = alertRuleViews(snap);
    if (readProblems.length === 2 && !config.workspace) {
      const gated = logExportGate(check, snap, 'alerting on audit events needs them exported to Log Analytics');
      if (gated) return gated;
    }
    const g = snap.group.ok ? snap.group.value : undefined;
    const audit = rules.filter((r) => r.enabled && !r.silent && readsTable(r.query, 'AuditLogs'));
    let groupRule: string | undefined;
    let roleRule: string | undefined;
    for (const r of audit) {
      const lits = literals(r.query).map((l) => l.toLowerCase());
      const has = (s: string) => lits.some((l) => l.includes(s.toLowerCase()));
      const addGroup = has('add member to group');
      const addRole = has('add member to role') || has('add eligible member to role');
      const groupNamed = g ? has(g.displayName) || has(g.id) : false;
      const groupFiltered = lits.some((l) => l.length >= 4 && !l.startsWith('add ') && l !== 'auditlogs');
      if (addGroup && (groupNamed || !groupFiltered)) groupRule ??= r.name;
      if (addRole || has('global administrator') || has(GLOBAL_ADMIN_ROLE)) roleRule ??= r.name;
    }
    const findings: Finding[] = [];
    const gref = g
      ? { type: 'group', id: g.id, name: g.displayName }
      : { type: 'group', name: config.group ?? 'exclusion group' };
    const rref = { type: 'directoryRole', id: GLOBAL_ADMIN_ROLE, name: 'Global Administrator' };
    if (groupRule) findings.push(finding(gref, 'pass', `alerted by "${groupRule}"`));
    else if (!snap.group.ok)
      findings.push(finding(gref, 'error', `could not read the exclusion group: ${readError(snap.group)}`));
    else
      findings.push(
        finding(
          gref,
          readProblems.length ? 'error' : 'fail',
          `no alert on additions to the group${readProblems.length ? ` (${readProblems.join('; ')})` : ''}`,
        ),
      );
    if (roleRule) findings.push(finding(rref, 'pass', `alerted by "${roleRule}"`));
    else
      findings.push(
        finding(
          rref,
          readProblems.length ? 'error' : 'fail',
          `no alert on Global Administrator additions${readProblems.length ? ` (${readProblems.join('; ')})` : ''}`,
        ),
      );
    return result(check, { findings, passReason: 'group and role additions are alerted', remediation });
  },
};
