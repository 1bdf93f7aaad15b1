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
import { hasLicence, LICENCE_NAMES, licencesFromPlans, type AssignedPlan, type Licence } from '../config/licences.js';

export { SERVICE_PLAN_LICENCE } from '../config/licences.js';
import type { TenantSnapshot } from './snapshot.js';

/** The Entra licences the tenant holds, or why that could not be told. */
export function tenantLicences(snap: Pick<TenantSnapshot, 'organization'>): Read<Licence[]> {
  const org = snap.organization;
  if (!org.ok) return { ok: false, error: `the organization could not be read: ${org.error}` };
  return licencesFromPlans((org.value as { assignedPlans?: AssignedPlan[] | null }).assignedPlans);
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
