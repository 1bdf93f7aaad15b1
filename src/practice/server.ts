/**
 * The practice tenant: one HTTPS server on 127.0.0.1 that plays
 * login.microsoftonline.com, graph.microsoft.com, api.loganalytics.io and
 * management.azure.com, so breakglass's real MSAL, Graph client and
 * LogsQueryClient talk to it over TLS exactly as to Microsoft — only the
 * endpoints and the trusted CA differ.
 *
 * Client configuration (what src/tenant/ passes for practice mode):
 *  - MSAL: authority `${url}/${tenantId}`, knownAuthorities [new URL(url).host]
 *    (skips instance discovery against login.microsoftonline.com; the server
 *    also serves /common/discovery/instance), system.networkClient =
 *    createPracticeNetworkModule(caPem) from identity/msal-network.ts.
 *  - scopes keep Microsoft's resource ids (https://graph.microsoft.com/.default…).
 *  - Graph client baseUrl = url, customHosts = [new URL(url).hostname]; fetch
 *    must trust caPem.
 *  - LogsQueryClient endpoint = endpoints.logs (url + /v1).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CloudEndpoints } from '../core/tenant.js';
import type { PracticeResponse, PracticeRoute } from './types.js';
import { practiceKeys } from './key-store.js';
import { createTokenIssuer } from './identity/signing.js';
import { DeviceCodeStore } from './identity/device-codes.js';
import { LoginService } from './identity/login.js';
import { GITHUB_ACTIONS_ISSUER, SimulatedGitHubIssuer } from './identity/oidc-issuer.js';
import { SimulatedAzureDevOpsIssuer } from './identity/azure-devops-issuer.js';
import type { IdentityDirectory } from './identity/directory.js';
import { Router, type RawRequest } from './router.js';
import { FaultInjector, type FaultConfig } from './faults.js';
import { Counters, type CountersSnapshot } from './counters.js';
import type { SimulationWorld } from '../core/tenant.js';
import { createAdminHandler } from './admin.js';
import { handleBatch } from './batch.js';
import { ContractGate } from './contracts/gate.js';

/** What the server needs from a World: the identity directory and (optionally) the simulation entry points. */
export type PracticeWorld = IdentityDirectory & SimulationWorld;

export interface PracticeServerOptions {
  /** Scenario name or object (default 'healthy'). Ignored when `world` is given. */
  scenario?: string | object;
  /**
   * Folder that keeps the TLS material and the token-signing key between
   * starts (key-store.ts; the commands pass `<state dir>/practice`). Default:
   * made for this server only and never written.
   */
  keyStore?: string;
  /** 0 (default) = ephemeral port. */
  port?: number;
  faults?: FaultConfig;
  /** Simulated seconds per real second (passed to the world). */
  timeScale?: number;
  /** Approve every device code automatically after this many ms (null/undefined = never). */
  autoApproveDeviceCodeAfterMs?: number | null;
  /** Seed of the fault PRNG and the $batch shuffle (default 1). */
  seed?: number;
  /** Use this world instead of loading `scenario` (tests). */
  world?: PracticeWorld;
  /** Replace the resource routes (default: allRoutes() of src/practice/routes). */
  routes?: PracticeRoute[];
  /** Added to the resource routes (tests). */
  extraRoutes?: PracticeRoute[];
  /** Admin key (default: 32 random bytes, base64url). */
  adminKey?: string;
  /** Device-code poll interval returned to clients (default 1 s; Entra says 5). */
  deviceCodeIntervalSeconds?: number;
  /** Access-token lifetime (default 3599 s, like Entra's minimum default). */
  accessTokenLifetimeSeconds?: number;
  /** Device-code lifetime (default 900 s, like Entra). */
  deviceCodeLifetimeSeconds?: number;
  /**
   * Runs after each request is handled and before its response is sent: a run's
   * practice tenant saves its state here, so a client never sees a change the
   * saved tenant does not hold.
   */
  afterRequest?(): void;
  /**
   * How long an idle kept-alive connection stays open (default 5 s, Node's
   * default). A server closing idle connections is what every real front end
   * does; tests shorten it to meet the client's side of that race quickly.
   */
  keepAliveTimeoutMs?: number;
}

export interface PracticeServer {
  url: string;
  port: number;
  caPem: string;
  /** The CA written to a temp file (for curl --cacert / NODE_EXTRA_CA_CERTS); removed on close. */
  caPath: string;
  endpoints: CloudEndpoints;
  tenantId: string;
  world: PracticeWorld;
  adminKey: string;
  counters(): CountersSnapshot;
  /** Live counters object (count() helper). */
  counterStore: Counters;
  /** Approves a device code as the scenario's operator, or as `as.upn` (checked when the code is redeemed). */
  approveDeviceCode(userCode: string, as?: { upn?: string; passwordOnly?: boolean }): boolean;
  /**
   * A simulated GitHub Actions job (workload identity federation): the values of
   * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN it would get.
   */
  githubActionsJob(
    job: import('./identity/oidc-issuer.js').GitHubJob,
  ): import('./identity/oidc-issuer.js').JobCredentials;
  /**
   * A simulated Azure Pipelines job with a workload identity federation service connection:
   * SYSTEM_OIDCREQUESTURI, System.AccessToken and the connection id it would get.
   */
  azurePipelinesJob(
    job: import('./identity/azure-devops-issuer.js').AzurePipelinesJob,
  ): import('./identity/azure-devops-issuer.js').AzurePipelinesJobCredentials;
  setFaults(f: FaultConfig): void;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

async function loadDefaultWorld(opts: PracticeServerOptions): Promise<PracticeWorld> {
  // Loaded lazily: the world and its scenarios are only needed when a server starts.
  const scenario = opts.scenario ?? 'healthy';
  const worldOpts = { timeScale: opts.timeScale, seed: opts.seed };
  // A shipped scenario starts from what the build parsed and validated, without the YAML reader and zod.
  if (typeof scenario === 'string') {
    const { loadPrecompiledWorld } = await import('./world/precompiled.js');
    const world: PracticeWorld | undefined = loadPrecompiledWorld(scenario, worldOpts);
    if (world) return world;
  }
  const { loadWorld } = await import('./world/index.js');
  const world: PracticeWorld = loadWorld(scenario, worldOpts);
  return world;
}

async function loadDefaultRoutes(): Promise<PracticeRoute[]> {
  const { allRoutes } = await import('./routes/index.js');
  return allRoutes();
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return h;
}

function send(res: ServerResponse, r: PracticeResponse): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let payload: string | undefined;
  if (r.body !== undefined && r.status !== 204) {
    if (typeof r.body === 'string') {
      payload = r.body;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(r.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  headers['strict-transport-security'] = 'max-age=31536000';
  headers['x-practice-tenant'] = 'true';
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else headers['content-length'] = '0';
  res.writeHead(r.status, headers);
  res.end(payload);
}

function deviceLoginPage(): PracticeResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body:
      'breakglass practice tenant — device code sign-in\n\n' +
      'This is the practice tenant, not Microsoft. To approve a sign-in, run:\n\n' +
      '    breakglass practice approve <CODE>\n\n' +
      'or start the server with --auto-approve <ms>.\n',
  };
}

export async function startPracticeServer(opts: PracticeServerOptions = {}): Promise<PracticeServer> {
  // Stored keys are read, or new ones made (RSA on libuv's thread pool), while the world loads on the main thread.
  const [{ tls, signing }, world, routes] = await Promise.all([
    practiceKeys(opts.keyStore),
    opts.world ? Promise.resolve(opts.world) : loadDefaultWorld(opts),
    opts.routes ? Promise.resolve(opts.routes) : loadDefaultRoutes(),
  ]);
  // Hex, not base64url: the key is typed as `--admin-key KEY`, and a base64url key starts with "-" one time
  // in 64, which an argument parser reads as another option.
  const adminKey = opts.adminKey ?? randomBytes(32).toString('hex');
  const seed = opts.seed ?? 1;
  const faults = new FaultInjector(seed, opts.faults);
  const counters = new Counters();
  const deviceCodes = new DeviceCodeStore(
    opts.deviceCodeLifetimeSeconds ?? 900,
    opts.autoApproveDeviceCodeAfterMs ?? null,
  );

  let baseUrl = '';
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' });
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 5000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Do not let a client's bad TLS handshake (e.g. an untrusted CA) print a stack trace.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;

  const issuer = await createTokenIssuer(`${baseUrl}/${world.tenantId}/v2.0`, signing);
  const githubIssuer = new SimulatedGitHubIssuer(() => baseUrl);
  const azureDevOpsIssuer = new SimulatedAzureDevOpsIssuer(
    () => baseUrl,
    () => world.tenantId,
  );
  const login = new LoginService({
    externalIssuers: (iss) =>
      iss === GITHUB_ACTIONS_ISSUER
        ? (t) => githubIssuer.verify(t)
        : azureDevOpsIssuer.isIssuer(iss)
          ? (t) => azureDevOpsIssuer.verify(t)
          : undefined,
    baseUrl,
    directory: () => world,
    issuer,
    deviceCodes,
    deviceCodeInterval: opts.deviceCodeIntervalSeconds ?? 1,
    deviceCodeLifetime: opts.deviceCodeLifetimeSeconds ?? 900,
    accessTokenLifetime: opts.accessTokenLifetimeSeconds ?? 3599,
  });
  const router = new Router({
    baseUrl: () => baseUrl,
    routes: [...routes, ...(opts.extraRoutes ?? [])],
    world: () => world,
    tenantId: () => world.tenantId,
    issuer,
    login,
    faults,
    counters,
    admin: createAdminHandler({ adminKey, world: () => world, faults, counters, deviceCodes }),
    batch: (req, run) => handleBatch(req, run, () => faults.random()),
    deviceLoginPage,
    githubIssuer,
    azureDevOpsIssuer,
    contracts: new ContractGate(),
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const bodyText = await readBody(req);
        if (bodyText === undefined) {
          send(res, {
            status: 413,
            body: { error: { code: 'RequestEntityTooLarge', message: `The request body exceeds ${MAX_BODY} bytes.` } },
          });
          return;
        }
        const raw: RawRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          url: req.url ?? '/',
          headers: headersOf(req),
          bodyText,
        };
        const result = await router.dispatch(raw);
        opts.afterRequest?.();
        if (result.delayMs > 0) await new Promise((r) => setTimeout(r, result.delayMs));
        if (result.reset) {
          req.socket.destroy();
          return;
        }
        send(res, result.response);
      } catch (e) {
        process.stderr.write(
          `practice tenant: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
        if (!res.headersSent)
          send(res, {
            status: 500,
            body: {
              error: {
                code: 'InternalServerError',
                message: 'The practice tenant hit an internal error; see its log.',
              },
            },
          });
      }
    })();
  });

  const caDir = mkdtempSync(join(tmpdir(), 'breakglass-practice-'));
  const caPath = join(caDir, 'practice-ca.pem');
  writeFileSync(caPath, tls.caPem, { mode: 0o600 });

  return {
    url: baseUrl,
    port,
    caPem: tls.caPem,
    caPath,
    endpoints: { authorityHost: baseUrl, graph: baseUrl, logs: `${baseUrl}/v1`, arm: baseUrl },
    tenantId: world.tenantId,
    world,
    adminKey,
    counters: () => counters.snapshot(),
    counterStore: counters,
    approveDeviceCode: (code, as) => deviceCodes.approve(code, as),
    githubActionsJob: (job) => githubIssuer.startJob(job),
    azurePipelinesJob: (job) => azureDevOpsIssuer.startJob(job),
    setFaults: (f) => faults.set(f),
    close: async () => {
      deviceCodes.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      rmSync(caDir, { recursive: true, force: true });
    },
  };
}
