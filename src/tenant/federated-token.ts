/**
 * Workload identity federation: the pipeline's own short-lived OIDC token is
 * the client assertion, so no secret is stored anywhere. MSAL calls
 * `auth.clientAssertion` for every token request
 * (https://learn.microsoft.com/javascript/api/@azure/msal-node/clientassertioncallback),
 * and the callback here reads a FRESH token each time — GitHub's and Azure
 * DevOps' tokens live minutes, a fleet run can outlast one.
 *
 * The exchange on the wire (the client-credentials grant with
 * client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer):
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential
 *
 * Where the token comes from, first match wins:
 * - GitHub Actions (job has `permissions: id-token: write`): GET
 *   $ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange with
 *   `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` → { "value": "<jwt>" }
 *   (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect).
 * - Azure Pipelines (a workload identity federation service connection): POST
 *   $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=<id> with
 *   `Authorization: Bearer $SYSTEM_ACCESSTOKEN` → { "oidcToken": "<jwt>" }
 *   (https://learn.microsoft.com/azure/devops/release-notes/2024/sprint-240-update).
 *   The connection id comes from AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (set by
 *   AzureCLI@2 / AzurePowerShell@5) or BREAKGLASS_SERVICE_CONNECTION_ID.
 * - Any other issuer (Kubernetes, another CI): a file holding the token,
 *   AZURE_FEDERATED_TOKEN_FILE (the variable Azure workload identity uses,
 *   https://learn.microsoft.com/azure/aks/workload-identity-overview), re-read each time.
 */
import { readFile } from 'node:fs/promises';
import { TenantError } from '../core/tenant.js';
import { backoffDelay, isRetryableNetworkError, sleep, type RetryPolicy } from './retry.js';

/**
 * A token request to the pipeline's token service that got no answer is sent
 * again (it only ever issues a token, so repeating it is harmless), a few
 * times with back-off, as for transient faults in general
 * (https://learn.microsoft.com/azure/architecture/best-practices/transient-faults).
 */
const TOKEN_SERVICE_RETRY: RetryPolicy = {
  maxAttempts: 3,
  maxTotalWaitMs: 10_000,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  attemptTimeoutMs: 30_000,
};

/** The audience Microsoft Entra expects in an external token (federatedIdentityCredential.audiences). */
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export type FederatedTokenSource = 'github-actions' | 'azure-pipelines' | 'token-file';

export interface FederatedTokenReader {
  source: FederatedTokenSource;
  /** A fresh external token (a JWT); never cached, never logged. */
  read(signal?: AbortSignal): Promise<string>;
}

type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

function unavailable(cause: string, todo: string): TenantError {
  return new TenantError('login', 0, 'NoFederatedToken', {
    what: 'Workload identity sign-in is not possible',
    cause,
    todo,
  });
}

/** Picks the token source from the environment; throws with what to set when there is none. */
export function federatedTokenReader(env: NodeJS.ProcessEnv, fetchImpl: Fetch): FederatedTokenReader {
  const ghUrl = env['ACTIONS_ID_TOKEN_REQUEST_URL'];
  const ghToken = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  if (ghUrl && ghToken) {
    return {
      source: 'github-actions',
      async read(signal) {
        const url = new URL(ghUrl);
        url.searchParams.set('audience', ENTRA_TOKEN_EXCHANGE_AUDIENCE);
        return fetchJwt(fetchImpl, url.toString(), 'GET', `bearer ${ghToken}`, 'value', 'GitHub Actions', signal);
      },
    };
  }
  if (ghUrl && !ghToken)
    throw unavailable(
      'ACTIONS_ID_TOKEN_REQUEST_URL is set but ACTIONS_ID_TOKEN_REQUEST_TOKEN is not',
      'Give the job `permissions: id-token: write`.',
    );
  const adoUri = env['SYSTEM_OIDCREQUESTURI'];
  if (adoUri) {
    const connection = env['AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'] ?? env['BREAKGLASS_SERVICE_CONNECTION_ID'];
    const access = env['SYSTEM_ACCESSTOKEN'];
    if (!connection || !access)
      throw unavailable(
        `SYSTEM_OIDCREQUESTURI is set but ${!connection ? 'no service connection id (AZURESUBSCRIPTION_SERVICE_CONNECTION_ID or BREAKGLASS_SERVICE_CONNECTION_ID)' : 'SYSTEM_ACCESSTOKEN'} is not`,
        'Run the step in AzureCLI@2 with the workload identity service connection, and map System.AccessToken into env as SYSTEM_ACCESSTOKEN.',
      );
    return {
      source: 'azure-pipelines',
      async read(signal) {
        const url = new URL(adoUri);
        url.searchParams.set('api-version', '7.1');
        url.searchParams.set('serviceConnectionId', connection);
        return fetchJwt(fetchImpl, url.toString(), 'POST', `Bearer ${access}`, 'oidcToken', 'Azure Pipelines', signal);
      },
    };
  }
  const file = env['AZURE_FEDERATED_TOKEN_FILE'];
  if (file) {
    return {
      source: 'token-file',
      async read() {
        let text: string;
        try {
          text = (await readFile(file, 'utf8')).trim();
        } catch (e) {
          throw unavailable(
            `cannot read AZURE_FEDERATED_TOKEN_FILE ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            'Point AZURE_FEDERATED_TOKEN_FILE at the file your platform writes the token to.',
          );
        }
        return requireJwt(text, `the file ${file}`);
      },
    };
  }
  throw unavailable(
    'no federated token is available in this environment',
    'Run in GitHub Actions with `permissions: id-token: write`, in Azure Pipelines with a workload identity service connection, or set AZURE_FEDERATED_TOKEN_FILE.',
  );
}

async function fetchJwt(
  fetchImpl: Fetch,
  url: string,
  method: string,
  authorization: string,
  field: string,
  who: string,
  signal?: AbortSignal,
): Promise<string> {
  const { status, text } = await askTokenService(fetchImpl, url, method, authorization, who, signal);
  if (status !== 200)
    throw unavailable(
      `${who} refused the OIDC token request (HTTP ${status})`,
      who === 'GitHub Actions'
        ? 'Give the job `permissions: id-token: write` (a pull request from a fork gets no token).'
        : 'Check that the pipeline may use the service connection and that System.AccessToken is mapped.',
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const v = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof v !== 'string') throw unavailable(`${who} answered without "${field}"`, 'Retry the job.');
  return requireJwt(v, who);
}

/** One token request, sent again while it gets no answer at all (TOKEN_SERVICE_RETRY). */
async function askTokenService(
  fetchImpl: Fetch,
  url: string,
  method: string,
  authorization: string,
  who: string,
  signal?: AbortSignal,
): Promise<{ status: number; text: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetchImpl(url, {
        method,
        headers: { authorization, accept: 'application/json' },
        ...(signal ? { signal } : {}),
      });
      return { status: r.status, text: await r.text() };
    } catch (e) {
      if (attempt < TOKEN_SERVICE_RETRY.maxAttempts && !signal?.aborted && isRetryableNetworkError(e, true)) {
        await sleep(backoffDelay(TOKEN_SERVICE_RETRY, attempt, undefined), signal);
        continue;
      }
      const code = (e as { cause?: { code?: unknown } }).cause?.code;
      throw unavailable(
        `${who} did not answer the OIDC token request${attempt > 1 ? ` (${attempt} attempts)` : ''}: ${(e as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`,
        'Retry the job; check that the runner can reach its token service.',
      );
    }
  }
}

function requireJwt(token: string, where: string): string {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    throw unavailable(`${where} did not hold a JWT`, 'Check the token source.');
  return token;
}
