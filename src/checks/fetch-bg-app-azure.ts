/**
 * The fetch plan's read of the declared break-glass app's Azure roles (BG-026): once the app's service
 * principal is known, one ARM list per declared scope,
 *   GET {scope}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '{id}'
 *   (RoleAssignments_ListForScope, api-version 2022-04-01: "at, above or below the scope for the specified
 *   principal": https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope),
 * following nextLink. Assignments outside the declared scopes' hierarchy are not seen (docs say so).
 * A failed read is the check's error, never "holds nothing".
 */
import type { CheckConfig } from '../core/check.js';
import type { RequestEvidence, TenantSession } from '../core/tenant.js';
import { requestEvidence } from './evidence.js';
import { failed, ok, type AzureRoleAssignment, type TenantSnapshot } from './snapshot.js';

const API = '2022-04-01';

export async function fetchBreakGlassAppAzure(
  tenant: TenantSession,
  snap: TenantSnapshot,
  config: CheckConfig,
  evidence: (key: string, e: RequestEvidence) => void,
  count: () => void,
): Promise<void> {
  if (!snap.bgApp.ok) {
    snap.bgAppAzureRoles = failed(`the break-glass app could not be read: ${snap.bgApp.error}`);
    return;
  }
  const sp = snap.bgApp.value?.servicePrincipal;
  const scopes = [...new Set((config.breakGlassAppAzureRoles ?? []).map((r) => r.scope))];
  if (!sp || scopes.length === 0) {
    snap.bgAppAzureRoles = ok([]);
    return;
  }
  const byId = new Map<string, AzureRoleAssignment>();
  for (const scope of scopes) {
    let next: string | undefined =
      `${scope}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${sp.id}'`)}`;
    while (next) {
      const t0 = Date.now();
      count();
      try {
        const r: { status: number; body: { value?: AzureRoleAssignment[]; nextLink?: string }; requestId?: string } =
          await tenant.arm.request('GET', next, API);
        evidence(
          'bgAppAzure',
          requestEvidence('arm', 'GET', `${next}&api-version=${API}`, r.status, Date.now() - t0, r.requestId),
        );
        if (!Array.isArray(r.body?.value)) {
          snap.bgAppAzureRoles = failed(`${r.status}: the answer for ${scope} had no "value" list`, r.requestId);
          return;
        }
        for (const a of r.body.value) byId.set(a.id.toLowerCase(), a);
        const link = r.body.nextLink;
        next = link ? new URL(link).pathname + new URL(link).search.replace(/[?&]api-version=[^&]*/, '') : undefined;
      } catch (e) {
        const x = e as { message?: string; status?: number; requestId?: string };
        evidence(
          'bgAppAzure',
          requestEvidence('arm', 'GET', `${next}&api-version=${API}`, x.status ?? 0, Date.now() - t0, x.requestId),
        );
        snap.bgAppAzureRoles = failed(
          `could not read the Azure role assignments at ${scope}: ${String(x.message ?? e)}`,
          x.requestId,
        );
        return;
      }
    }
  }
  snap.bgAppAzureRoles = ok([...byId.values()]);
}
