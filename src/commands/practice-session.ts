/**
 * connectPractice(): start the practice tenant in-process and connect to it
 * with the same code path as a live tenant (real MSAL device-code flow, real
 * Graph/Logs/ARM clients). The device code is approved on the operator's
 * behalf — in practice nobody has a browser to approve it in — but the UI
 * callback still sees the code, so the screen is exercised as in a live run.
 *
 * The practice server is imported dynamically: nothing here loads it until called.
 */
import { DEFAULT_PUBLIC_CLIENT_ID, type SignInFlow } from '../config/tenant-config.js';
import type { FaultConfig } from '../practice/faults.js';
import type { PracticeServer } from '../practice/server.js';
import type { SignInCallbacks } from '../tenant/auth.js';
import { connectTenant, type ConnectedSession } from '../tenant/connect.js';
import type { RetryPolicy } from '../tenant/retry.js';

export interface ConnectPracticeOptions {
  scenario?: string | object;
  faults?: FaultConfig;
  port?: number;
  seed?: number;
  timeScale?: number;
  /** Default: the Microsoft Graph Command Line Tools app id, which the shipped scenarios register. */
  clientId?: string;
  flow?: SignInFlow;
  /** Scopes as for connectTenant (use scopesFor(runbook, …)). Default: Graph `.default`. */
  scopes?: string[];
  callbacks?: SignInCallbacks;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  env?: NodeJS.ProcessEnv;
  certificate?: { path: string; passphrase?: string; passphraseEnv?: string };
  secretEnv?: string;
  /** Where the tenant's keys are kept between starts (PracticeServerOptions.keyStore). */
  keyStore?: string;
}

export interface PracticeConnection {
  session: ConnectedSession;
  server: PracticeServer;
  /** Closes the session and stops the server. */
  close(): Promise<void>;
}

export async function connectPractice(opts: ConnectPracticeOptions = {}): Promise<PracticeConnection> {
  const { startPracticeServer } = await import('../practice/server.js');
  const server = await startPracticeServer({
    ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}),
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
    ...(opts.keyStore ? { keyStore: opts.keyStore } : {}),
  });
  const scenarioName = typeof opts.scenario === 'string' ? opts.scenario : opts.scenario ? 'custom' : 'healthy';
  const userCallbacks = opts.callbacks ?? {};
  const session = connectTenant({
    mode: 'practice',
    cloud: 'practice',
    tenantId: server.tenantId,
    endpoints: server.endpoints,
    caPem: server.caPem,
    clientId: opts.clientId ?? DEFAULT_PUBLIC_CLIENT_ID,
    flow: opts.flow ?? 'device-code',
    scopes: opts.scopes ?? ['https://graph.microsoft.com/.default'],
    label: `PRACTICE · ${scenarioName}`,
    callbacks: {
      ...userCallbacks,
      onDeviceCode(info) {
        userCallbacks.onDeviceCode?.(info);
        server.approveDeviceCode(info.userCode);
      },
    },
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.certificate ? { certificate: opts.certificate } : {}),
    ...(opts.secretEnv ? { secretEnv: opts.secretEnv } : {}),
  });
  return {
    session,
    server,
    async close() {
      await session.close();
      await server.close();
    },
  };
}
