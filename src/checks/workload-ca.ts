/**
 * Conditional Access for workload identities, as the break-glass app needs it
 * (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity, "Create a
 * location-based Conditional Access policy"): the app's service principal under
 * conditions.clientApplications.includeServicePrincipals (and not excluded), every cloud app
 * ("All cloud apps … The policy applies only when a service principal requests a token"), locations
 * "include Any location and exclude Selected locations where you want to allow access", grant
 * "Block access" (the only control for workload identities). Learn's sample body (Microsoft Graph
 * section of the same page) is the shape built and read here.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { graphBody, type GraphBody } from '../core/graph-types.js';
import type { CaPolicy } from './snapshot.js';

export type WorkloadPolicyState = 'enabled' | 'enabledForReportingButNotEnforced' | 'disabled';

/** Why this policy does not restrict the service principal to the allowed location, or undefined when it does. */
export function workloadPolicyGap(p: CaPolicy, spId: string, allowedLocation?: string): string | undefined {
  const c = p.conditions;
  const ca = c?.clientApplications;
  const id = spId.toLowerCase();
  const inc = (ca?.includeServicePrincipals ?? []).map((x) => x.toLowerCase());
  if (!inc.includes(id) && !inc.includes('serviceprincipalsinmytenant')) return 'does not include the app';
  if ((ca?.excludeServicePrincipals ?? []).some((x) => x.toLowerCase() === id)) return 'excludes the app';
  if (!(c?.applications?.includeApplications ?? []).includes('All')) return 'does not cover all cloud apps';
  const loc = c?.locations;
  if (!(loc?.includeLocations ?? []).includes('All')) return 'does not include any location';
  const exc = loc?.excludeLocations ?? [];
  if (exc.length === 0) return 'excludes no location, so it blocks every token request';
  if (allowedLocation && !exc.some((x) => x.toLowerCase() === allowedLocation.toLowerCase()))
    return `does not allow the declared named location ${allowedLocation} (it allows ${exc.join(', ')})`;
  if (!(p.grantControls?.builtInControls ?? []).includes('block')) return 'does not block';
  return undefined;
}

/** The policy body breakglass creates (Learn's sample for a location-based workload identity policy). */
export function workloadPolicyBody(
  displayName: string,
  spId: string,
  allowedLocation: string,
  state: WorkloadPolicyState,
): GraphBody {
  return graphBody<Graph.ConditionalAccessPolicy>({
    displayName,
    state,
    conditions: {
      applications: { includeApplications: ['All'] },
      clientApplications: { includeServicePrincipals: [spId] },
      locations: { includeLocations: ['All'], excludeLocations: [allowedLocation] },
    },
    grantControls: { operator: 'OR', builtInControls: ['block'] },
  });
}
