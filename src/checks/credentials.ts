/**
 * What each registered authentication method of an account is, for the
 * checks that judge credentials (BG-004, BG-005, BG-019) and Conditional
 * Access protection (BG-007, BG-018).
 *
 * A FIDO2 method is a hardware security key only when all hold (Microsoft's
 * emergency-access guidance asks for credentials "not connected with any
 * employee-supplied devices such as phones",
 * https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access):
 *   - attestationLevel is `attested` (attestation proves the make and model;
 *     "For passkeys in Microsoft Authenticator, we don't currently support attestation",
 *     https://learn.microsoft.com/entra/identity/authentication/how-to-enable-passkey-fido2),
 *   - passkeyType, when Graph returns it, is `deviceBound` (v1.0 fido2AuthenticationMethod:
 *     https://learn.microsoft.com/graph/api/resources/fido2authenticationmethod),
 *   - its AAGUID is one Microsoft lists as an attestation-eligible security key (./fido2-aaguids.ts).
 * An unknown AAGUID is not a security key (a warning names it); a method with no type or
 * a FIDO2 method with no AAGUID cannot be judged (an error, never a pass).
 */
import type { AuthMethod, Fido2Method } from './snapshot.js';
import { AAGUIDS } from './fido2-aaguids.js';

const T = '#microsoft.graph.';

export type CredentialKind =
  | 'security-key' // attested, device-bound FIDO2 security key of a listed model
  | 'fido2-unverified' // FIDO2, but not provably a security key (unknown AAGUID, not attested)
  | 'phone-passkey' // passkey in Microsoft Authenticator or another app
  | 'synced-passkey'
  | 'windows-hello' // bound to one Windows device
  | 'platform-credential' // bound to one Mac
  | 'certificate'
  | 'password'
  | 'weak' // phone, Authenticator push, email, OATH, QR code
  | 'temporary-access-pass'
  | 'external'
  | 'untyped'
  | 'unknown-type';

export interface Credential {
  kind: CredentialKind;
  /** Human label: "YubiKey 5 Series (security key)", "passkey in Microsoft Authenticator for iOS". */
  label: string;
  /** Authentication-strength modes this method can provide alone (authenticationMethodModes, Graph v1.0). */
  modes: string[];
  /** Why it is not what it seems, or why it cannot be judged. */
  note?: string;
  id?: string;
}

/**
 * Types Graph lists under /users/{id}/authentication/methods (v1.0 $metadata, plus the beta-only
 * x509Certificate and hardwareOath types, which can be returned when those methods are used).
 * https://learn.microsoft.com/graph/api/resources/authenticationmethods-overview
 */
const BY_TYPE: Record<string, { kind: CredentialKind; label: string; modes: string[] }> = {
  [`${T}passwordAuthenticationMethod`]: { kind: 'password', label: 'password', modes: ['password'] },
  [`${T}phoneAuthenticationMethod`]: { kind: 'weak', label: 'phone (SMS/voice)', modes: ['sms', 'voice'] },
  [`${T}microsoftAuthenticatorAuthenticationMethod`]: {
    kind: 'weak',
    label: 'Microsoft Authenticator',
    modes: ['microsoftAuthenticatorPush', 'deviceBasedPush'],
  },
  [`${T}emailAuthenticationMethod`]: { kind: 'weak', label: 'email', modes: ['email'] },
  [`${T}softwareOathAuthenticationMethod`]: { kind: 'weak', label: 'software OATH token', modes: ['softwareOath'] },
  [`${T}hardwareOathAuthenticationMethod`]: { kind: 'weak', label: 'hardware OATH token', modes: ['hardwareOath'] },
  [`${T}qrCodePinAuthenticationMethod`]: { kind: 'weak', label: 'QR code + PIN', modes: ['qrCodePin'] },
  [`${T}temporaryAccessPassAuthenticationMethod`]: {
    kind: 'temporary-access-pass',
    label: 'Temporary Access Pass',
    modes: ['temporaryAccessPassOneTime', 'temporaryAccessPassMultiUse'],
  },
  [`${T}windowsHelloForBusinessAuthenticationMethod`]: {
    kind: 'windows-hello',
    label: 'Windows Hello for Business (one Windows device)',
    modes: ['windowsHelloForBusiness'],
  },
  [`${T}platformCredentialAuthenticationMethod`]: {
    kind: 'platform-credential',
    label: 'platform credential (one Mac)',
    modes: [],
  },
  // Whether a certificate is multifactor depends on the tenant's CBA binding rules, which the checks
  // do not read: the stricter reading counts it as single-factor.
  // https://learn.microsoft.com/entra/identity/authentication/concept-certificate-based-authentication
  [`${T}x509CertificateAuthenticationMethod`]: {
    kind: 'certificate',
    label: 'certificate (CBA)',
    modes: ['x509CertificateSingleFactor'],
  },
  [`${T}externalAuthenticationMethod`]: { kind: 'external', label: 'external authentication method', modes: [] },
  // fido2 is classified with its fido2Methods detail, below
  [`${T}fido2AuthenticationMethod`]: { kind: 'fido2-unverified', label: 'FIDO2 passkey', modes: ['fido2'] },
};

export const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';

/** One FIDO2 method (from /authentication/fido2Methods), classified. */
export function classifyFido2(k: Fido2Method): Credential {
  const model = k.model || k.displayName || k.id;
  const base = { id: k.id, modes: ['fido2'] };
  if (typeof k.aaGuid !== 'string' || !k.aaGuid.trim())
    return {
      ...base,
      kind: 'untyped',
      label: `FIDO2 method ${model}`,
      note: 'Graph returned no AAGUID, so the authenticator cannot be identified',
    };
  const aaguid = k.aaGuid.toLowerCase();
  const pt = k.passkeyType;
  if (pt !== undefined && pt !== null && pt !== 'deviceBound' && pt !== 'synced')
    return { ...base, kind: 'untyped', label: `FIDO2 method ${model}`, note: `unknown passkeyType "${String(pt)}"` };
  if (pt === 'synced')
    return {
      ...base,
      kind: 'synced-passkey',
      label: `synced passkey ${model}`,
      note: 'synced to a personal account or password manager',
    };
  const entry = AAGUIDS.get(aaguid);
  if (entry?.kind === 'authenticator-app')
    return {
      ...base,
      kind: 'phone-passkey',
      label: `passkey in ${entry.name}${k.displayName ? ` "${k.displayName}"` : ''}`,
      note: 'lives in an app on a phone or computer, not on a security key',
    };
  if (aaguid === ZERO_AAGUID)
    return {
      ...base,
      kind: 'fido2-unverified',
      label: `FIDO2 passkey ${model}`,
      note: 'all-zero AAGUID: the authenticator did not say what it is',
    };
  if (!entry || entry.kind !== 'hardware')
    return {
      ...base,
      kind: 'fido2-unverified',
      label: `FIDO2 passkey ${model}`,
      note: `AAGUID ${aaguid} is not a security key Microsoft lists${entry?.note ? ` (${entry.note})` : ''}`,
    };
  if (k.attestationLevel !== 'attested')
    return {
      ...base,
      kind: 'fido2-unverified',
      label: `${entry.name} ${model === entry.name ? '' : `(${model}) `}`.trim(),
      note: `not attested (attestationLevel ${k.attestationLevel ?? 'missing'}): its make and model are claimed, not proven`,
    };
  return {
    ...base,
    kind: 'security-key',
    label: `${entry.name} security key${k.displayName ? ` "${k.displayName}"` : ''}`,
  };
}

export interface AccountCredentials {
  all: Credential[];
  /** Items that cannot be judged: no @odata.type, unknown type, FIDO2 without AAGUID. */
  unjudgeable: Credential[];
}

/**
 * Every method of the account, classified. FIDO2 methods take their detail from
 * fido2Methods (matched by id); a FIDO2 method missing from that list cannot be judged.
 */
export function classifyMethods(methods: AuthMethod[], fido2: Fido2Method[] | undefined): AccountCredentials {
  const byId = new Map((fido2 ?? []).map((k) => [k.id.toLowerCase(), k]));
  const all: Credential[] = [];
  for (const m of methods) {
    const t = (m as { '@odata.type'?: unknown })['@odata.type'];
    if (typeof t !== 'string' || !t) {
      all.push({
        kind: 'untyped',
        label: `method ${String(m.id ?? '?')}`,
        modes: [],
        id: m.id,
        note: 'Graph returned it without an @odata.type',
      });
      continue;
    }
    const known = BY_TYPE[t];
    if (!known) {
      all.push({
        kind: 'unknown-type',
        label: t.replace(T, ''),
        modes: [],
        id: m.id,
        note: `method type ${t} is not one breakglass knows how to judge`,
      });
      continue;
    }
    if (t === `${T}fido2AuthenticationMethod`) {
      const k = byId.get(String(m.id).toLowerCase()) ?? (fido2 === undefined ? fromMethod(m) : undefined);
      all.push(
        k
          ? classifyFido2(k)
          : {
              kind: 'untyped',
              label: `FIDO2 method ${m.id}`,
              modes: ['fido2'],
              id: m.id,
              note: 'listed among the methods but not among the FIDO2 keys',
            },
      );
      continue;
    }
    if (t === `${T}phoneAuthenticationMethod` && typeof m.phoneType === 'string') {
      all.push({ ...known, label: `phone (${m.phoneType})`, id: m.id });
      continue;
    }
    all.push({ ...known, id: m.id });
  }
  return { all, unjudgeable: all.filter((c) => c.kind === 'untyped' || c.kind === 'unknown-type') };
}

/** The methods list carries FIDO2 fields too (the same entity type); used when fido2Methods was not read. */
function fromMethod(m: AuthMethod): Fido2Method {
  return {
    id: m.id,
    aaGuid: typeof m.aaGuid === 'string' ? m.aaGuid : null,
    model: typeof m.model === 'string' ? m.model : null,
    displayName: typeof m.displayName === 'string' ? m.displayName : null,
    attestationLevel: typeof m.attestationLevel === 'string' ? m.attestationLevel : null,
    ...(typeof m.passkeyType === 'string' ? { passkeyType: m.passkeyType } : {}),
  };
}

export const securityKeys = (c: AccountCredentials): Credential[] => c.all.filter((x) => x.kind === 'security-key');

/** "two YubiKey 5 Series security keys" style summary. */
export function describe(cs: Credential[]): string {
  return cs.map((c) => (c.note ? `${c.label} (${c.note})` : c.label)).join(', ');
}
