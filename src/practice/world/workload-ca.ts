/**
 * Conditional Access for workload identities at the token endpoint
 * (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity): a policy whose
 * conditions.clientApplications.includeServicePrincipals names the app's service principal (or
 * ServicePrincipalsInMyTenant) and that the app is not excluded from, with every application
 * ("The policy applies only when a service principal requests a token") and a location condition,
 * blocks the token request when the caller's address is in an included location and in no excluded
 * one ("Access is blocked when a token request is made from outside the allowed range").
 * Block is the only grant for workload identities. Report-only and disabled policies never block.
 * Licences do not matter here: "existing Conditional Access policies for workload identities will
 * continue to function" without them (same page).
 *
 * Named locations are IP ranges (ipNamedLocation.ipRanges, CIDR:
 * https://learn.microsoft.com/graph/api/resources/ipnamedlocation); "AllTrusted" is every named
 * location marked trusted (https://learn.microsoft.com/entra/identity/conditional-access/concept-assignment-network).
 * The caller's address is the scenario's `simulation.servicePrincipalSignInIp` (the practice tenant
 * listens on loopback, so the real address says nothing).
 */
import type { WorldState } from './world-state.js';
export type { NamedLocationRec } from './state.js';

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** Is the IPv4 address inside the CIDR range (a.b.c.d/n)? IPv6 ranges never match an IPv4 caller. */
export function inRange(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  const bits = Number(bitsText ?? '32');
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function locationMatches(w: WorldState, loc: string, ip: string): boolean {
  if (loc === 'All') return true;
  const named = w.namedLocations.filter((n) =>
    loc === 'AllTrusted' ? n.isTrusted : n.id.toLowerCase() === loc.toLowerCase(),
  );
  return named.some((n) => n.ipRanges.some((r) => inRange(ip, r)));
}

/** The enforced policy that blocks this app's token request, or undefined. */
export function workloadPolicyBlocking(w: WorldState, appId: string): { id: string; displayName: string } | undefined {
  const sp = w.servicePrincipalByAppId(appId);
  if (!sp) return undefined;
  const ip = w.servicePrincipalSignInIp;
  for (const p of w.caPolicies.values()) {
    if (p.state !== 'enabled') continue;
    const c = (p.conditions ?? {}) as {
      clientApplications?: { includeServicePrincipals?: string[]; excludeServicePrincipals?: string[] } | null;
      applications?: { includeApplications?: string[] } | null;
      locations?: { includeLocations?: string[]; excludeLocations?: string[] } | null;
    };
    const ca = c.clientApplications;
    if (!ca) continue;
    const inc = ca.includeServicePrincipals ?? [];
    const named = (list: string[]) =>
      list.some((x) => x === 'ServicePrincipalsInMyTenant' || x.toLowerCase() === sp.id.toLowerCase());
    if (!named(inc) || (ca.excludeServicePrincipals ?? []).some((x) => x.toLowerCase() === sp.id.toLowerCase()))
      continue;
    if (!(c.applications?.includeApplications ?? []).includes('All')) continue;
    const loc = c.locations;
    if (loc) {
      const included = (loc.includeLocations ?? []).some((l) => locationMatches(w, l, ip));
      const excluded = (loc.excludeLocations ?? []).some((l) => locationMatches(w, l, ip));
      if (!included || excluded) continue;
    }
    const grant = (p.grantControls ?? {}) as { builtInControls?: string[] };
    if ((grant.builtInControls ?? []).includes('block'))
      return { id: String(p.id), displayName: String(p.displayName) };
  }
  return undefined;
}
