/**
 * A TokenCredential (@azure/core-auth shape) over our MSAL session, for the
 * Azure SDK clients (LogsQueryClient, ARM pipeline). It always returns a
 * token for the one resource the client talks to, with the scopes the
 * runbook declared — whatever `.default` scope the SDK asks for.
 */
import type { AccessToken as CoreAccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AuthSession, ResourceName } from './auth.js';

export function credentialFor(auth: AuthSession, resource: ResourceName): TokenCredential {
  return {
    async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<CoreAccessToken | null> {
      const t = await auth.getToken(resource, options?.abortSignal as AbortSignal | undefined);
      return { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp, tokenType: 'Bearer' };
    },
  };
}
