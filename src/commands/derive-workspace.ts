/**
 * `check` without --workspace: the alert-rule checks need the Log Analytics
 * workspace, and the tenant already says where it sends its sign-in logs —
 * the Entra diagnostic settings. Those workspaces are OFFERED, never used
 * silently: a person at a terminal chooses one (or none); a pipeline is told
 * the exact flag to add and stops with the usage code, instead of two errors
 * telling it to create a rule that exists.
 *
 * The settings are read with GET /providers/microsoft.aadiam/diagnosticSettings
 * (api-version 2017-04-01); each names properties.workspaceId and its
 * properties.logs[] ({ category | categoryGroup, enabled }):
 * https://learn.microsoft.com/azure/templates/microsoft.aadiam/diagnosticsettings
 * https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs
 */
import type { TenantSession } from '../core/tenant.js';
import type { DiagnosticSetting } from '../checks/snapshot.js';

/** Reads that look in the declared workspace (alert rules, their action groups, the alert probe). */
export const WORKSPACE_READS: ReadonlySet<string> = new Set([
  'alertRules',
  'scheduledQueryRules',
  'actionGroups',
  'alertProbes',
]);

export interface WorkspaceCandidate {
  workspace: string;
  /** The diagnostic settings that send sign-in logs there. */
  settings: string[];
}

/** Workspaces the tenant's Entra diagnostic settings send SignInLogs to (enabled), in the order read. */
export function workspaceCandidates(settings: DiagnosticSetting[]): WorkspaceCandidate[] {
  const out = new Map<string, WorkspaceCandidate>();
  for (const s of settings) {
    const ws = s.properties?.workspaceId?.trim();
    if (!ws) continue;
    const signIns = (s.properties.logs ?? []).some(
      (l) => l.enabled && (l.categoryGroup === 'allLogs' || l.category?.toLowerCase() === 'signinlogs'),
    );
    if (!signIns) continue;
    const key = ws.toLowerCase();
    const c = out.get(key) ?? { workspace: ws, settings: [] };
    c.settings.push(s.name);
    out.set(key, c);
  }
  return [...out.values()];
}

/** Reads the settings; an unreadable read offers nothing (the checks then say what they could not read). */
export async function findWorkspaceCandidates(session: TenantSession): Promise<WorkspaceCandidate[]> {
  try {
    const { fetchSnapshot } = await import('../checks/fetch-plan.js');
    const { snapshot } = await fetchSnapshot(session, ['diagnosticSettings'], { accounts: [] });
    return snapshot.diagnosticSettings.ok ? workspaceCandidates(snapshot.diagnosticSettings.value) : [];
  } catch {
    return [];
  }
}

/** What a pipeline is told: where the logs go, and the exact flag to add. */
export function workspaceHint(candidates: WorkspaceCandidate[], command: string): string[] {
  const lines = [
    'no --workspace given, and the alert-rule checks need the Log Analytics workspace that holds the rules.',
    `The Entra diagnostic settings send sign-in logs to ${candidates.length === 1 ? 'this workspace' : 'these workspaces'}:`,
    ...candidates.map((c) => `  ${c.workspace}  (diagnostic setting ${c.settings.map((n) => `"${n}"`).join(', ')})`),
    candidates.length === 1
      ? 'If the alert rules are there, run:'
      : 'Choose the one that holds the alert rules, and run:',
    `  ${command} --workspace ${candidates[0]!.workspace}`,
  ];
  return lines;
}
