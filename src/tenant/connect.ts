/**
 * connectTenant(): one TenantSession for a live Microsoft tenant or the
 * practice tenant — the same MSAL, Graph client, LogsQueryClient and ARM
 * pipeline either way; only endpoints and the trusted CA differ.
 *
 * Nothing touches the network here: sign-in happens on the first request or
 * identity() call. SDKs are imported on first use, never at module load.
 */
import { cloudProfile, type CloudName, type CloudResources } from '../config/clouds.js';
import type { SignInFlow } from '../config/tenant-config.js';
import { createArmApi } from './arm.js';
import { AuthSession, type SignInCallbacks } from './auth.js';
import { EvidenceLog } from './evidence.js';
import { createGraphApi } from './graph.js';
import { createLogsApi } from './logs.js';
import { practiceTrust } from './practice-trust.js';
import { splitScopes } from './split-scopes.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import {
  TenantError,
  type CloudEndpoints,
  type SignedInIdentity,
  type TenantMode,
  type TenantSession,
} from '../core/tenant.js';

export interface ConnectOptions {
  mode: TenantMode;
  /** Tenant id (GUID) or verified domain. Practice: the practice server's tenant id. */
  tenantId: string;
  clientId: string;
  cloud: CloudName;
  /** Required for practice (from the running server); overrides the cloud table for live. */
  endpoints?: CloudEndpoints;
  /** The practice CA. Refused for live tenants: a live session trusts the system store only. */
  caPem?: string;
  flow: SignInFlow;
  certificate?: { path: string; passphrase?: string; passphraseEnv?: string };
  /** Name of the env var holding the client secret (never the secret). */
  secretEnv?: string;
  /**
   * Exactly the runbook's declared permissions as scopes (see scopesFor):
   * delegated `https://graph.microsoft.com/Policy.Read.All`…, app-only `…/.default`.
   */
  scopes: string[];
  callbacks?: SignInCallbacks;
  signal?: AbortSignal;
  /** Shown on every screen, e.g. "PRACTICE · healthy". Defaults from mode/tenant. */
  label?: string;
  retry?: Partial<RetryPolicy>;
  env?: NodeJS.ProcessEnv;
  /** Test hook: deterministic jitter. */
  random?: () => number;
}

export interface ConnectedSession extends TenantSession {
  readonly tenantId: string;
  readonly flow: SignInFlow;
  readonly endpoints: CloudEndpoints;
  readonly resources: CloudResources;
  /** Admin-consent URL for this app and the requested scopes. */
  consentUrl(): string;
  /**
   * After sign-in: ask for these resources' tokens now, all at once, rather than each when its first
   * request is made (AuthSession.prefetch). Nothing happens for a token already held.
   */
  prefetchTokens(resources: (keyof CloudResources)[]): void;
  close(): Promise<void>;
}

function bad(cause: string, todo: string): TenantError {
  return new TenantError('login', 0, 'InvalidConnection', { what: 'Cannot connect to the tenant', cause, todo });
}

export function connectTenant(opts: ConnectOptions): ConnectedSession {
  const profile = cloudProfile(opts.cloud);
  if (opts.mode === 'practice') {
    if (opts.cloud !== 'practice')
      throw bad(`the practice tenant uses the "practice" cloud, not "${opts.cloud}"`, 'Pass cloud: "practice".');
    if (!opts.endpoints || !opts.caPem)
      throw bad(
        'the practice tenant needs its endpoints and CA certificate',
        'Start it with connectPractice() or `breakglass practice serve`.',
      );
  } else {
    if (opts.caPem)
      throw bad(
        'a custom CA is only accepted for the practice tenant',
        'For a TLS-inspecting proxy set NODE_EXTRA_CA_CERTS instead.',
      );
    if (opts.cloud === 'practice')
      throw bad('a live tenant cannot use the practice cloud', 'Use --cloud public, usgov, usgovdod or china.');
  }
  const endpoints = opts.endpoints ?? profile.endpoints!;
  for (const [k, v] of Object.entries(endpoints) as [string, string][]) {
    if (!/^https:\/\//i.test(v))
      throw bad(`the ${k} endpoint ${v} is not https`, 'Tokens are only ever sent over https.');
  }
  const resources = profile.resources;
  let scopes: Record<keyof CloudResources, string[]>;
  try {
    scopes = splitScopes(opts.scopes, resources);
  } catch (e) {
    throw bad((e as Error).message, 'Check the permissions the runbook declares.');
  }
  const evidence = new EvidenceLog();
  // Practice: one TLS context and one kept-alive agent for the whole session (./practice-trust.ts).
  const trust = opts.caPem ? practiceTrust(opts.caPem) : undefined;
  const auth = new AuthSession({
    tenantId: opts.tenantId,
    clientId: opts.clientId,
    flow: opts.flow,
    authorityHost: endpoints.authorityHost,
    resources,
    scopes,
    evidence,
    trustAuthorityHost: opts.mode === 'practice',
    ...(trust ? { caPem: trust.caPem, agent: trust.agent } : {}),
    ...(opts.certificate ? { certificate: opts.certificate } : {}),
    ...(opts.secretEnv ? { secretEnv: opts.secretEnv } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.callbacks ? { callbacks: opts.callbacks } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...(opts.retry ?? {}) };
  const graphPromise = createGraphApi({
    graphBase: endpoints.graph,
    graphRoot: resources.graph,
    policy,
    evidence,
    getToken: async (signal) => (await auth.getToken('graph', signal)).token,
    consentUrl: () => auth.consentUrl(),
    ...(trust ? { agent: trust.agent } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  // createGraphApi itself is synchronous apart from its lazy transport; unwrap once.
  let graphApi: Awaited<typeof graphPromise> | undefined;
  const graph = lazyGraph(resources.graph, async () => (graphApi ??= await graphPromise));
  const maxRetries = Math.max(0, policy.maxAttempts - 1);
  const logs = createLogsApi({
    endpoint: endpoints.logs,
    resource: resources.logs,
    auth,
    evidence,
    maxRetries,
    ...(trust ? { caPem: trust.caPem, agent: trust.agent } : {}),
  });
  const arm = createArmApi({
    endpoint: endpoints.arm,
    resource: resources.arm,
    auth,
    evidence,
    maxRetries,
    ...(trust ? { caPem: trust.caPem, agent: trust.agent } : {}),
  });

  const label = opts.label ?? (opts.mode === 'practice' ? 'PRACTICE' : opts.tenantId);
  return {
    mode: opts.mode,
    label,
    tenantId: opts.tenantId,
    flow: opts.flow,
    endpoints,
    resources,
    graph,
    logs,
    arm,
    identity: (): Promise<SignedInIdentity> => auth.identity(opts.signal),
    drainEvidence: () => evidence.drain(),
    consentUrl: () => auth.consentUrl(),
    prefetchTokens: (resources) => {
      for (const r of resources) auth.prefetch(r);
    },
    async close() {
      if (graphApi) await graphApi.close();
      auth.close();
      trust?.agent.destroy();
    },
  };
}

/** GraphApi whose methods await the (lazily created) implementation. */
function lazyGraph(
  root: string,
  get: () => Promise<import('../core/tenant.js').GraphApi>,
): import('../core/tenant.js').GraphApi {
  return {
    root,
    request: async (req, o) => (await get()).request(req, o),
    batch: async (reqs, o) => (await get()).batch(reqs, o),
    list<T>(
      req: Parameters<import('../core/tenant.js').GraphApi['list']>[0],
      o?: { signal?: AbortSignal },
    ): AsyncIterable<T> {
      return {
        async *[Symbol.asyncIterator]() {
          yield* (await get()).list<T>(req, o);
        },
      };
    },
  };
}
