/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import { PublicClientApplication, ConfidentialClientApplication } from '@azure/msal-node';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { createPracticeNetworkModule } from '../src/practice/identity/msal-network.js';
import {
  APP_SECRET,
  PUBLIC_CLIENT_ID,
  SECRET_APP_ID,
  makeWorld,
  testRoutes,
  type TestWorld,
} from './practice-server.helpers.js';

let server: PracticeServer;
let world: TestWorld;

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { ca: server.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const t = Buffer.concat(chunks).toString('utf8');
        let body: unknown = t;
        try {
          body = JSON.parse(t);
        } catch {
          /* text */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  world = makeWorld();
  server = await startPracticeServer({ world, routes: testRoutes(), autoApproveDeviceCodeAfterMs: 200 });
});
afterAll(async () => {
  await server?.close();
});

describe('practice server core', () => {
  it('serves HTTPS with its own CA', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body.practice).toBe(true);
    expect(r.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('MSAL device code flow gets a Graph token and the token works', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: PUBLIC_CLIENT_ID,
        authority: `${server.url}/${world.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    let userCode = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes: ['https://graph.microsoft.com/User.Read.All'],
      deviceCodeCallback: (r) => {
        userCode = r.userCode;
      },
    });
    expect(userCode).toMatch(/^[A-Z0-9]{9}$/);
    expect(result?.accessToken).toBeTruthy();
    expect(result?.account?.username).toBe('operator@contoso-practice.onmicrosoft.com');
    const r = await get(`/v1.0/users/${world.users[0]!.id}`, { authorization: `Bearer ${result!.accessToken}` });
    expect(r.status).toBe(200);
    expect(r.body.userPrincipalName).toBe(world.users[0]!.userPrincipalName);
  });

  it('client credentials with a secret', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: SECRET_APP_ID,
        clientSecret: APP_SECRET,
        authority: `${server.url}/${world.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const payload = JSON.parse(Buffer.from(result!.accessToken.split('.')[1]!, 'base64url').toString());
    expect(payload.roles).toEqual(['User.Read.All', 'Policy.Read.All']);
    expect(payload.aud).toBe('https://graph.microsoft.com');
    const r = await get('/v1.0/organization', { authorization: `Bearer ${result!.accessToken}` });
    expect(r.status).toBe(200);
  });

  it('401 without a token', async () => {
    const r = await get('/v1.0/organization');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('InvalidAuthenticationToken');
    expect(r.headers['www-authenticate']).toMatch(/^Bearer /);
  });
});
