/**
 * The Graph client's last link (graph-https.ts) asks for gzip and hands the client the decoded
 * body: a bare HTTPS endpoint answers as a server that compresses would, and the test reads what
 * the client would read. A body that does not decode, or in an encoding nobody asked for, fails.
 */
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPracticeTls } from '../practice/tls.js';
import { HttpsHandler } from './graph-https.js';

const users = { value: [{ id: '1', userPrincipalName: 'bg-admin-01@contoso.example' }] };
let server: Server;
let base: string;
let agent: Agent;
let asked: string | undefined;

beforeAll(async () => {
  const tls = await createPracticeTls();
  agent = new Agent({ ca: tls.caPem, keepAlive: true });
  server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    asked = req.headers['accept-encoding'];
    const json = Buffer.from(JSON.stringify(users));
    if (req.url === '/gzip') {
      const body = gzipSync(json);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': body.length,
      });
      res.end(body);
    } else if (req.url === '/broken-gzip') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(json);
    } else if (req.url === '/br') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      res.end(json);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(json);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((r) => server.close(r));
});

async function get(path: string): Promise<Response> {
  const context: { request: string; options: { method: string }; response?: Response } = {
    request: base + path,
    options: { method: 'GET' },
  };
  await new HttpsHandler(agent).execute(context);
  return context.response!;
}

describe('HttpsHandler content coding', () => {
  it('asks for gzip and hands on the decoded JSON, without the encoding headers', async () => {
    const res = await get('/gzip');
    expect(asked).toBe('gzip');
    expect(await res.json()).toEqual(users);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-length')).toBeNull();
  });

  it('takes an uncompressed answer as it is', async () => {
    const res = await get('/plain');
    expect(await res.json()).toEqual(users);
  });

  it('fails the attempt when gzip does not decode', async () => {
    await expect(get('/broken-gzip')).rejects.toThrow();
  });

  it('fails the attempt on an encoding it did not ask for', async () => {
    await expect(get('/br')).rejects.toThrow(/not asked for: br/);
  });
});
