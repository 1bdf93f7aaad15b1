/**
 * The contract between tenant-facing code (step kinds, actions, checks) and
 * the connection layer. Implemented in src/tenant/ with the real MSAL, Graph
 * client, LogsQueryClient and an ARM REST pipeline, for both a live Microsoft
 * tenant and the practice tenant (which differ only in endpoints + trusted CA).
 *
 * Nothing here imports an SDK: importing this file is free.
 */

import type { IdentitySpec } from './runbook.js';
import { BreakglassError, type Explanation } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { GraphBody } from './graph-types.js';

export type TenantMode = 'practice' | 'live';

/** Endpoints of one cloud (public, US Gov, China) or of the practice tenant. Configuration, not code. */
export interface CloudEndpoints {
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com */
  graph: string;
  /** e.g. https://api.loganalytics.io/v1 (used verbatim, includes /v1) */
  logs: string;
  /** e.g. https://management.azure.com */
  arm: string;
}

/** Who is signed in, read from the token (never the token itself). */
export interface SignedInIdentity {
  tenantId: string;
  /** user object id (delegated) or service principal object id (app-only). */
  oid: string;
  upn?: string;
  appId?: string;
  kind: 'user' | 'app';
  /** Delegated scopes (scp) or app roles (roles) actually granted. */
  granted: string[];
  /** Template ids of the Microsoft Entra roles the token carries (`wids`), when it carries any. */
  directoryRoleIds?: string[];
}

/** One request, as evidence for the step and the report. Bodies are redacted or digested, never raw secrets. */
export interface RequestEvidence {
  service: 'graph' | 'logs' | 'arm' | 'login';
  method: string;
  /** Path with query, relative to the service root, e.g. /v1.0/users?$select=id. */
  path: string;
  status: number;
  durationMs: number;
  requestId?: string;
  /** Retries that preceded this final attempt (429/5xx/resets). */
  retries: number;
  /** sha256 of the (redacted) request body, when there was one. */
  requestBodyDigest?: string;
  /** True for a request that travelled inside a Graph $batch (the $batch call itself has its own entry). */
  viaBatch?: boolean;
  /** For a $batch item: the request-id of the $batch call that carried it (requestId is the item's own). */
  batchRequestId?: string;
  at: string;
}

export interface GraphRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under the version root, starting with '/', e.g. '/users/{id}/authentication/methods'. Query may be inline. */
  path: string;
  version?: 'v1.0' | 'beta';
  query?: Record<string, string>;
  /** Built by graphBody<T>() from Microsoft's Graph types (./graph-types.ts): the compiler checked its property names. */
  body?: GraphBody;
  headers?: Record<string, string>;
  /**
   * A POST that only reads (an OData action such as conditionalAccess/evaluate, which "doesn't
   * change the tenant"): safe to send again after a 5xx or a reset, like a GET.
   */
  readOnly?: boolean;
  /**
   * Least-privilege permission(s) this call needs, when the caller knows better than
   * the built-in table (src/tenant/permission-map.ts). Only used to explain a 403.
   */
  permissions?: string[];
}

export interface GraphResponse<T = unknown> {
  status: number;
  body: T;
  /** The request's own request-id; for a $batch item only when the item carries one (headers or error body). */
  requestId?: string;
  /** For a $batch item: the request-id of the $batch call that carried it. */
  batchRequestId?: string;
  headers?: Record<string, string>;
}

export interface GraphApi {
  /**
   * Microsoft Graph's root in this cloud (https://graph.microsoft.com, https://graph.microsoft.us,
   * https://dod-graph.microsoft.us, https://microsoftgraph.chinacloudapi.cn): what an "@odata.id" reference
   * names. Not the transport's base URL — the practice tenant models the global service.
   */
  readonly root: string;
  /** One request. Throws TenantError on a non-2xx final status (after retries). */
  request<T = unknown>(req: GraphRequest, opts?: { signal?: AbortSignal }): Promise<GraphResponse<T>>;
  /** Streams every item of a collection, following @odata.nextLink. Bounded memory. */
  list<T = unknown>(req: Omit<GraphRequest, 'method' | 'body'>, opts?: { signal?: AbortSignal }): AsyncIterable<T>;
  /**
   * Independent requests packed into $batch calls of <= 20; per-request 429 retried.
   * Returns one response per request, in input order. Per-item failures are returned, not thrown
   * (status >= 400 with Graph's error body) so a caller can fail closed per object.
   */
  batch(reqs: GraphRequest[], opts?: { signal?: AbortSignal }): Promise<GraphResponse[]>;
}

export interface LogsTable {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

export interface LogsApi {
  /** KQL against a Log Analytics workspace. timespan: ISO-8601 duration, e.g. PT1H. */
  query(workspaceId: string, kql: string, timespan: string, opts?: { signal?: AbortSignal }): Promise<LogsTable[]>;
}

export interface ArmApi {
  /** path: e.g. /providers/microsoft.aadiam/diagnosticSettings/x */
  request<T = unknown>(
    method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST',
    path: string,
    apiVersion: string,
    body?: unknown,
    opts?: { signal?: AbortSignal },
  ): Promise<GraphResponse<T>>;
}

/** A connected tenant. Sign-in is lazy: the first call that needs a token signs in. */
/** What device-code sign-in shows the operator (from MSAL's device code response). */
export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  expiresAt: Date;
  /** Microsoft's own instruction text ("To sign in, use a web browser to open …"). */
  message: string;
  /** Practice: when the practice tenant approves the code itself, and as whom (nobody has a browser there). */
  practiceApproval?: { at: Date; as: string };
}

export interface TenantSession {
  readonly mode: TenantMode;
  /** e.g. "PRACTICE · healthy" or "contoso.onmicrosoft.com". */
  readonly label: string;
  readonly graph: GraphApi;
  readonly logs: LogsApi;
  readonly arm: ArmApi;
  /** Signs in if needed; returns who is signed in. */
  identity(): Promise<SignedInIdentity>;
  /** Every request made so far (for the step's evidence and the report). */
  drainEvidence(): RequestEvidence[];
  /** Releases connections and forgets tokens. Optional for implementations without resources. */
  close?(): Promise<void>;
}

/** Explanation of a failure a person understands: what failed, likely cause, what to do, request-id. */

/** Every Graph/Logs/ARM/sign-in failure surfaces as a TenantError with an explanation. */
export class TenantError extends BreakglassError {
  constructor(
    public readonly service: RequestEvidence['service'],
    public readonly status: number,
    public readonly code: string,
    public override readonly explanation: Explanation,
  ) {
    super(
      `${explanation.what}: ${explanation.cause}. ${explanation.todo}${explanation.requestId ? ` (request-id ${explanation.requestId})` : ''}`,
      { exitCode: EXIT.ERROR, explanation },
    );
  }
  get requestId(): string | undefined {
    return this.explanation.requestId;
  }
}

export interface TenantInfo {
  mode: TenantMode;
  label: string;
  tenantId?: string;
  initialDomain?: string;
  scenario?: string;
  /** Practice only: simulated seconds per real second (--time-scale); journal times are the practice clock's. */
  timeScale?: number;
}

/**
 * What the engine hands the tenant factory when a step first needs a sign-in:
 * which identity, its spec with every expression resolved against the run
 * scope at that step (e.g. `clientId: "${steps.layered.appId}"`), and the
 * operator conversation a sign-in may need. The engine imports no tenant
 * code; the run's sessions (src/tenant/run-sessions.ts) do the connecting.
 */
export interface IdentityRequest {
  /** The identity name from `identities:`; undefined = the default identity (flags/config). */
  name?: string;
  /** The declared spec, expressions resolved. Undefined for the default identity. */
  spec?: IdentitySpec;
  /** The step instance that asked (for prompts and messages). */
  instanceId: string;
  /** Asks the operator for a secret (masked form field). The answer is NOT journaled. */
  askSecret(label: string): Promise<string>;
  /** Tells the operator something about the sign-in (e.g. the device code to enter). */
  notify(message: string): void;
  signal: AbortSignal;
}

/** Creates (lazily, once per identity) the signed-in session a step needs. */
export type TenantFactory = (identity?: string, request?: IdentityRequest) => Promise<TenantSession>;

/** The simulation surface of the World the admin API drives. */
export interface SimulationWorld {
  tenantId: string;
  simulateSignIn?(input: { upn: string; method: string; fail?: boolean }): unknown;
  registerFido2?(input: { upn: string; tap: string; model?: string }): unknown;
  tick?(): unknown;
  clock?: { advance(ms: number): void };
  /** The break-glass set-up the scenario declares (what a declaration file would hold), if any. */
  declaredBreakGlass?: { accounts: string[]; group?: string; workspace?: string; emergencyApp?: string };
}

/** What a run's sessions need from the practice tenant, however it is reached (in-process or over its admin API). */
export interface PracticeTarget {
  tenantId: string;
  endpoints: { authorityHost: string; graph: string; logs: string; arm: string };
  caPem: string;
  /** The simulation surface; an in-process world also has user() (checked before approving as someone). */
  world: SimulationWorld;
  /** Approve a device code as `upn` (default: the scenario's operator). */
  approve(userCode: string, upn?: string): unknown;
  /** The practice world's simulated "now", when it has its own clock. */
  now?(): Date;
  /** Stops a practice tenant started for this run. */
  close?(): Promise<void>;
}
