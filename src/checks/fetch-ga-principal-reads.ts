/**
 * Who holds Global Administrator (BG-028). The assignments and eligibility (wave 1) name principals by id
 * only; wave 2 reads each one (GET /directoryObjects/{id}, https://learn.microsoft.com/graph/api/directoryobject-get:
 * the object comes back typed by @odata.type — user, group or servicePrincipal, the principals a role can be
 * assigned to, https://learn.microsoft.com/graph/api/resources/unifiedroleassignment). A group's members are
 * known only after that: one more round trip (GET /groups/{id}/members,
 * https://learn.microsoft.com/graph/api/group-list-members), taken only when a group holds the role.
 */
import { failed, ok, wasNotRead, type DirObject, type GaPrincipal, type TenantSnapshot } from './snapshot.js';
import { pending, type PendingRead, type ReadPlan } from './graph-waves.js';
import { MEMBERS_VERSION } from './fetch-group-reads.js';

const GROUP = '#microsoft.graph.group';

/**
 * Wave 2: each principal the Global Administrator assignments and eligibility name, once. When either list
 * is still paging (it settles with its last page), nothing is sent yet: `gaPrincipalsPending` then holds and
 * the fetch plan reads them after the waves.
 */
export function gaPrincipalReads({ snap, has }: ReadPlan): PendingRead[] {
  if (!has('gaPrincipals') || gaPrincipalsPending(snap)) return [];
  const ra = snap.roleAssignments;
  const re = snap.roleEligibility;
  if (!ra.ok) {
    snap.gaPrincipals = failed(
      `the principals depend on the Global Administrator assignments: ${ra.error}`,
      ra.requestId,
    );
    return [];
  }
  // Eligibility refused (a tenant without P2 answers with its licence error): the assignments' principals are still read.
  const ids = [...new Set([...ra.value, ...(re.ok ? re.value : [])].map((x) => x.principalId.toLowerCase()))];
  const byId: Record<string, GaPrincipal> = {};
  snap.gaPrincipals = ok(byId);
  return ids.map((id) =>
    pending<DirObject | null>({
      evidenceKey: 'gaPrincipals',
      req: { method: 'GET', path: `/directoryObjects/${id}` },
      shape: 'object',
      // 404: the assignment names an object that no longer exists.
      notFoundIsNull: true,
      assign: (r) => {
        byId[id] = { object: r };
      },
    }),
  );
}

/** The assignments or eligibility had more than one page, so the principals were not read in wave 2. */
export function gaPrincipalsPending(snap: TenantSnapshot): boolean {
  return wasNotRead(snap.gaPrincipals) && (wasNotRead(snap.roleAssignments) || wasNotRead(snap.roleEligibility));
}

/** After wave 2: the members of each group that holds (or is eligible for) the role. */
export function gaGroupMemberReads(snap: TenantSnapshot): PendingRead[] {
  if (!snap.gaPrincipals.ok) return [];
  const out: PendingRead[] = [];
  for (const p of Object.values(snap.gaPrincipals.value)) {
    const g = p.object.ok ? p.object.value : null;
    if (g?.['@odata.type'] !== GROUP) continue;
    out.push(
      pending<DirObject[]>({
        evidenceKey: 'gaPrincipals',
        // Beta: v1.0 does not list service principal members (./fetch-group-reads.ts, MEMBERS_VERSION).
        req: {
          method: 'GET',
          version: MEMBERS_VERSION,
          path: `/groups/${g.id}/members?$select=id,displayName,userPrincipalName`,
        },
        shape: 'collection',
        assign: (r) => {
          p.members = r;
        },
      }),
    );
  }
  return out;
}
