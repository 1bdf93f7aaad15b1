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

export function hasLicence(held: Iterable<string>, needed: Licence): boolean {
  const h = new Set(held);
  return SATISFIED_BY[needed].some((l) => h.has(l));
}
