/**
 * The read-only tenant reads behind a run input's `suggest:` (core/runbook.ts
 * SUGGESTION_SOURCES). Each returns values the form OFFERS — the operator picks
 * one or types over it; nothing here is ever used unchosen. A read that fails
 * throws with what it could not read, so the form says so and the operator types.
 *
 * exclusion-group          groups excluded from at least half of the enabled or
 *                          report-only Conditional Access policies (the shape of a
 *                          break-glass exclusion group; checks/suggest.ts)
 * exclusion-group-members  the user accounts in those groups
 * sign-in-log-workspace    the Log Analytics workspaces the Entra diagnostic settings
 *                          send SignInLogs to
 *
 * Reads:
 * - GET /identity/conditionalAccess/policies (Policy.Read.All)
 *   https://learn.microsoft.com/graph/api/conditionalaccessroot-list-policies
 * - GET /groups/{id}?$select=id,displayName (GroupMember.Read.All)
 *   https://learn.microsoft.com/graph/api/group-get
 * - GET /groups/{id}/members?$select=id, then GET /users/{id}?$select=id,userPrincipalName in a $batch
 *   (GroupMember.Read.All, User.Read.All) https://learn.microsoft.com/graph/api/group-list-members,
 *   https://learn.microsoft.com/graph/api/user-get, https://learn.microsoft.com/graph/json-batching
 * - GET /providers/microsoft.aadiam/diagnosticSettings?api-version=2017-04-01
 *   https://learn.microsoft.com/azure/templates/microsoft.aadiam/diagnosticsettings
 *
 * What these reads need is config/suggestion-permissions.ts (the validator checks the
 * runbook declares it, and the permission table names this file for each row).
 */
import type { InputSuggestion, InputType, SuggestionSource } from '../core/runbook.js';
import type { TenantSession } from '../core/tenant.js';
import { fetchSnapshot } from '../checks/fetch-plan.js';
import { readError } from '../checks/result.js';
import { suggestCandidates } from '../checks/suggest.js';
import type { DiagnosticSetting, DirObject } from '../checks/snapshot.js';
import { seg } from '../actions/odata.js';

interface ExclusionGroup {
  id: string;
  name: string;
  excludedBy: number;
}

async function exclusionGroups(tenant: TenantSession): Promise<{ groups: ExclusionGroup[]; policies: number }> {
  const { snapshot } = await fetchSnapshot(tenant, ['caPolicies'], { accounts: [] });
  if (!snapshot.caPolicies.ok)
    throw new Error(`could not read the Conditional Access policies: ${readError(snapshot.caPolicies)}`);
  const policies = snapshot.caPolicies.value.filter((p) => p.state !== 'disabled').length;
  const groups: ExclusionGroup[] = [];
  for (const c of suggestCandidates(snapshot).filter((c) => c.kind === 'group')) {
    const g = await tenant.graph.request<{ id: string; displayName?: string }>({
      method: 'GET',
      path: `/groups/${seg(c.id)}`,
      query: { $select: 'id,displayName' },
    });
    groups.push({ id: c.id, name: g.body.displayName ?? c.id, excludedBy: c.excludedBy });
  }
  return { groups, policies };
}

async function membersOf(tenant: TenantSession, group: ExclusionGroup): Promise<string[]> {
  // members are directoryObjects: read ids and types, then the users' UPNs (as ca.exclusionPlan does).
  const ids: string[] = [];
  for await (const m of tenant.graph.list<DirObject>({
    path: `/groups/${seg(group.id)}/members`,
    query: { $select: 'id' },
  }))
    if ((m['@odata.type'] ?? '#microsoft.graph.user').endsWith('.user')) ids.push(m.id);
  if (!ids.length) return [];
  const reads = await tenant.graph.batch(
    ids.map((id) => ({
      method: 'GET' as const,
      path: `/users/${seg(id)}`,
      query: { $select: 'id,userPrincipalName' },
    })),
  );
  return reads.map((r, i) => {
    if (r.status >= 400) throw new Error(`could not read member ${ids[i]} of ${group.name} (HTTP ${r.status})`);
    return (r.body as DirObject).userPrincipalName ?? ids[i]!;
  });
}

/** Reads what `source` suggests for an input of `type`. Throws (in words) when the tenant could not be read. */
export async function readSuggestions(
  tenant: TenantSession,
  source: SuggestionSource,
  type: InputType,
): Promise<InputSuggestion[]> {
  if (source === 'sign-in-log-workspace') {
    const { snapshot } = await fetchSnapshot(tenant, ['diagnosticSettings'], { accounts: [] });
    if (!snapshot.diagnosticSettings.ok)
      throw new Error(`could not read the Entra diagnostic settings: ${readError(snapshot.diagnosticSettings)}`);
    return workspaceSuggestions(snapshot.diagnosticSettings.value);
  }
  const { groups, policies } = await exclusionGroups(tenant);
  const excluded = (g: ExclusionGroup) => `excluded from ${g.excludedBy} of ${policies} Conditional Access policies`;
  if (source === 'exclusion-group') return groups.map((g) => ({ value: g.name, label: `${g.name} (${excluded(g)})` }));
  const out: InputSuggestion[] = [];
  for (const g of groups) {
    const upns = await membersOf(tenant, g);
    if (!upns.length) continue;
    // A list input takes the group's accounts together; a single account is one of them.
    if (type === 'upn-list') out.push({ value: upns, label: `${upns.join(', ')} (the accounts in ${g.name})` });
    else for (const u of upns) out.push({ value: u, label: `${u} (in ${g.name}, ${excluded(g)})` });
  }
  return out;
}

/** Workspaces that receive SignInLogs from an enabled diagnostic setting, by resource id. */
export function workspaceSuggestions(settings: DiagnosticSetting[]): InputSuggestion[] {
  const seen = new Map<string, InputSuggestion>();
  for (const s of settings) {
    const ws = s.properties?.workspaceId?.trim();
    if (!ws) continue;
    const signIns = (s.properties.logs ?? []).some(
      (l) => l.enabled && (l.categoryGroup === 'allLogs' || l.category?.toLowerCase() === 'signinlogs'),
    );
    if (signIns && !seen.has(ws.toLowerCase()))
      seen.set(ws.toLowerCase(), {
        value: ws,
        label: `${ws} (diagnostic setting "${s.name}" sends sign-in logs here)`,
      });
  }
  return [...seen.values()];
}
