/**
 * The tenant's id, display name, initial *.onmicrosoft.com domain (where
 * break-glass accounts must live: it never federates and never lapses),
 * whether Security Defaults is on (then no CA exclusions exist), and the Entra
 * licences it holds, read from organization.assignedPlans — runbooks branch on
 * them (a tenant without Entra ID P1 has no sign-in log export to read).
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { licencesFromPlans, hasLicence, type AssignedPlan } from '../config/licences.js';

interface Org {
  id: string;
  displayName: string;
  verifiedDomains: { name: string; isInitial?: boolean; isDefault?: boolean; type?: string }[];
  assignedPlans?: AssignedPlan[] | null;
}

export const query: Query<Record<string, never>> = {
  id: 'tenant.info',
  title: 'Read the tenant: initial domain, Security Defaults and licences',
  // /organization needs User.Read (delegated); Security Defaults needs Policy.Read.All.
  permissions: { graph: ['Policy.Read.All', 'Organization.Read.All'] },
  outputs: ['tenantId', 'displayName', 'initialDomain', 'securityDefaults', 'licences', 'entraP1'],
  args: z.strictObject({}),
  async run(_a, { tenant }) {
    const [org, sd] = await tenant.graph.batch([
      { method: 'GET', path: '/organization', query: { $select: 'id,displayName,verifiedDomains,assignedPlans' } },
      { method: 'GET', path: '/policies/identitySecurityDefaultsEnforcementPolicy' },
    ]);
    if (!org || org.status >= 400) throw new Error(`Could not read the organization (HTTP ${org?.status}).`);
    if (!sd || sd.status >= 400) throw new Error(`Could not read Security Defaults (HTTP ${sd?.status}).`);
    const o = (org.body as { value: Org[] }).value[0];
    if (!o) throw new Error('The organization object is empty.');
    const initial = o.verifiedDomains.find((d) => d.isInitial)?.name;
    if (!initial) throw new Error('No initial *.onmicrosoft.com domain among the verified domains.');
    const enabled = Boolean((sd.body as { isEnabled?: boolean }).isEnabled);
    // Fail closed: licences that cannot be told stop the step rather than pick a branch.
    const lic = licencesFromPlans(o.assignedPlans);
    if (!lic.ok) throw new Error(`Could not tell the tenant's licences: ${lic.error}.`);
    const p1 = hasLicence(lic.value, 'P1');
    return {
      outputs: {
        tenantId: o.id,
        displayName: o.displayName,
        initialDomain: initial,
        securityDefaults: enabled,
        licences: lic.value,
        entraP1: p1,
      },
      summary: `${o.displayName}: initial domain ${initial}; Security Defaults ${enabled ? 'ON' : 'off'}; ${p1 ? `licences ${lic.value.join(', ')}` : 'no Microsoft Entra ID P1 or P2'}`,
    };
  },
};
