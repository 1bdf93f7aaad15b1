/**
 * Conditional Access semantics shared by BG-007, BG-008 and BG-018:
 * can a policy fail closed, can its scope include a break-glass account,
 * and is the account excluded (and how).
 *
 * "Fail closed" means: in an outage or misconfiguration the policy can deny
 * the sign-in. Any grant control is a requirement the sign-in may be unable
 * to meet (MFA service down, Intune degraded, device not compliant, the
 * authentication strength not enrolled, terms of use not served…), so every
 * grant control counts, `block` most of all. Session controls count only
 * where they can deny or force a fresh full authentication: sign-in
 * frequency "every time", Defender for Cloud Apps custom (proxy) policies,
 * strict continuous access evaluation, and token protection.
 */
import type * as GraphBeta from '@microsoft/microsoft-graph-types-beta';
import type { CaPolicy, DirObject } from './snapshot.js';
import { GLOBAL_ADMIN_ROLE } from './snapshot.js';

export const LEGACY_CLIENT_TYPES = ['exchangeActiveSync', 'other'];

export function stateLabel(state: string): string {
  return state === 'enabledForReportingButNotEnforced' ? 'report-only' : state;
}

/** Why the policy could deny a sign-in; empty = it cannot lock anyone out. */
export function lockoutControls(p: CaPolicy): string[] {
  const out: string[] = [];
  const g = p.grantControls;
  for (const c of g?.builtInControls ?? []) out.push(c === 'block' ? 'block access' : `requires ${c}`);
  if (g?.authenticationStrength?.id)
    out.push(`requires authentication strength ${g.authenticationStrength.displayName ?? g.authenticationStrength.id}`);
  for (const t of g?.termsOfUse ?? []) out.push(`requires terms of use ${t}`);
  for (const f of g?.customAuthenticationFactors ?? []) out.push(`requires custom control ${f}`);
  return [...out, ...sessionLockouts(p)];
}

/** The session controls that can deny a sign-in or force a full re-authentication. */
export function sessionLockouts(p: CaPolicy): string[] {
  const out: string[] = [];
  const s = p.sessionControls;
  if (s?.signInFrequency?.isEnabled && s.signInFrequency.frequencyInterval === 'everyTime')
    out.push('sign-in frequency every time (full re-authentication)');
  if (s?.cloudAppSecurity?.isEnabled && s.cloudAppSecurity.cloudAppSecurityType === 'mcasConfigured')
    out.push('Defender for Cloud Apps custom session policy');
  // continuousAccessEvaluation is in the beta $metadata only: v1.0's conditionalAccessSessionControls has no
  // such property, so a policy read from v1.0 never carries it. Typed from beta; kept for an answer that has it.
  const asBeta: GraphBeta.ConditionalAccessSessionControls | null | undefined = s;
  const cae = asBeta?.continuousAccessEvaluation;
  if (cae?.mode === 'strictEnforcement' || cae?.mode === 'strictLocation')
    out.push('strict continuous access evaluation');
  if (s?.secureSignInSession?.isEnabled) out.push('token protection');
  return out;
}

/** Client app types restricted to legacy authentication only (Exchange ActiveSync / other clients). */
export function isLegacyOnly(p: CaPolicy): boolean {
  const t = p.conditions?.clientAppTypes ?? [];
  return t.length > 0 && !t.includes('all') && t.every((x) => LEGACY_CLIENT_TYPES.includes(x));
}

/** A legacy-authentication block policy (BG-008). */
export function isLegacyBlock(p: CaPolicy): boolean {
  return isLegacyOnly(p) && (p.grantControls?.builtInControls ?? []).includes('block');
}

/** Why the policy applies to no user sign-in at all, or undefined when it can. */
export function appliesToNoSignIn(p: CaPolicy): string | undefined {
  const apps = p.conditions?.applications;
  const inc = apps?.includeApplications ?? [];
  const none = inc.length === 0 || (inc.length === 1 && inc[0] === 'None');
  if (
    none &&
    !(apps?.includeUserActions ?? []).length &&
    !(apps?.includeAuthenticationContextClassReferences ?? []).length
  )
    return 'targets no applications or user actions';
  const u = p.conditions?.users;
  const users = u?.includeUsers ?? [];
  if (
    (users.length === 0 || (users.length === 1 && users[0] === 'None')) &&
    !(u?.includeGroups ?? []).length &&
    !(u?.includeRoles ?? []).length &&
    !u?.includeGuestsOrExternalUsers
  )
    return 'targets no users (workload identities only)';
  return undefined;
}

/** What we know about one break-glass account for CA evaluation. */
export interface AccountFacts {
  upn: string;
  id: string;
  displayName?: string;
  userType?: string | null;
  /** Groups the account is in, directly or through nesting: id → display name. */
  groups: Map<string, string>;
}

export function factsOf(
  upn: string,
  user: { id: string; displayName?: string | null; userType?: string | null },
  transitive: DirObject[],
): AccountFacts {
  const groups = new Map<string, string>();
  for (const o of transitive) {
    const t = o['@odata.type'] ?? '#microsoft.graph.group';
    if (t.endsWith('.group')) groups.set(o.id, o.displayName ?? o.id);
  }
  return { upn, id: user.id, displayName: user.displayName ?? undefined, userType: user.userType, groups };
}

export type Scope = { included: true; via: string } | { included: false; why: string };

/** Can the policy's user scope include this account? */
export function userScope(p: CaPolicy, a: AccountFacts): Scope {
  const u = p.conditions?.users ?? {};
  const isGuest = a.userType === 'Guest';
  const incUsers = u.includeUsers ?? [];
  if (incUsers.includes('All')) return { included: true, via: 'All users' };
  if (incUsers.some((x) => x.toLowerCase() === a.id.toLowerCase()))
    return { included: true, via: 'the account directly' };
  if (isGuest && (incUsers.includes('GuestsOrExternalUsers') || u.includeGuestsOrExternalUsers))
    return { included: true, via: 'guests' };
  for (const g of u.includeGroups ?? [])
    if (a.groups.has(g)) return { included: true, via: `group ${a.groups.get(g)}` };
  // Break-glass accounts are Global Administrators by definition (BG-003 checks that), so a
  // policy that includes the GA role includes them — even if the role is missing right now.
  if ((u.includeRoles ?? []).includes(GLOBAL_ADMIN_ROLE)) return { included: true, via: 'role Global Administrator' };
  const bits: string[] = [];
  if (incUsers.length)
    bits.push(incUsers.includes('GuestsOrExternalUsers') ? 'guests only' : `${incUsers.length} specific user(s)`);
  if (u.includeGuestsOrExternalUsers) bits.push('guests/external users');
  if ((u.includeGroups ?? []).length) bits.push(`${u.includeGroups!.length} group(s) the account is not in`);
  if ((u.includeRoles ?? []).length) bits.push(`${u.includeRoles!.length} role(s) other than Global Administrator`);
  return { included: false, why: `scope is ${bits.join(', ') || 'empty'}` };
}

export type Exclusion =
  { excluded: true; via: 'group' | 'nested-group' | 'user' | 'role'; name: string } | { excluded: false };

/**
 * Is the account excluded, and how? The declared exclusion group is best;
 * another excluded group that contains the account (e.g. one the exclusion
 * group is nested in) also counts; a direct user or role exclusion counts
 * but earns "prefer the group".
 */
export function exclusionOf(p: CaPolicy, a: AccountFacts, declaredGroupId?: string): Exclusion {
  const u = p.conditions?.users ?? {};
  const exGroups = u.excludeGroups ?? [];
  if (declaredGroupId && exGroups.includes(declaredGroupId) && a.groups.has(declaredGroupId))
    return { excluded: true, via: 'group', name: a.groups.get(declaredGroupId)! };
  for (const g of exGroups)
    if (a.groups.has(g))
      return { excluded: true, via: g === declaredGroupId ? 'group' : 'nested-group', name: a.groups.get(g)! };
  if ((u.excludeUsers ?? []).some((x) => x.toLowerCase() === a.id.toLowerCase()))
    return { excluded: true, via: 'user', name: a.upn };
  if ((u.excludeRoles ?? []).includes(GLOBAL_ADMIN_ROLE))
    return { excluded: true, via: 'role', name: 'Global Administrator' };
  return { excluded: false };
}

export function describeExclusion(e: Exclusion & { excluded: true }): string {
  switch (e.via) {
    case 'group':
      return `excluded via the exclusion group ${e.name}`;
    case 'nested-group':
      return `excluded via group ${e.name}, which contains the account`;
    case 'user':
      return `excluded directly as a user — prefer the exclusion group`;
    case 'role':
      return `excluded via the Global Administrator role (excludes every GA) — prefer the exclusion group`;
  }
}

/**
 * Which sign-ins of a user in scope the policy leaves out: everything in its condition set
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccessconditionset) that narrows it
 * below "every resource, every client, everywhere". Empty = it applies to every sign-in of the user.
 * Resources: includeApplications "All" is "All resources"; "Office365", "MicrosoftAdminPortals" or
 * application ids are some of them; user actions and authentication contexts are not sign-ins to a
 * resource at all (https://learn.microsoft.com/graph/api/resources/conditionalaccessapplications).
 */
export function coverageGaps(p: CaPolicy): string[] {
  const c = p.conditions;
  const out: string[] = [];
  const apps = c?.applications;
  const inc = apps?.includeApplications ?? [];
  if (!inc.includes('All')) {
    if (inc.length && !(inc.length === 1 && inc[0] === 'None')) out.push(`only resources ${inc.join(', ')}`);
    if ((apps?.includeUserActions ?? []).length) out.push(`only user actions ${apps!.includeUserActions!.join(', ')}`);
    if ((apps?.includeAuthenticationContextClassReferences ?? []).length)
      out.push(`only authentication contexts ${apps!.includeAuthenticationContextClassReferences!.join(', ')}`);
  }
  if ((apps?.excludeApplications ?? []).length) out.push(`excludes resources ${apps!.excludeApplications!.join(', ')}`);
  if (apps?.applicationFilter) out.push('only resources its application filter matches');
  const clients = c?.clientAppTypes ?? [];
  if (clients.length && !clients.includes('all')) out.push(`only client apps ${clients.join(', ')}`);
  const pl = c?.platforms;
  if (pl && ((pl.includePlatforms?.length && !pl.includePlatforms.includes('all')) || pl.excludePlatforms?.length))
    out.push('not every device platform');
  const loc = c?.locations;
  if (loc && ((loc.includeLocations?.length && !loc.includeLocations.includes('All')) || loc.excludeLocations?.length))
    out.push('not from every location');
  if (c?.devices?.deviceFilter) out.push('only devices its device filter matches');
  if ((c?.signInRiskLevels ?? []).length) out.push(`only at sign-in risk ${c!.signInRiskLevels!.join(', ')}`);
  if ((c?.userRiskLevels ?? []).length) out.push(`only at user risk ${c!.userRiskLevels!.join(', ')}`);
  if (c?.insiderRiskLevels) out.push(`only at insider risk ${c.insiderRiskLevels}`);
  if (c?.authenticationFlows?.transferMethods)
    out.push(`only authentication flows ${c.authenticationFlows.transferMethods}`);
  return out;
}
