/**
 * The token a simulated external OIDC issuer (GitHub Actions, ./oidc-issuer.ts; Azure DevOps,
 * ./azure-devops-issuer.ts) hands a job: an RS256 JWT with the claims Entra checks when it is presented
 * as a federated client assertion — iss, sub and aud matched against the app's
 * federatedIdentityCredential, and a short lifetime
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation#how-it-works).
 * Both issuers differ only in their own claims, subject form and lifetime.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { SigningKeys } from './signing.js';

export interface WorkloadToken {
  issuer: string;
  subject: string;
  audience: string;
  lifetimeSeconds: number;
  /** The key id the issuer's JWKS names, when it publishes one. */
  kid?: string;
  /** The issuer's own claims (GitHub's repository, ref, environment …). */
  claims?: JWTPayload;
}

export function signWorkloadToken(privateKey: SigningKeys['privateKey'], t: WorkloadToken): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(t.claims ?? {})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(t.kid ? { kid: t.kid } : {}) })
    .setIssuer(t.issuer)
    .setSubject(t.subject)
    .setAudience(t.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + t.lifetimeSeconds)
    .sign(privateKey);
}
