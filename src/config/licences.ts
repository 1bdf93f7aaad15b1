/**
 * Microsoft Entra licences a feature may need, as a tenant holds them
 * (https://learn.microsoft.com/entra/fundamentals/licensing):
 *  - P1: Microsoft Entra ID P1 (Conditional Access, sign-in logs via Graph,
 *    role-assignable groups, diagnostic settings export);
 *  - P2: Microsoft Entra ID P2, which includes everything in P1 (PIM, access reviews);
 *  - governance: Microsoft Entra ID Governance, which Learn names beside P2
 *    for PIM and access reviews;
 *  - workload-identities: Workload Identities Premium (Conditional Access for
 *    service principals).
 */
export const LICENCES = ['P1', 'P2', 'governance', 'workload-identities'] as const;
export type Licence = (typeof LICENCES)[number];

/** What a person reads: "Microsoft Entra ID P1". */
export const LICENCE_NAMES: Record<Licence, string> = {
  P1: 'Microsoft Entra ID P1',
  P2: 'Microsoft Entra ID P2 (or Microsoft Entra ID Governance)',
  governance: 'Microsoft Entra ID Governance',
  'workload-identities': 'Microsoft Entra Workload ID Premium',
};

/** Licences that satisfy a requirement: P2 includes P1; PIM and access reviews accept P2 or ID Governance. */
const SATISFIED_BY: Record<Licence, readonly Licence[]> = {
  P1: ['P1', 'P2'],
  P2: ['P2', 'governance'],
  governance: ['governance'],
  'workload-identities': ['workload-identities'],
};

/**
 * Service plan ids of the Entra licences, from Microsoft's "Product names and
 * service plan identifiers for licensing"
 * (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference):
 * AAD_PREMIUM (Microsoft Entra ID P1), AAD_PREMIUM_P2 (P2) and
 * Entra_Identity_Governance. Suites (Microsoft 365 E3/E5, EMS…) carry these same
 * plans, so the plan, not the product, decides.
 *
 * Workload identities: the product "Workload Identities Premium"
 * (Workload_Identities_Premium_CN, 73fa80b5-689f-4db9-bbe4-bd414bc41e44) carries two plans,
 * AAD_WRKLDID_P1 "Microsoft Entra Workload ID P1" (84c289f0-…) and AAD_WRKLDID_P2 "Microsoft Entra
 * Workload ID P2" (7dc0e92d-…), both GUIDs confirmed on the same page. Conditional Access for workload
 * identities needs "Workload Identities Premium licenses"
 * (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity); which of the two
 * plans carries it is not on Learn, so either plan is read as the licence (the reading under which a
 * missing policy is reported rather than excused).
 */
export const SERVICE_PLAN_LICENCE: Readonly<Record<string, Licence>> = {
  '41781fb2-bc02-4b7c-bd55-b576c07bb09d': 'P1',
  'eec0eb4f-6444-4f95-aba0-50c24d67f998': 'P2',
  'e866a266-3cff-43a3-acca-0c90a7e00c8b': 'governance',
  '84c289f0-efcb-486f-8581-07f44fc9efad': 'workload-identities',
  '7dc0e92d-bf15-401d-907e-0884efe7c760': 'workload-identities',
};

/**
 * assignedPlan.capabilityStatus (https://learn.microsoft.com/graph/api/resources/assignedplan):
 * Enabled, Warning (the grace period: still working), Suspended, Deleted, LockedOut (not
 * working). Any other value is not understood, and so not guessed at.
 */
const WORKING = new Set(['enabled', 'warning']);
const NOT_WORKING = new Set(['suspended', 'deleted', 'lockedout']);

export interface AssignedPlan {
  servicePlanId?: string | null;
  capabilityStatus?: string | null;
  service?: string | null;
}

/**
 * The Entra licences a tenant holds, from its organization.assignedPlans
 * (https://learn.microsoft.com/graph/api/resources/organization). Fails closed:
 * no list, or a status it does not know, is an error, never "no licence".
 */
export function licencesFromPlans(
  plans: AssignedPlan[] | null | undefined,
): { ok: true; value: Licence[] } | { ok: false; error: string } {
  if (!Array.isArray(plans)) return { ok: false, error: 'the organization object came without its assignedPlans' };
  const held = new Set<Licence>();
  for (const p of plans) {
    const licence = SERVICE_PLAN_LICENCE[(p.servicePlanId ?? '').toLowerCase()];
    if (!licence) continue;
    const status = (p.capabilityStatus ?? '').toLowerCase();
    if (WORKING.has(status)) held.add(licence);
    else if (!NOT_WORKING.has(status))
      return {
        ok: false,
        error: `the ${licence} service plan has capabilityStatus "${p.capabilityStatus ?? '(none)'}", which breakglass does not know`,
      };
  }
  return { ok: true, value: [...held] };
}

export function hasLicence(held: Iterable<string>, needed: Licence): boolean {
  const h = new Set(held);
  return SATISFIED_BY[needed].some((l) => h.has(l));
}
