/**
 * The server with the shipped 'healthy' scenario and the real resource routes
 * (C2's world + routes): the real MSAL signs in with the scenario's public
 * client and the real Graph client reads the directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { PublicClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { createPracticeNetworkModule } from '../src/practice/identity/msal-network.js';

const BREAKGLASS_CLIENT_ID = '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60';
let server: PracticeServer;

beforeAll(async () => {
  server = await startPracticeServer({ autoApproveDeviceCodeAfterMs: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe('practice server with the healthy scenario', () => {
  it('MSAL device code + Graph client read /organization and /users', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: BREAKGLASS_CLIENT_ID,
        authority: `${server.url}/${server.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    const tok = await pca.acquireTokenByDeviceCode({
      scopes: ['https://graph.microsoft.com/Directory.Read.All'],
      deviceCodeCallback: () => undefined,
    });
    const client = Client.init({
      authProvider: (done) => done(null, tok!.accessToken),
      baseUrl: server.url,
      customHosts: new Set([new URL(server.url).hostname]),
      fetchOptions: { dispatcher: new Agent({ connect: { ca: server.caPem } }) },
    });
    const org = await client.api('/organization').get();
    expect(org.value[0].id).toBe(server.tenantId);
    const users = await client.api('/users').top(5).select('id,userPrincipalName').get();
    expect(users.value.length).toBeGreaterThan(0);
    expect(Object.keys(users.value[0]).sort()).toEqual(['id', 'userPrincipalName']);
  });
});
