/**
 * Confidential-client authentication at the token endpoint: a client secret,
 * or a client assertion (RFC 7523 JWT signed with the private key of a
 * certificate registered on the app). The assertion is verified like Entra
 * does: the x5t#S256 (or legacy x5t) header names a registered certificate,
 * the signature verifies against that certificate's public key, iss = sub =
 * client_id, aud = this token endpoint, and it is within its lifetime.
 */
import { X509Certificate, timingSafeEqual, createHash } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, errors as joseErrors } from 'jose';
import type { PracticeApplication } from './directory.js';
import { assertionIssuer, authenticateFederated, type ExternalIssuerKeys } from './federated-credential.js';
import { entraError } from './errors.js';
import type { PracticeResponse } from '../types.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

const hex = (s: string) => s.replace(/[^0-9a-f]/gi, '').toLowerCase();

function invalidClient(code: number, message: string): PracticeResponse {
  return entraError({ status: 401, error: 'invalid_client', code, message });
}

/** The credential the client presented, as the service-principal sign-in log names it. */
export interface PresentedCredential {
  keyId?: string;
  /** SHA-1 thumbprint, upper-case hex (certificates only). */
  thumbprint?: string;
}

const entraTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * A credential outside its startDateTime..endDateTime opens nothing. Learn documents no code of its own
 * for a certificate out of its validity: the reference lists AADSTS700027 "Client assertion failed
 * signature validation" (https://learn.microsoft.com/entra/identity-platform/reference-error-codes) and
 * the Azure SDK troubleshooting page gives AADSTS700027 for a certificate credential that does not verify
 * (https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal).
 * Stricter reading, modelled here: an expired AND a not-yet-valid certificate are both refused with
 * AADSTS700027 (invalid_client, 401), the reason naming which, the key's thumbprint and its validity.
 */
function outsideValidity(
  app: PracticeApplication,
  thumbprint: string,
  startMs: number | undefined,
  endMs: number | undefined,
  now: number,
): PracticeResponse | undefined {
  const tooEarly = startMs !== undefined && now < startMs;
  const expired = endMs !== undefined && now >= endMs;
  if (!tooEarly && !expired) return undefined;
  return invalidClient(
    700027,
    `Client assertion contains an invalid signature. [Reason - ${expired ? 'The key used is expired.' : 'The key used is not yet valid.'}, Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${startMs === undefined ? '' : entraTime(startMs)}, End=${endMs === undefined ? '' : entraTime(endMs)}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.appId}'.]`,
  );
}

/** Returns undefined when the client authenticated, else the Entra error response. */
export async function authenticateClient(
  app: PracticeApplication,
  form: URLSearchParams,
  tokenEndpoints: string[],
  externalIssuers: ExternalIssuerKeys = () => undefined,
  /** Told which credential the client presented (found on the app), whether or not it then verified. */
  presented?: (c: PresentedCredential) => void,
  nowMs: number = Date.now(),
): Promise<PracticeResponse | undefined> {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (app.secretCredentials) {
      const match = app.secretCredentials.find((c) => safeEqual(c.value, secret));
      if (match) {
        presented?.({ keyId: match.keyId });
        // AADSTS7000222 "An expired client secret was provided"
        // (https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal).
        if (nowMs >= match.endMs || nowMs < match.startMs)
          return invalidClient(
            7000222,
            `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app.`,
          );
        return undefined;
      }
    } else if (app.secrets.some((s) => safeEqual(s, secret))) return undefined;
    return invalidClient(
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    );
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return entraError({
        status: 400,
        error: 'invalid_request',
        code: 7000212,
        message: `The client_assertion_type '${form.get('client_assertion_type') ?? ''}' is not supported. Use '${ASSERTION_TYPE}'.`,
      });
    }
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      return invalidClient(50027, 'JWT token is invalid or malformed.');
    }
    // No certificate thumbprint and an issuer other than the app: an external token (workload identity federation).
    const iss = assertionIssuer(assertion);
    if (header['x5t#S256'] === undefined && header.x5t === undefined && iss !== undefined && iss !== app.appId)
      return authenticateFederated(app.federatedIdentityCredentials ?? [], assertion, externalIssuers);
    const s256 =
      typeof header['x5t#S256'] === 'string' ? Buffer.from(header['x5t#S256'], 'base64url').toString('hex') : undefined;
    const s1 = typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url').toString('hex') : undefined;
    if (!s256 && !s1) {
      return invalidClient(
        700027,
        "Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '']",
      );
    }
    const cert = app.certificates.find((c) => {
      const x = new X509Certificate(c.pem);
      if (s256) return hex(c.thumbprintSha256) === s256 || hex(x.fingerprint256) === s256;
      return hex(x.fingerprint) === s1;
    });
    if (!cert) {
      return invalidClient(
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${(s256 ?? s1 ?? '').toUpperCase()}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.appId}'.]`,
      );
    }
    const sha1 = createHash('sha1').update(new X509Certificate(cert.pem).raw).digest('hex').toUpperCase();
    presented?.({ ...(cert.keyId ? { keyId: cert.keyId } : {}), thumbprint: sha1 });
    const out = outsideValidity(app, sha1, cert.startMs, cert.endMs, nowMs);
    if (out) return out;
    try {
      const { payload } = await jwtVerify(assertion, new X509Certificate(cert.pem).publicKey, {
        algorithms: ['RS256', 'PS256', 'ES256'],
        clockTolerance: 300,
      });
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (!aud.some((a) => typeof a === 'string' && tokenEndpoints.some((t) => t.toLowerCase() === a.toLowerCase()))) {
        // The stricter reading: Learn documents that `aud` must be the token endpoint
        // (https://learn.microsoft.com/entra/identity-platform/certificate-credentials) but not the code or
        // wording Entra answers with; 700212 (not in Learn's error-code table, see federated-credential.ts)
        // is the audience-mismatch code Entra uses for assertions, and the assertion is refused either way.
        return invalidClient(
          700212,
          `No matching federated identity record found for presented assertion audience '${aud.join(',')}'. The audience must be '${tokenEndpoints[0] ?? ''}'.`,
        );
      }
      if (payload.iss !== app.appId || payload.sub !== app.appId) {
        return invalidClient(
          700021,
          `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .`,
        );
      }
      return undefined;
    } catch (e) {
      if (
        e instanceof joseErrors.JWTExpired ||
        (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf')
      ) {
        return invalidClient(700024, 'Client assertion is not within its valid time range.');
      }
      return invalidClient(700027, 'Client assertion failed signature validation.');
    }
  }
  return entraError({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  });
}
