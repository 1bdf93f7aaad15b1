/** Authentication method classification shared by BG-004, BG-005, BG-019. */
import type { AuthMethod } from './snapshot.js';

const T = '#microsoft.graph.';

/** Phishing-resistant: FIDO2 security keys and passkeys, certificate-based auth, Windows Hello, platform credential. */
export const PHISHING_RESISTANT: Record<string, string> = {
  [`${T}fido2AuthenticationMethod`]: 'FIDO2 security key / passkey',
  [`${T}x509CertificateAuthenticationMethod`]: 'certificate',
  [`${T}windowsHelloForBusinessAuthenticationMethod`]: 'Windows Hello for Business',
  [`${T}platformCredentialAuthenticationMethod`]: 'platform credential',
};

/** Methods that reintroduce phone, app-push, email or OTP dependencies and are phishable (seed 003 §4). */
export const WEAK: Record<string, string> = {
  [`${T}phoneAuthenticationMethod`]: 'phone (SMS/voice)',
  [`${T}microsoftAuthenticatorAuthenticationMethod`]: 'Microsoft Authenticator',
  [`${T}emailAuthenticationMethod`]: 'email',
  [`${T}softwareOathAuthenticationMethod`]: 'software OATH token',
  [`${T}hardwareOathAuthenticationMethod`]: 'hardware OATH token',
};

export function methodLabel(m: AuthMethod): string {
  const t = m['@odata.type'];
  if (t === `${T}phoneAuthenticationMethod` && typeof m.phoneType === 'string') return `phone (${m.phoneType})`;
  return PHISHING_RESISTANT[t] ?? WEAK[t] ?? t.replace(T, '').replace(/AuthenticationMethod$/, '');
}
