/**
 * What each run input's `suggest:` source reads, and the permissions those
 * reads need (queries/input-suggestions.ts makes the calls). The reads run
 * with the run's default identity, so the runbook must declare these like a
 * step's: `validate` says so at the input's `suggest:` key, and counts them as
 * used for the least-privilege warning. Here, not beside the reads, because
 * the validator sits floors below queries/ (docs/architecture.md).
 *
 * Rows of the permission table (src/config/permission-table.ts) per source:
 * - exclusion-group: ca.policies.list (Policy.Read.All,
 *   https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies) and
 *   group.get (GroupMember.Read.All, https://learn.microsoft.com/graph/api/group-get)
 * - exclusion-group-members: those, then group.members.list (GroupMember.Read.All,
 *   https://learn.microsoft.com/graph/api/group-list-members) and user.get.basic in a
 *   $batch: `$select=id,userPrincipalName` is the basic profile, which User.ReadBasic.All
 *   reads delegated, but Learn lists no User.ReadBasic.All for an application, so the
 *   declaration that serves both is User.Read.All (https://learn.microsoft.com/graph/api/user-get)
 * - sign-in-log-workspace: aadiam.diagnosticSettings.list, authorized by the caller's
 *   Entra role (at least Security Administrator:
 *   https://learn.microsoft.com/entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs)
 */
import type { PermissionSet, SuggestionSource } from '../core/runbook.js';

export const SUGGESTION_CALLS: Record<SuggestionSource, readonly string[]> = {
  'exclusion-group': ['ca.policies.list', 'group.get'],
  'exclusion-group-members': ['ca.policies.list', 'group.get', 'group.members.list', 'batch', 'user.get.basic'],
  'sign-in-log-workspace': ['aadiam.diagnosticSettings.list'],
};

export const SUGGESTION_PERMISSIONS: Record<SuggestionSource, Partial<PermissionSet>> = {
  'exclusion-group': { graph: ['Policy.Read.All', 'GroupMember.Read.All'] },
  'exclusion-group-members': { graph: ['Policy.Read.All', 'GroupMember.Read.All', 'User.Read.All'] },
  'sign-in-log-workspace': { arm: ['Security Administrator (Microsoft Entra role)'] },
};

/** The permissions `source` needs; undefined for a source this build does not know (the schema reports it). */
export function suggestionPermissions(source: string): Partial<PermissionSet> | undefined {
  return Object.prototype.hasOwnProperty.call(SUGGESTION_PERMISSIONS, source)
    ? SUGGESTION_PERMISSIONS[source as SuggestionSource]
    : undefined;
}
