/**
 * The tenant's id, display name, initial *.onmicrosoft.com domain (where
 * break-glass accounts must live: it never federates and never lapses) and
 * whether Security Defaults is on (seed 004: then no CA exclusions exist).
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';

interface Org {
  id: string;
  displayName: string;
  verifiedDomains: { name: string; isInitial?: boolean; isDefault?: boolean; type?: string }[];
}

export const query: Query<Record<string, never>> = {
  id: 'tenant.info',
  title: 'Read the tenant: initial domain and Security Defaults',
  // /organization needs User.Read (delegated); Security Defaults needs Policy.Read.All.
  permissions: { graph: ['Policy.Read.All', 'Organization.Read.All'] },
  outputs: ['tenantId', 'displayName', 'initialDomain', 'securityDefaults'],
  args: z.strictObject({}),
  async run(_a, { tenant }) {
    const [org, sd] = await tenant.graph.batch([
      { method: 'GET', path: '/organization', query: { $select: 'id,displayName,verifiedDomains' } },
      { method: 'GET', path: '/policies/identitySecurityDefaultsEnforcementPolicy' },
    ]);
    if (!org || org.status >= 400) throw new Error(`Could not read the organization (HTTP ${org?.status}).`);
    if (!sd || sd.status >= 400) throw new Error(`Could not read Security Defaults (HTTP ${sd?.status}).`);
    const o = (org.body as { value: Org[] }).value[0];
    if (!o) throw new Error('The organization object is empty.');
    const initial = o.verifiedDomains.find((d) => d.isInitial)?.name;
    if (!initial) throw new Error('No initial *.onmicrosoft.com domain among the verified domains.');
    const enabled = Boolean((sd.body as { isEnabled?: boolean }).isEnabled);
    return {
      outputs: { tenantId: o.id, displayName: o.displayName, initialDomain: initial, securityDefaults: enabled },
      summary: `${o.displayName}: initial domain ${initial}; Security Defaults ${enabled ? 'ON' : 'off'}`,
    };
  },
};
