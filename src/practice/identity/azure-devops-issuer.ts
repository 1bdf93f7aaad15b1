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
 * - the two issuer forms a service connection's federated credential can
 *   name, as Learn's "Check the issuer URL for accuracy" table gives them
 *   (https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity):
 *   | Azure DevOps issuer    | https://vstoken.dev.azure.com/<organization id>  | sc://<organization name>/<project name>/<service connection name> |
 *   | Microsoft Entra issuer | https://login.microsoftonline.com/<Entra tenant id>/v2.0 | <microsoft entra prefix>/sc/<organization id>/<service connection id> |
 *   Newer service connections use the Entra issuer by default; the Azure
 *   DevOps issuer is retired on 1 July 2027 for single-tenant apps in the
 *   public cloud and stays for multitenant apps and other clouds
 *   (https://learn.microsoft.com/azure/devops/pipelines/release/convert-service-connections).
 *   Audience api://AzureADTokenExchange in both.
 * Learn does not spell out the "<microsoft entra prefix>"; the simulation
 * writes it as /eid1/c/pub/t/<tenant>/a/<app>, each GUID as the base64url of
 * its bytes, the shape such subjects have in the wild. Nothing depends on its
 * inside: Entra compares the whole subject as an exact string
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust),
 * and the service connection page is where a user copies it from.
 * In Entra the Entra-issuer token is minted by Entra itself for Azure DevOps;
 * here the simulation signs it with its own key and the practice login
 * endpoint resolves the Entra issuer of its own tenant (and only that) to
 * this key — the one liberty, said here.
 *
 * Served under /_oidc/azure-devops/ on the practice server; the practice
 * login endpoint resolves the issuer to this key instead of fetching it.
 */
import { randomBytes } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { generateSigningKeys } from './signing.js';
import { signWorkloadToken } from './workload-token.js';
import type { PracticeResponse } from '../types.js';

export const AZURE_DEVOPS_ISSUER_PREFIX = 'https://vstoken.dev.azure.com/';
/** The Microsoft Entra issuer of a tenant (troubleshoot-workload-identity, above). */
export const entraIssuer = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`;
/**
 * The Azure DevOps application the simulated Entra-issuer subject names (the "Azure DevOps resource" id,
 * https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/service-principal-managed-identity).
 * Which app Microsoft's prefix names is not documented; only the subject's exact string matters.
 */
const AZURE_DEVOPS_APP_ID = '499b84ac-1321-427f-aa17-267ca6975798';

/** A GUID's 16 bytes in Microsoft's (little-endian) field order, base64url. */
function guidBase64Url(guid: string): string {
  const h = guid.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  const le = Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
  return le.toString('base64url');
}
/** Short-lived, like every pipeline token (the job asks again for each token request). */
const TOKEN_LIFETIME_SECONDS = 600;

export interface AzurePipelinesJob {
  organization: string;
  /** The organization's id (a GUID): the last segment of the issuer. */
  organizationId: string;
  project: string;
  serviceConnection: { id: string; name: string };
  /**
   * Which issuer the service connection uses: 'azure-devops' (older connections) or 'entra' (the default for
   * newer ones); the Entra issuer names the tenant of the connection's app registration.
   */
  issuer?: { kind: 'azure-devops' } | { kind: 'entra'; tenantId: string };
}

/**
 * The issuer and subject a service connection shows for its federated credential (what the user copies into
 * the app registration): one of the two forms of Learn's table.
 */
export function serviceConnectionFederation(job: AzurePipelinesJob): { issuer: string; subject: string } {
  const i = job.issuer ?? { kind: 'azure-devops' };
  if (i.kind === 'entra')
    return {
      issuer: entraIssuer(i.tenantId),
      subject: `/eid1/c/pub/t/${guidBase64Url(i.tenantId)}/a/${guidBase64Url(AZURE_DEVOPS_APP_ID)}/sc/${job.organizationId}/${job.serviceConnection.id}`,
    };
  return {
    issuer: `${AZURE_DEVOPS_ISSUER_PREFIX}${job.organizationId}`,
    subject: `sc://${job.organization}/${job.project}/${job.serviceConnection.name}`,
  };
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

  /** tenantId: the practice tenant, whose Entra issuer (and no other tenant's) this simulation answers for. */
  constructor(
    private readonly baseUrl: () => string,
    private readonly tenantId: () => string,
  ) {}

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

  /** Whether an issuer is this service's: the Azure DevOps issuer (one per organization) or the tenant's Entra issuer. */
  isIssuer(iss: string): boolean {
    return iss.startsWith(AZURE_DEVOPS_ISSUER_PREFIX) || iss === entraIssuer(this.tenantId());
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
    this.issued++;
    const { issuer, subject } = serviceConnectionFederation(job);
    return signWorkloadToken(privateKey, {
      issuer,
      subject,
      audience: 'api://AzureADTokenExchange',
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    });
  }
}

function json(status: number, body: unknown): PracticeResponse {
  return { status, body };
}
