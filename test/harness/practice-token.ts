/**
 * A delegated token from a running practice tenant, got the way the product gets one: the real MSAL
 * public client, the device-code flow, the tenant's CA trusted. For tests that then call the
 * practice tenant's HTTP surface themselves (routes, contracts, Graph casts).
 */
import { PublicClientApplication } from '@azure/msal-node';
import { createPracticeNetworkModule } from '../../src/practice/identity/msal-network.js';
import type { PracticeServer } from '../../src/practice/server.js';

/** The breakglass app's id in the practice scenarios (src/practice/scenarios/*.yaml). */
export const PRACTICE_CLIENT_ID = '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60';

export async function practiceToken(
  server: Pick<PracticeServer, 'url' | 'tenantId' | 'caPem'>,
  scopes: string[],
): Promise<string> {
  const pca = new PublicClientApplication({
    auth: {
      clientId: PRACTICE_CLIENT_ID,
      authority: `${server.url}/${server.tenantId}`,
      knownAuthorities: [new URL(server.url).host],
    },
    system: { networkClient: createPracticeNetworkModule(server.caPem) },
  });
  const r = await pca.acquireTokenByDeviceCode({ scopes, deviceCodeCallback: () => undefined });
  if (!r) throw new Error('the practice tenant gave no token');
  return r.accessToken;
}
