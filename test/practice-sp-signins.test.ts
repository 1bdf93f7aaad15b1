/**
 * An emergency application's sign-ins must be visible to monitoring.
 * Every client-credentials sign-in to the practice tenant — success and a wrong
 * secret alike — lands in the service-principal sign-in log, through the real
 * MSAL confidential client.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { startPracticeServer } from '../src/practice/server.js';
import { createPracticeNetworkModule } from '../src/practice/identity/msal-network.js';

describe('service-principal sign-ins in the practice tenant', () => {
  it('records a successful and a failed client-credentials sign-in', async () => {
    const scenario = (await import('yaml')).parse(
      (await import('node:fs')).readFileSync(
        new URL('../src/practice/scenarios/healthy.yaml', import.meta.url),
        'utf8',
      ),
    ) as { applications: Record<string, unknown>[] };
    scenario.applications.push({
      displayName: 'EmergencySecretApp',
      appId: '5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4',
      servicePrincipal: true,
      appRoles: ['User.Read.All'],
      secrets: ['practice-only-secret-value'],
    });
    const server = await startPracticeServer({ scenario });
    try {
      const w = server.world as unknown as {
        spSignIns: { appId: string; status?: { errorCode?: number }; errorCode?: number }[];
      };
      const app = (secret: string) =>
        new ConfidentialClientApplication({
          auth: {
            clientId: '5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4',
            authority: `${server.url}/${server.tenantId}`,
            clientSecret: secret,
            knownAuthorities: [new URL(server.url).host],
          },
          system: { networkClient: createPracticeNetworkModule(server.caPem) },
        });
      const ok = await app('practice-only-secret-value').acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      expect(ok?.accessToken).toBeTruthy();
      await expect(
        app('wrong-secret').acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
      ).rejects.toThrow();
      const mine = w.spSignIns.filter((s) => s.appId === '5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4');
      expect(mine).toHaveLength(2);
      expect(mine.map((s) => (s.status?.errorCode ?? s.errorCode ?? 0) === 0).sort()).toEqual([false, true]);
    } finally {
      await server.close();
    }
  });
});
