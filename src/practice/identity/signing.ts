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
      const { payload } = await jwtVerify(token, publicKey, {
        issuer,
        audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
      });
      return payload as unknown as TokenClaims;
    },
  };
}
