/**
 * A simulated external OIDC issuer inside the practice server, shaped like
 * GitHub Actions' token service, so workload identity federation is
 * rehearsed end to end: a job asks for a token, breakglass presents it to the
 * practice login endpoint as a client assertion, and the endpoint validates
 * it against the app's federatedIdentityCredential like Entra does.
 *
 * Modelled on GitHub's documented contract
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect):
 * - issuer https://token.actions.githubusercontent.com, its discovery
 *   document at /.well-known/openid-configuration and keys at jwks_uri;
 * - a job with `id-token: write` gets ACTIONS_ID_TOKEN_REQUEST_URL and
 *   ACTIONS_ID_TOKEN_REQUEST_TOKEN; GET <url>&audience=<aud> with
 *   `Authorization: bearer <request token>` answers { "value": "<jwt>" };
 * - the token's `sub` is `repo:<owner>/<repo>:environment:<name>` in a job
 *   with an environment, else `repo:<owner>/<repo>:ref:<ref>`; `aud` is the
 *   requested audience; it lives minutes, not hours.
 *
 * The issuer's documents are served under /_oidc/github/ on the practice
 * server (the loopback stands in for token.actions.githubusercontent.com);
 * the practice login endpoint resolves the issuer to these keys instead of
 * fetching them from the internet — the one liberty taken, and said here.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, calculateJwkThumbprint, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { generateSigningKeys } from './signing.js';
import { signWorkloadToken } from './workload-token.js';
import type { PracticeResponse } from '../types.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** GitHub's tokens are short-lived; five minutes is within what it issues. */
const TOKEN_LIFETIME_SECONDS = 300;

export interface GitHubJob {
  /** owner/repo */
  repository: string;
  /** The job's environment (the subject GitHub documents for environment-bound jobs). */
  environment?: string;
  /** e.g. refs/heads/main, used for the subject when there is no environment. */
  ref?: string;
}

export interface JobCredentials {
  /** The value of ACTIONS_ID_TOKEN_REQUEST_URL for the job. */
  requestUrl: string;
  /** The value of ACTIONS_ID_TOKEN_REQUEST_TOKEN for the job. */
  requestToken: string;
}

export class SimulatedGitHubIssuer {
  private keys: Promise<Awaited<ReturnType<typeof generateSigningKeys>> & { jwk: JWK }> | undefined;
  private readonly jobs = new Map<string, GitHubJob>();
  /** How many tokens were issued (a fleet run asks once per token request). */
  issued = 0;

  constructor(private readonly baseUrl: () => string) {}

  /** The key is made on first use: most practice sessions never federate. */
  private key() {
    return (this.keys ??= (async () => {
      const { privateKey, publicKey } = await generateSigningKeys();
      const jwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(jwk);
      return { privateKey, publicKey, jwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } };
    })());
  }

  /** A job that may request tokens: the two environment variables a runner would get. */
  startJob(job: GitHubJob): JobCredentials {
    const requestToken = randomBytes(24).toString('base64url');
    this.jobs.set(requestToken, job);
    return { requestUrl: `${this.baseUrl()}/_oidc/github/idtoken?api-version=2.0`, requestToken };
  }

  /** Verifies a token this issuer signed (signature, issuer, lifetime); throws a jose error otherwise. */
  async verify(token: string): Promise<JWTPayload> {
    const { publicKey } = await this.key();
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: GITHUB_ACTIONS_ISSUER,
      algorithms: ['RS256'],
      clockTolerance: 5,
    });
    return payload;
  }

  /** GET /_oidc/github/… */
  async handle(method: string, segs: string[], query: URLSearchParams, authorization: string | undefined) {
    const path = segs.join('/');
    if (method === 'GET' && path === '.well-known/openid-configuration') {
      // GitHub's discovery document names these fields; the values point at the loopback stand-in.
      return json(200, {
        issuer: GITHUB_ACTIONS_ISSUER,
        jwks_uri: `${this.baseUrl()}/_oidc/github/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'environment'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      });
    }
    if (method === 'GET' && path === '.well-known/jwks') return json(200, { keys: [(await this.key()).jwk] });
    if (method === 'GET' && path === 'idtoken') {
      const bearer = /^bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
      const job = bearer ? this.jobs.get(bearer) : undefined;
      if (!job) return json(401, { message: 'Bad credentials' });
      const audience = query.get('audience') ?? `https://github.com/${job.repository.split('/')[0] ?? ''}`;
      return json(200, { count: 1, value: await this.sign(job, audience) });
    }
    return json(404, { message: 'Not Found' });
  }

  private async sign(job: GitHubJob, audience: string): Promise<string> {
    const { privateKey, jwk } = await this.key();
    const ref = job.ref ?? 'refs/heads/main';
    const sub = job.environment
      ? `repo:${job.repository}:environment:${job.environment}`
      : `repo:${job.repository}:ref:${ref}`;
    this.issued++;
    return signWorkloadToken(privateKey, {
      issuer: GITHUB_ACTIONS_ISSUER,
      subject: sub,
      audience,
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      kid: jwk.kid!,
      claims: {
        repository: job.repository,
        repository_owner: job.repository.split('/')[0],
        ref,
        ...(job.environment ? { environment: job.environment } : {}),
        runner_environment: 'github-hosted',
      },
    });
  }
}

function json(status: number, body: unknown): PracticeResponse {
  return { status, body };
}
