/**
 * The roles scoped to each restricted management administrative unit that holds the exclusion group or a
 * break-glass account (GET /directory/administrativeUnits/{id}/scopedRoleMembers,
 * https://learn.microsoft.com/graph/api/administrativeunit-list-scopedrolemembers). Only administrators
 * assigned at such a unit's scope can change its members
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management),
 * so they are who BG-006, BG-017 and BG-021 name.
 *
 * Which units need reading is only known after wave 2 (the group's and accounts' memberOf): this is one
 * more round trip, taken only when there is such a unit. A unit whose restriction could not be read counts
 * as restricted (fail closed: its roles are read, and a failure is an error, never a pass).
 */
import type { RequestEvidence, TenantSession } from '../core/tenant.js';
import { failed, ok, type DirObject, type ScopedRole, type TenantSnapshot } from './snapshot.js';
import type { FetchStats } from './fetch-stats.js';
import { requestEvidence } from './evidence.js';

const isUnit = (o: DirObject): boolean => o['@odata.type'] === '#microsoft.graph.administrativeUnit';

/** Units worth reading: restricted, or of unknown restriction. */
export function unitsToRead(snap: TenantSnapshot): DirObject[] {
  const seen = new Map<string, DirObject>();
  const lists = [snap.groupUnits, ...snap.accounts.map((a) => a.memberOf)];
  for (const l of lists)
    if (l.ok)
      for (const o of l.value)
        if (isUnit(o) && o.isMemberManagementRestricted !== false) seen.set(o.id.toLowerCase(), o);
  return [...seen.values()];
}

export async function fetchUnitRoles(
  tenant: TenantSession,
  snap: TenantSnapshot,
  stats: FetchStats,
  evidence: (key: string, e: RequestEvidence) => void,
): Promise<void> {
  const units = unitsToRead(snap);
  if (units.length === 0) {
    snap.unitRoles = ok({});
    return;
  }
  stats.waves++;
  stats.graphItems += units.length;
  stats.batchCalls++;
  stats.batchEnvelopes += Math.ceil(units.length / 20);
  const t0 = Date.now();
  let answers;
  try {
    answers = await tenant.graph.batch(
      units.map((u) => ({ method: 'GET', path: `/directory/administrativeUnits/${u.id}/scopedRoleMembers` })),
    );
  } catch (e) {
    snap.unitRoles = failed(
      `could not read the roles scoped to administrative units: ${String((e as Error)?.message ?? e)}`,
    );
    return;
  }
  const out: Record<string, ScopedRole[]> = {};
  const errors: string[] = [];
  let requestId: string | undefined;
  units.forEach((u, i) => {
    const r = answers[i];
    const rid = r?.requestId;
    evidence('unitRoles', {
      ...requestEvidence(
        'graph',
        'GET',
        `/v1.0/directory/administrativeUnits/${u.id}/scopedRoleMembers`,
        r?.status ?? 0,
        Date.now() - t0,
        rid,
      ),
      viaBatch: true,
    });
    const body = r?.body as { value?: ScopedRole[]; '@odata.nextLink'?: string } | undefined;
    if (!r || r.status < 200 || r.status >= 300 || !Array.isArray(body?.value)) {
      errors.push(`${u.displayName ?? u.id}: HTTP ${r?.status ?? 0}`);
      requestId ??= rid;
      return;
    }
    // A unit holds few scoped roles; a second page is not followed, so it is an error rather than a guess.
    if (body['@odata.nextLink']) {
      errors.push(`${u.displayName ?? u.id}: more than one page of scoped roles`);
      return;
    }
    out[u.id.toLowerCase()] = body.value;
  });
  snap.unitRoles = errors.length
    ? failed(`could not read the roles scoped to ${errors.join('; ')}`, requestId)
    : ok(out);
}
