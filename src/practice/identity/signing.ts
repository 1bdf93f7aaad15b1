/**
 * The emulator's own token issuer: an RSA key (RS256, as Entra signs access
 * tokens: the `alg` header claim in
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference),
 * its JWKS, and issue/verify for access and ID tokens. The key is made at
 * start, or read from the practice key store (key-store.ts) when the server
 * was given one.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, calculateJwkThumbprint, type JWK } from 'jose';
import type { TokenClaims } from '../identity-types.js';

export interface TokenIssuer {
  /** https://127.0.0.1:PORT/{tenantId}/v2.0 */
  issuer: string;
  kid: string;
  jwks(): { keys: JWK[] };
  sign(claims: Record<string, unknown>, lifetimeSeconds: number): Promise<string>;
  /** Verifies signature, issuer, expiry and audience. Throws a jose error on failure. */
  verify(token: string, audience: string | string[]): Promise<TokenClaims>;
}

const CLOCK_TOLERANCE_S = 5;
/** Tokens whose signature this issuer has checked, kept for their lifetime; a bound, not a cache policy. */
const MAX_VERIFIED = 1000;

/** Claims jose checked at first use that can change with time or the caller: lifetime and audience. */
function stillValid(c: TokenClaims, audience: string | string[]): boolean {
  const now = Date.now() / 1000;
  const { exp, nbf, aud } = c as { exp?: unknown; nbf?: unknown; aud?: unknown };
  if (typeof exp !== 'number' || now - CLOCK_TOLERANCE_S >= exp) return false;
  if (typeof nbf === 'number' && now + CLOCK_TOLERANCE_S < nbf) return false;
  const want = Array.isArray(audience) ? audience : [audience];
  const have = Array.isArray(aud) ? aud : [aud];
  return have.some((a) => typeof a === 'string' && want.includes(a));
}

export type SigningKeys = Awaited<ReturnType<typeof generateSigningKeys>>;

/** RSA-2048 generation is the slowest part of start-up; start it early and in parallel (it runs off the main thread). */
export function generateSigningKeys() {
  return generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
}

export async function createTokenIssuer(issuer: string, keys?: SigningKeys): Promise<TokenIssuer> {
  const { privateKey, publicKey } = keys ?? (await generateSigningKeys());
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const pub: JWK = { ...jwk, kid, use: 'sig', alg: 'RS256' };
  const verified = new Map<string, TokenClaims>();
  return {
    issuer,
    kid,
    jwks: () => ({ keys: [pub] }),
    async sign(claims, lifetimeSeconds) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims, uti: randomUUID().replace(/-/g, '').slice(0, 22), ver: '2.0' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setNotBefore(now - 5 * 60)
        .setExpirationTime(now + lifetimeSeconds)
        .sign(privateKey);
    },
    async verify(token, audience) {
      // A client sends the same token with every request: its signature (this key's) is checked once. Its
      // lifetime and audience are checked on every use; anything a cached token no longer meets goes
      // through jose again, which throws the error the caller maps to the service's answer.
      const known = verified.get(token);
      if (known && stillValid(known, audience)) return known;
      const { payload } = await jwtVerify(token, publicKey, {
        issuer,
        audience,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      if (verified.size >= MAX_VERIFIED) verified.clear();
      verified.set(token, payload as unknown as TokenClaims);
      return payload as unknown as TokenClaims;
    },
  };
}
