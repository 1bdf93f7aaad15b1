/**
 * A simulated Azure DevOps OIDC token service inside the practice server, so
 * an Azure Pipelines job's workload identity federation is rehearsed end to
 * end like a GitHub Actions job's (oidc-issuer.ts): the job asks for a token,
 * breakglass presents it to the practice login endpoint as a client
 * assertion, and the endpoint matches it against the app's
 * federatedIdentityCredential.
 *
 * Modelled on Microsoft's documented contract:
 * - the request: POST $(System.OidcRequestUri)?api-version=7.1&serviceConnectionId=<id>
 *   with `Authorization: Bearer $(System.AccessToken)`, answered with
 *   { "oidcToken": "<jwt>" } (Oidctoken - Create,
 *   https://learn.microsoft.com/rest/api/azure/devops/distributedtask/oidctoken/create;
 *   https://learn.microsoft.com/azure/devops/release-notes/2024/sprint-240-update);
 * - the Azure DevOps issuer `https://vstoken.dev.azure.com/<organization id>`
 *   and the subject `sc://<organization>/<project>/<service connection name>`
 *   (https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity,
 *   https://learn.microsoft.com/azure/devops/pipelines/release/convert-service-connections),
 *   audience api://AzureADTokenExchange.
 * Newer service connections use the Microsoft Entra issuer instead
 * (convert-service-connections, above); its subject format is Entra's own and
 * not modelled here — the exchange at the token endpoint is the same.
 *
 * Served under /_oidc/azure-devops/ on the practice server; the practice
 * login endpoint resolves the issuer to this key instead of fetching it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { generateSigningKeys } from './signing.js';
import type { PracticeResponse } from '../types.js';

export const AZURE_DEVOPS_ISSUER_PREFIX = 'https://vstoken.dev.azure.com/';
/** Short-lived, like every pipeline token (the job asks again for each token request). */
const TOKEN_LIFETIME_SECONDS = 600;

export interface AzurePipelinesJob {
  organization: string;
  /** The organization's id (a GUID): the last segment of the issuer. */
  organizationId: string;
  project: string;
  serviceConnection: { id: string; name: string };
}

export interface AzurePipelinesJobCredentials {
  /** The value of SYSTEM_OIDCREQUESTURI for the job. */
  oidcRequestUri: string;
  /** The value of System.AccessToken (mapped into the step's env as SYSTEM_ACCESSTOKEN). */
  accessToken: string;
  /** What AzureCLI@2 exposes as AZURESUBSCRIPTION_SERVICE_CONNECTION_ID. */
  serviceConnectionId: string;
}

export class SimulatedAzureDevOpsIssuer {
  private keys: ReturnType<typeof generateSigningKeys> | undefined;
  private readonly jobs = new Map<string, AzurePipelinesJob>();
  issued = 0;

  constructor(private readonly baseUrl: () => string) {}

  private key() {
    return (this.keys ??= generateSigningKeys());
  }

  startJob(job: AzurePipelinesJob): AzurePipelinesJobCredentials {
    const accessToken = randomBytes(24).toString('base64url');
    this.jobs.set(accessToken, job);
    return {
      oidcRequestUri: `${this.baseUrl()}/_oidc/azure-devops/oidctoken`,
      accessToken,
      serviceConnectionId: job.serviceConnection.id,
    };
  }

  /** Whether an issuer is this service's (one per organization). */
  isIssuer(iss: string): boolean {
    return iss.startsWith(AZURE_DEVOPS_ISSUER_PREFIX);
  }

  async verify(token: string): Promise<JWTPayload> {
    const { publicKey } = await this.key();
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['RS256'], clockTolerance: 5 });
    if (typeof payload.iss !== 'string' || !this.isIssuer(payload.iss)) throw new Error('unexpected issuer');
    return payload;
  }

  /** POST /_oidc/azure-devops/oidctoken */
  async handle(method: string, segs: string[], query: URLSearchParams, authorization: string | undefined) {
    if (segs.join('/') !== 'oidctoken') return json(404, { message: 'Not Found' });
    if (method !== 'POST') return json(405, { message: 'The requested resource does not support http method.' });
    const bearer = /^bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    const job = bearer ? this.jobs.get(bearer) : undefined;
    if (!job) return json(401, { message: 'TF400813: The user is not authorized to access this resource.' });
    // The stricter reading: a token only for the job's own service connection (the docs name no other).
    if (query.get('serviceConnectionId') !== job.serviceConnection.id)
      return json(400, {
        message: `The service connection '${query.get('serviceConnectionId') ?? ''}' is not available to this job.`,
      });
    return json(200, { oidcToken: await this.sign(job) });
  }

  private async sign(job: AzurePipelinesJob): Promise<string> {
    const { privateKey } = await this.key();
    const now = Math.floor(Date.now() / 1000);
    this.issued++;
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(`${AZURE_DEVOPS_ISSUER_PREFIX}${job.organizationId}`)
      .setSubject(`sc://${job.organization}/${job.project}/${job.serviceConnection.name}`)
      .setAudience('api://AzureADTokenExchange')
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(privateKey);
  }
}

function json(status: number, body: unknown): PracticeResponse {
  return { status, body };
}
