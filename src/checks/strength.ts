/**
 * Is a Conditional Access policy Microsoft's recommended protection for the
 * emergency accounts, or a lockout? Microsoft now says: "Require
 * phishing-resistant multifactor authentication for all of your emergency
 * accounts" (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
 * A policy that targets the accounts and whose grant the accounts' own
 * registered methods satisfy is protection (BG-007, BG-018 pass it); a grant
 * they cannot satisfy — or one we cannot prove they satisfy — stays a lockout.
 *
 * Grant semantics: builtInControls, authenticationStrength, termsOfUse and
 * customAuthenticationFactors combine with `operator` AND / OR
 * (https://learn.microsoft.com/graph/api/resources/conditionalaccessgrantcontrols).
 * A strength is satisfied when one of its allowedCombinations is fully
 * covered by the account's methods (authenticationStrengthPolicy,
 * https://learn.microsoft.com/graph/api/resources/authenticationstrengthpolicy).
 */
import type { CaPolicy } from './snapshot.js';
import type { Credential } from './credentials.js';

/**
 * The built-in strengths (ids and combinations from the Graph example response of
 * https://learn.microsoft.com/graph/api/authenticationstrengthroot-list-policies),
 * used when a policy's strength arrives without its allowedCombinations.
 */
export const BUILT_IN_STRENGTHS: Record<string, { displayName: string; allowedCombinations: string[] }> = {
  '00000000-0000-0000-0000-000000000002': {
    displayName: 'Multifactor authentication',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
  },
  '00000000-0000-0000-0000-000000000003': {
    displayName: 'Passwordless MFA',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
  },
  '00000000-0000-0000-0000-000000000004': {
    displayName: 'Phishing-resistant MFA',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  },
};

export const PHISHING_RESISTANT_STRENGTH = '00000000-0000-0000-0000-000000000004';

type Strength = NonNullable<NonNullable<CaPolicy['grantControls']>['authenticationStrength']>;

export function strengthCombinations(s: Strength): string[] | undefined {
  const listed = (s as { allowedCombinations?: unknown }).allowedCombinations;
  if (Array.isArray(listed) && listed.every((x): x is string => typeof x === 'string')) return listed;
  return s.id ? BUILT_IN_STRENGTHS[s.id.toLowerCase()]?.allowedCombinations : undefined;
}

/**
 * Does the account (by its credentials) satisfy a strength? Only methods that are
 * not tied to one person's device are offered: a Windows Hello credential or a
 * passkey in Authenticator satisfies a strength for whoever holds that device, not
 * for the custodians of an emergency account.
 */
export function satisfiesStrength(
  s: Strength,
  creds: Credential[],
): { ok: true; by: string } | { ok: false; why: string } {
  const combos = strengthCombinations(s);
  const name = s.displayName ?? s.id ?? 'authentication strength';
  if (!combos)
    return {
      ok: false,
      why: `the combinations of strength "${name}" were not returned, so nothing proves the accounts satisfy it`,
    };
  const usable = creds.filter(
    (c) =>
      c.kind === 'security-key' || c.kind === 'certificate' || c.kind === 'password' || c.kind === 'fido2-unverified',
  );
  for (const combo of combos) {
    const need = combo.split(',').map((x) => x.trim());
    const by = need.map((mode) => usable.find((c) => c.modes.includes(mode)));
    if (by.every(Boolean)) {
      const restricted = (s as { combinationConfigurations?: unknown[] }).combinationConfigurations;
      if (need.includes('fido2') && Array.isArray(restricted) && restricted.length)
        return {
          ok: false,
          why: `strength "${name}" restricts FIDO2 keys (combinationConfigurations), which breakglass does not evaluate`,
        };
      const key = by.find((c) => c!.kind === 'security-key' || c!.kind === 'fido2-unverified');
      return { ok: true, by: `${name}, satisfied by ${key ? key.label : by.map((c) => c!.label).join(' + ')}` };
    }
  }
  return { ok: false, why: `no registered method satisfies strength "${name}" (${combos.join(' | ')})` };
}

/** Modes that are phishing-resistant (the built-in "Phishing-resistant MFA" strength's combinations). */
const PHISHING_RESISTANT_MODES = new Set(BUILT_IN_STRENGTHS[PHISHING_RESISTANT_STRENGTH]!.allowedCombinations);

/**
 * Does only a phishing-resistant sign-in satisfy this strength — every allowed combination made of
 * phishing-resistant modes only? `undefined` when its combinations were not returned (a custom strength
 * read without them): unknown, never assumed.
 */
export function onlyPhishingResistant(s: Strength): boolean | undefined {
  const combos = strengthCombinations(s);
  if (!combos) return undefined;
  return combos.every((c) => c.split(',').every((m) => PHISHING_RESISTANT_MODES.has(m.trim())));
}

/**
 * Is this policy the protection Microsoft recommends, satisfied by the account? Only a
 * grant that requires a phishing-resistant authentication strength qualifies (every
 * allowed combination phishing-resistant), met by the account's own registered methods.
 * With operator OR the strength alone suffices; with AND the only other control allowed
 * is `mfa` (which the same key satisfies). A plain MFA requirement, device or app
 * controls, terms of use, custom controls and the session controls `lockoutControls`
 * lists stay lockouts: the accounts must be excluded from those.
 */
export function protectionBy(
  p: CaPolicy,
  creds: Credential[],
  otherLockouts: string[],
): { protects: true; how: string } | { protects: false; why?: string } {
  const g = p.grantControls;
  const s = g?.authenticationStrength;
  if (!g || !s || !(s.id || s.displayName) || otherLockouts.length) return { protects: false };
  const name = s.displayName ?? s.id ?? 'authentication strength';
  if (onlyPhishingResistant(s) === false)
    return { protects: false, why: `strength "${name}" also allows methods that are not phishing-resistant` };
  const sat = satisfiesStrength(s, creds);
  if (!sat.ok) return { protects: false, why: sat.why };
  const and = (g.operator ?? 'OR').toUpperCase() === 'AND';
  if (and) {
    const others = [
      ...(g.builtInControls ?? []).filter((c) => c !== 'mfa').map((c) => `requires ${c}`),
      ...(g.termsOfUse ?? []).map((t) => `requires terms of use ${t}`),
      ...(g.customAuthenticationFactors ?? []).map((f) => `requires custom control ${f}`),
    ];
    if (others.length) return { protects: false, why: others.join('; ') };
  }
  return { protects: true, how: sat.by };
}

/** A hardware security key as an account will hold one once it is enrolled (for planning, before it is). */
const ENROLLED_KEY: Credential = { kind: 'security-key', label: 'a FIDO2 security key', modes: ['fido2'] };

/**
 * Would this policy be the protection Microsoft recommends — not a lockout — once the accounts
 * hold a FIDO2 security key? Set-up runbooks exclude the group from such a policy only while the
 * keys are enrolled (a Temporary Access Pass is not phishing-resistant), then take the exclusion
 * away: "Require phishing-resistant multifactor authentication for all of your emergency accounts"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
 */
export function protectsOnceKeysEnrolled(p: CaPolicy, otherLockouts: string[]): boolean {
  return protectionBy(p, [ENROLLED_KEY], otherLockouts).protects;
}

/**
 * What a policy's grant demands, read for BG-027: does it REQUIRE phishing-resistant MFA — can a
 * sign-in that it lets through only have been phishing-resistant? Grant controls combine with
 * `operator` AND / OR (https://learn.microsoft.com/graph/api/resources/conditionalaccessgrantcontrols):
 * with OR, any other control (MFA, a device, terms of use, a custom control) is a weaker way through;
 * with AND, other controls only add to the strength. `block` requires nothing: it denies.
 * The strength must be the built-in Phishing-resistant MFA strength or a custom one whose every
 * allowed combination is phishing-resistant
 * (https://learn.microsoft.com/entra/identity/authentication/concept-authentication-strengths).
 */
export type GrantDemand =
  | { kind: 'phishing-resistant'; strength: string }
  | { kind: 'weaker'; why: string }
  | { kind: 'unknown'; why: string }
  | { kind: 'none' };

export function phishingResistantDemand(p: CaPolicy): GrantDemand {
  const g = p.grantControls;
  const s = g?.authenticationStrength;
  if (!g || !s || !(s.id || s.displayName)) return { kind: 'none' };
  const builtIn = g.builtInControls ?? [];
  if (builtIn.includes('block')) return { kind: 'none' };
  const name = s.displayName ?? s.id ?? 'authentication strength';
  const only = onlyPhishingResistant(s);
  if (only === undefined)
    return {
      kind: 'unknown',
      why: `the combinations of strength "${name}" were not returned, so whether it admits only phishing-resistant methods is unknown`,
    };
  if (!only) return { kind: 'weaker', why: `strength "${name}" also allows methods that are not phishing-resistant` };
  if ((g.operator ?? 'OR').toUpperCase() !== 'AND') {
    const alternatives = [
      ...builtIn.map((c) => c),
      ...(g.termsOfUse ?? []).map((t) => `terms of use ${t}`),
      ...(g.customAuthenticationFactors ?? []).map((f) => `custom control ${f}`),
    ];
    if (alternatives.length)
      return {
        kind: 'weaker',
        why: `"require one of the selected controls": ${alternatives.join(', ')} satisfies it without strength "${name}"`,
      };
  }
  return { kind: 'phishing-resistant', strength: name };
}
