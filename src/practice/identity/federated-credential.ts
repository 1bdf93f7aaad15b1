/**
 * Workload identity federation at the token endpoint: a client assertion
 * whose issuer is not the app itself is an external token, matched against
 * the app's federatedIdentityCredentials (Graph resource
 * federatedIdentityCredential: name, issuer, subject, audiences —
 * https://learn.microsoft.com/graph/api/resources/federatedidentitycredential;
 * the navigation property application.federatedIdentityCredentials in the
 * Graph v1.0 metadata, https://graph.microsoft.com/v1.0/$metadata).
 *
 * The exchange is the client-credentials grant with
 * client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer
 * and the external token as client_assertion
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential).
 * Matching, as Microsoft documents it
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust):
 * issuer and subject must match exactly — case-sensitive — and the token's
 * `aud` must be one of the credential's audiences (api://AzureADTokenExchange).
 *
 * Errors, as Entra answers them:
 * - AADSTS700211 no matching record for the assertion's issuer, AADSTS700213
 *   for its subject — listed with their causes in
 *   https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity
 *   ("Common issues and causes").
 * - AADSTS700212 no matching record for the assertion's audience — the same
 *   family. The code is not in Learn's error-code table; that page
 *   (https://learn.microsoft.com/entra/identity-platform/reference-error-codes)
 *   sends readers to Entra's own lookup, https://login.microsoftonline.com/error?code=700212.
 *   No Learn page gives its wording, so the message here follows
 *   700211/700213's pattern and is the stricter reading: an audience that no
 *   credential of the matching issuer and subject lists is refused with its
 *   own code, never accepted.
 * - AADSTS70021 no matching record at all (the app has no federated
 *   credential) — documented with Azure workload identity's troubleshooting
 *   (https://azure.github.io/azure-workload-identity/docs/troubleshooting.html).
 * - AADSTS700024 "Client assertion is not within its valid time range" and
 *   AADSTS700027 "Client assertion failed signature validation"
 *   (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 * The stricter reading where docs do not say the order: the record is found
 * by issuer, then subject, then audience, and only then is the signature checked.
 */
import { decodeJwt, errors as joseErrors, type JWTPayload } from 'jose';
import { entraError } from './errors.js';
import type { PracticeResponse } from '../types.js';

export interface FederatedIdentityCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** Verifies a token of an issuer the practice server can reach (signature, issuer, lifetime). */
export type ExternalIssuerKeys = (issuer: string) => ((token: string) => Promise<JWTPayload>) | undefined;

const HELP =
  'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

function fail(code: number, message: string, status = 400): PracticeResponse {
  return entraError({ status, error: status === 401 ? 'invalid_client' : 'invalid_request', code, message });
}

/** The unverified issuer of an assertion, or undefined when it is not a JWT. */
export function assertionIssuer(assertion: string): string | undefined {
  try {
    const iss = decodeJwt(assertion).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** Returns undefined when the external token matches a federated credential and verifies, else Entra's error. */
export async function authenticateFederated(
  credentials: readonly FederatedIdentityCredential[],
  assertion: string,
  keysOf: ExternalIssuerKeys,
): Promise<PracticeResponse | undefined> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return fail(50027, 'JWT token is invalid or malformed.', 401);
  }
  const iss = String(claims.iss ?? '');
  const sub = String(claims.sub ?? '');
  const aud = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter((a): a is string => typeof a === 'string');
  if (credentials.length === 0)
    return fail(
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud.join(',')}'. ${HELP}`,
    );
  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0)
    return fail(700211, `No matching federated identity record found for presented assertion issuer '${iss}'. ${HELP}`);
  const bySubject = byIssuer.filter((c) => c.subject === sub);
  if (bySubject.length === 0)
    return fail(
      700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. ${HELP}`,
    );
  if (!bySubject.some((c) => c.audiences.some((a) => aud.includes(a))))
    return fail(
      700212,
      `No matching federated identity record found for presented assertion audience '${aud.join(',')}'. ${HELP}`,
    );
  const verify = keysOf(iss);
  // An issuer whose keys cannot be fetched cannot be trusted (fail closed).
  if (!verify) return fail(700027, 'Client assertion failed signature validation.', 401);
  try {
    await verify(assertion);
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired || (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf'))
      return fail(700024, 'Client assertion is not within its valid time range.', 401);
    return fail(700027, 'Client assertion failed signature validation.', 401);
  }
  return undefined;
}
