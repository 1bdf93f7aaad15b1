/**
 * Which Microsoft Entra licences the tenant holds, as Microsoft exposes them,
 * and the not-applicable verdict a check gives when its subject needs one the
 * tenant lacks. Never guessed: the answer comes from the tenant's
 * `organization.assignedPlans` (read with the organization, no extra
 * permission: https://learn.microsoft.com/graph/api/resources/organization,
 * assignedPlan: https://learn.microsoft.com/graph/api/resources/assignedplan),
 * or from the documented licence error of the call itself (the read's
 * `licence`, set by the fetch plan). Fail closed: when neither can be read,
 * the check that needs the answer is an error, never a pass and never
 * not-applicable.
 */
import type { Read } from '../core/check.js';
import { hasLicence, LICENCE_NAMES, type Licence } from '../config/licences.js';
import type { TenantSnapshot } from './snapshot.js';

/**
 * Service plan ids of the Entra licences, from Microsoft's "Product names and
 * service plan identifiers for licensing"
 * (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference):
 * AAD_PREMIUM (Microsoft Entra ID P1), AAD_PREMIUM_P2 (P2) and
 * Entra_Identity_Governance. Suites (Microsoft 365 E3/E5, EMS…) carry these same
 * plans, so the plan, not the product, decides.
 */
export const SERVICE_PLAN_LICENCE: Readonly<Record<string, Licence>> = {
  '41781fb2-bc02-4b7c-bd55-b576c07bb09d': 'P1',
  'eec0eb4f-6444-4f95-aba0-50c24d67f998': 'P2',
  'e866a266-3cff-43a3-acca-0c90a7e00c8b': 'governance',
};

/**
 * assignedPlan.capabilityStatus (assignedplan resource page): Enabled, Warning
 * (the grace period: still working), Suspended, Deleted, LockedOut (not working).
 * Any other value is not understood, and so not guessed at.
 */
const WORKING = new Set(['enabled', 'warning']);
const NOT_WORKING = new Set(['suspended', 'deleted', 'lockedout']);

export interface AssignedPlan {
  servicePlanId?: string | null;
  capabilityStatus?: string | null;
  service?: string | null;
}

/** The Entra licences the tenant holds, or why that could not be told. */
export function tenantLicences(snap: Pick<TenantSnapshot, 'organization'>): Read<Licence[]> {
  const org = snap.organization;
  if (!org.ok) return { ok: false, error: `the organization could not be read: ${org.error}` };
  const plans = (org.value as { assignedPlans?: AssignedPlan[] | null }).assignedPlans;
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

export type LicenceGate = { kind: 'held' } | { kind: 'missing'; how: string } | { kind: 'unknown'; error: string };

/**
 * Does the tenant hold `needed`? `reads` are the check's own reads whose
 * documented licence error also settles it (403/400 naming the missing licence).
 */
export function licenceGate(
  snap: Pick<TenantSnapshot, 'organization'>,
  needed: Licence,
  reads: Read<unknown>[] = [],
): LicenceGate {
  const refused = reads.find((r) => !r.ok && r.licence !== undefined);
  if (refused && !refused.ok)
    return { kind: 'missing', how: `the tenant answered with Microsoft's licence error: ${refused.error}` };
  const t = tenantLicences(snap);
  if (!t.ok) return { kind: 'unknown', error: t.error };
  if (hasLicence(t.value, needed)) return { kind: 'held' };
  return {
    kind: 'missing',
    how: `the tenant's assigned plans hold ${t.value.length ? t.value.map((l) => LICENCE_NAMES[l]).join(', ') : 'no Microsoft Entra ID P1 or P2'}`,
  };
}

/** "needs Microsoft Entra ID P1 (exporting sign-in logs), which this tenant does not have (…how)". */
export function needsReason(needed: Licence, what: string, how: string): string {
  return `needs ${LICENCE_NAMES[needed]} (${what}), which this tenant does not have — ${how}`;
}

/** The error a licence-gated check gives when the licence state cannot be read: fail closed. */
export function unknownReason(needed: Licence, error: string): string {
  return `cannot tell whether the tenant holds ${LICENCE_NAMES[needed]}, which decides this check: ${error}`;
}
