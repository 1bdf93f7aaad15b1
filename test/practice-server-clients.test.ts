/**
 * The practice tenant against the REAL client SDKs: MSAL (device code,
 * client secret, client certificate) and the Microsoft Graph client
 * (paging, $batch, retries on injected 429s).
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { Agent } from 'undici';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  PageIterator,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { createPracticeNetworkModule } from '../src/practice/identity/msal-network.js';
import {
  APP_SECRET,
  CERT_APP_ID,
  PUBLIC_CLIENT_ID,
  SECRET_APP_ID,
  makeWorld,
  testRoutes,
  type TestWorld,
} from './practice-server.helpers.js';

let server: PracticeServer;
let world: TestWorld;
let certPem = '';
let keyPem = '';
let thumbprintSha256 = '';
let otherKeyPem = '';
let otherThumb = '';

async function makeCert(cn: string): Promise<{ certPem: string; keyPem: string; thumb: string }> {
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: keys as never,
    signingAlgorithm: alg,
  });
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const kp = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  const thumb = Buffer.from(await cert.getThumbprint('SHA-256')).toString('hex');
  return { certPem: cert.toString('pem'), keyPem: kp, thumb };
}

function cca(auth: Record<string, unknown>) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: SECRET_APP_ID,
      authority: `${server.url}/${world.tenantId}`,
      knownAuthorities: [new URL(server.url).host],
      ...auth,
    },
    system: { networkClient: createPracticeNetworkModule(server.caPem) },
  });
}

function graphClient(token: string): Client {
  const dispatcher = new Agent({ connect: { ca: server.caPem } });
  return Client.init({
    authProvider: (done) => done(null, token),
    baseUrl: server.url,
    customHosts: new Set([new URL(server.url).hostname]),
    fetchOptions: { dispatcher },
  });
}

async function appToken(): Promise<string> {
  const r = await cca({ clientSecret: APP_SECRET }).acquireTokenByClientCredential({
    scopes: ['https://graph.microsoft.com/.default'],
  });
  return r!.accessToken;
}

beforeAll(async () => {
  x509.cryptoProvider.set(webcrypto as never);
  world = makeWorld();
  const a = await makeCert('bg-cert');
  certPem = a.certPem;
  keyPem = a.keyPem;
  thumbprintSha256 = a.thumb;
  world.apps.get(CERT_APP_ID)!.certificates.push({ thumbprintSha256, pem: certPem });
  const b = await makeCert('not-registered');
  otherKeyPem = b.keyPem;
  otherThumb = b.thumb;
  server = await startPracticeServer({ world, routes: testRoutes(), autoApproveDeviceCodeAfterMs: 50, seed: 42 });
});
afterAll(async () => {
  await server?.close();
});

describe('MSAL against the practice tenant', () => {
  it('client credentials with a certificate: signature and x5t#S256 verified', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: CERT_APP_ID,
        authority: `${server.url}/${world.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
        clientCertificate: { thumbprintSha256, privateKey: keyPem },
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    const r = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const claims = JSON.parse(Buffer.from(r!.accessToken.split('.')[1]!, 'base64url').toString());
    expect(claims.roles).toEqual(['User.Read.All']);
    expect(claims.appid).toBe(CERT_APP_ID);
    expect(claims.appidacr).toBe('2');
    expect(claims.idtyp).toBe('app');
  });

  it('rejects an assertion signed by a certificate the app does not have (AADSTS700027)', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: CERT_APP_ID,
        authority: `${server.url}/${world.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
        clientCertificate: { thumbprintSha256: otherThumb, privateKey: otherKeyPem },
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    await expect(
      app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS700027') });
  });

  it('rejects an assertion whose signature does not match the registered certificate', async () => {
    // Right thumbprint in the header, wrong private key.
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: CERT_APP_ID,
        authority: `${server.url}/${world.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
        clientCertificate: { thumbprintSha256, privateKey: otherKeyPem },
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    await expect(
      app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({ errorMessage: expect.stringContaining('signature validation') });
  });

  it('rejects a wrong client secret (AADSTS7000215)', async () => {
    await expect(
      cca({ clientSecret: 'wrong' }).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215'),
    });
  });

  it('delegated: an ungranted scope gets AADSTS65001 consent_required; silent acquisition for Logs and ARM uses the refresh token', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: PUBLIC_CLIENT_ID,
        authority: `${server.url}/${world.tenantId}`,
        knownAuthorities: [new URL(server.url).host],
      },
      system: { networkClient: createPracticeNetworkModule(server.caPem) },
    });
    await expect(
      pca.acquireTokenByDeviceCode({
        scopes: ['https://graph.microsoft.com/Policy.ReadWrite.ConditionalAccess'],
        deviceCodeCallback: () => undefined,
      }),
    ).rejects.toMatchObject({ errorCode: 'post_request_failed', errorMessage: 'invalid_grant' });

    const first = await pca.acquireTokenByDeviceCode({
      scopes: ['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/User.Read.All'],
      deviceCodeCallback: () => undefined,
    });
    const g = JSON.parse(Buffer.from(first!.accessToken.split('.')[1]!, 'base64url').toString());
    expect(g.scp).toBe('User.Read User.Read.All');
    expect(g.aud).toBe('https://graph.microsoft.com');
    const logs = await pca.acquireTokenSilent({
      account: first!.account!,
      scopes: ['https://api.loganalytics.io/.default'],
    });
    const l = JSON.parse(Buffer.from(logs.accessToken.split('.')[1]!, 'base64url').toString());
    expect(l.aud).toBe('https://api.loganalytics.io');
    expect(l.scp).toBe('Data.Read');
    const arm = await pca.acquireTokenSilent({
      account: first!.account!,
      scopes: ['https://management.azure.com/.default'],
    });
    const a = JSON.parse(Buffer.from(arm.accessToken.split('.')[1]!, 'base64url').toString());
    expect(a.aud).toBe('https://management.azure.com/');
  });
});

describe('Graph client against the practice tenant', () => {
  it('pages through 250 users with @odata.nextLink (PageIterator)', async () => {
    const client = graphClient(await appToken());
    const first = (await client
      .api('/users')
      .version('v1.0')
      .top(100)
      .select('id,userPrincipalName')
      .get()) as PageCollection;
    expect(first.value).toHaveLength(100);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${server.url}/v1.0/users\\?`));
    const seen: string[] = [];
    const it = new PageIterator(client, first, (u: { userPrincipalName: string }) => {
      seen.push(u.userPrincipalName);
      return true;
    });
    await it.iterate();
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(Object.keys(first.value[0] as object).sort()).toEqual(['id', 'userPrincipalName']);
  });

  it('$batch: requests answered by id; a failed dependency → 424 and the dependent mutation is not applied', async () => {
    const client = graphClient(await appToken());
    const content = new BatchRequestContent([
      { id: '1', request: new Request(`${server.url}/v1.0/users/${world.users[0]!.id}`, { method: 'GET' }) },
      { id: '2', request: new Request(`${server.url}/v1.0/organization`, { method: 'GET' }) },
      { id: '3', request: new Request(`${server.url}/v1.0/users/does-not-exist`, { method: 'GET' }) },
    ]);
    const res = await client
      .api('/$batch')
      .version('v1.0')
      .post(await content.getContent());
    const parsed = new BatchResponseContent(res);
    expect(parsed.getResponseById('1').status).toBe(200);
    expect(((await parsed.getResponseById('1').json()) as { id: string }).id).toBe(world.users[0]!.id);
    expect(parsed.getResponseById('2').status).toBe(200);
    expect(parsed.getResponseById('3').status).toBe(404);
    // dependsOn (the SDK's BatchRequestContent only allows some dependency shapes; send the JSON directly).
    const dep = await client
      .api('/$batch')
      .version('v1.0')
      .post({
        requests: [
          { id: 'a', method: 'GET', url: '/users/does-not-exist' },
          { id: 'b', method: 'GET', url: '/organization', dependsOn: ['a'] },
          {
            id: 'c',
            method: 'POST',
            url: '/groups',
            body: { displayName: 'x' },
            headers: { 'Content-Type': 'application/json' },
            dependsOn: ['b'],
          },
        ],
      });
    const byId = Object.fromEntries((dep.responses as { id: string; status: number }[]).map((r) => [r.id, r.status]));
    expect(byId).toEqual({ a: 404, b: 424, c: 424 });
    expect(world.groups).toHaveLength(0);
  });

  it('retries injected 429s (Retry-After honoured) and finishes; counters show the throttled attempts', async () => {
    const client = graphClient(await appToken());
    const before = server.counterStore.count({ host: 'graph', route: '/organization', status: 429 });
    server.setFaults({ rate429: 0.3, retryAfterSeconds: 0 });
    try {
      for (let i = 0; i < 15; i++) {
        const org = await client.api('/organization').get();
        expect(org.value[0].id).toBe(world.tenantId);
      }
    } finally {
      server.setFaults({});
    }
    const throttled = server.counterStore.count({ host: 'graph', route: '/organization', status: 429 }) - before;
    expect(throttled).toBeGreaterThan(0);
    expect(server.counters().faults['429']).toBeGreaterThanOrEqual(throttled);
  });
});
