/**
 * The Microsoft Graph client (@microsoft/microsoft-graph-client, real) with
 * our own retry + evidence middleware in place of its RetryHandler:
 *
 *   RetryEvidence → AuthenticationHandler → TelemetryHandler → HttpsHandler (node:https, ./graph-https.ts)
 *
 * Why replace RetryHandler: its retries are invisible (no evidence), it has
 * no total-wait ceiling, and it would retry a timed-out POST (a mutation).
 * Our middleware retries per src/tenant/retry.ts, records one RequestEvidence
 * per request with its retry count, and enforces per-attempt timeouts and
 * the caller's AbortSignal. The client is built with initWithMiddleware (the
 * same Client as Client.init, minus the default chain).
 *
 * For the practice tenant the session's agent trusts only the practice CA
 * and the practice host is a `customHosts` entry — the Graph client attaches
 * the token only to https Graph hosts it knows.
 */
import { Agent } from 'node:https';
import type { EvidenceLog } from './evidence.js';
import { digestBody, relativePath } from './evidence.js';
import { explainNetworkError } from './explain.js';
import { HttpsHandler } from './graph-https.js';
import {
  abortReason,
  attemptSignal,
  isIdempotent,
  isRetryableNetworkError,
  isRetryableStatus,
  nextDelay,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from './retry.js';

/** Per-request options handed to our middleware through the Graph client's MiddlewareControl. */
export class BgRequestOptions {
  constructor(
    public readonly signal: AbortSignal | undefined,
    /** Override idempotency (a $batch of GETs is a POST that is safe to repeat). */
    public readonly idempotent: boolean | undefined,
    /** Marks evidence of inner $batch requests. */
    public readonly viaBatch = false,
  ) {}
}

export interface AttemptInfo {
  retries: number;
  waitedMs: number;
  durationMs: number;
  requestId?: string;
}

/** Filled by the middleware, read by the caller (RAW responses are the same object). */
export const attemptInfo = new WeakMap<object, AttemptInfo>();

interface Ctx {
  request: string | { url: string };
  options?: { method?: string; body?: unknown; headers?: unknown; signal?: AbortSignal } & Record<string, unknown>;
  response?: Response;
  middlewareControl?: { getMiddlewareOptions(fn: unknown): unknown };
}

interface Mw {
  execute(context: Ctx): Promise<void>;
  setNext?(next: Mw): void;
}

export interface GraphTransportOptions {
  graphBase: string;
  policy: RetryPolicy;
  evidence: EvidenceLog;
  getToken(signal?: AbortSignal): Promise<string>;
  /** Practice: the session's kept-alive agent, trusting only the practice CA (./practice-trust.ts). */
  agent?: Agent;
  /** Test hook: deterministic jitter. */
  random?: () => number;
}

export interface GraphClientLike {
  api(path: string): {
    responseType(t: unknown): ReturnType<GraphClientLike['api']>;
    headers(h: Record<string, string>): ReturnType<GraphClientLike['api']>;
    middlewareOptions(o: unknown[]): ReturnType<GraphClientLike['api']>;
    get(): Promise<Response>;
    post(body: unknown): Promise<Response>;
    patch(body: unknown): Promise<Response>;
    put(body: unknown): Promise<Response>;
    delete(): Promise<Response>;
  };
}

export async function createGraphClient(
  o: GraphTransportOptions,
): Promise<{ client: GraphClientLike; rawType: unknown; close(): Promise<void> }> {
  type GraphSdk = typeof import('@microsoft/microsoft-graph-client');
  // CommonJS interop: the named exports may sit on `default`.
  const mod = (await import('@microsoft/microsoft-graph-client')) as Partial<GraphSdk> & { default?: GraphSdk };
  const g = (mod.Client ? mod : mod.default) as GraphSdk;
  // One kept-alive agent per session: the practice tenant's shared one (trusting only its CA), or,
  // for a live tenant, this client's own, with the system's trusted CAs.
  const own = o.agent ? undefined : new Agent({ keepAlive: true });
  const agent = o.agent ?? own!;
  const authProvider = { getAccessToken: () => o.getToken() };
  const retry = new RetryEvidenceMiddleware(o);
  // Our retry middleware speaks the SDK's middleware protocol through the narrow Mw view above.
  const chain = [
    retry as unknown as InstanceType<GraphSdk['TelemetryHandler']>,
    new g.AuthenticationHandler(authProvider),
    new g.TelemetryHandler(),
    new HttpsHandler(agent) as unknown as InstanceType<GraphSdk['HTTPMessageHandler']>,
  ];
  const host = new URL(o.graphBase).hostname;
  const client = g.Client.initWithMiddleware({
    middleware: chain,
    baseUrl: o.graphBase,
    ...(isMicrosoftGraphHost(host) ? {} : { customHosts: new Set([host]) }),
  }) as GraphClientLike;
  return { client, rawType: g.ResponseType.RAW, close: async () => void own?.destroy() };
}

function isMicrosoftGraphHost(host: string): boolean {
  return [
    'graph.microsoft.com',
    'graph.microsoft.us',
    'dod-graph.microsoft.us',
    'microsoftgraph.chinacloudapi.cn',
    'canary.graph.microsoft.com',
  ].includes(host);
}

function cloneHeaders(h: unknown): unknown {
  if (h === undefined || h === null) return undefined;
  if (h instanceof Headers) return new Headers(h);
  if (Array.isArray(h)) return h.map((pair) => [...(pair as string[])]);
  return { ...(h as Record<string, string>) };
}

class RetryEvidenceMiddleware implements Mw {
  private next: Mw | undefined;
  constructor(private readonly o: GraphTransportOptions) {}

  setNext(next: Mw): void {
    this.next = next;
  }

  async execute(context: Ctx): Promise<void> {
    const next = this.next!;
    const opts =
      (context.middlewareControl?.getMiddlewareOptions(BgRequestOptions) as BgRequestOptions | undefined) ??
      new BgRequestOptions(undefined, undefined);
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const idempotent = opts.idempotent ?? isIdempotent(method);
    const started = Date.now();
    const at = new Date(started).toISOString();
    let retries = 0;
    let waitedMs = 0;
    const record = (status: number, requestId?: string): void => {
      const body = context.options?.body;
      const digest = typeof body === 'string' ? digestBody(body) : undefined;
      this.o.evidence.record({
        service: 'graph',
        method,
        path: relativePath(url, this.o.graphBase),
        status,
        durationMs: Date.now() - started,
        retries,
        ...(requestId ? { requestId } : {}),
        ...(digest ? { requestBodyDigest: digest } : {}),
        ...(opts.viaBatch ? { viaBatch: true } : {}),
        at,
      });
    };

    // The handlers after us APPEND headers (Authorization, client-request-id); a retry
    // must start from the original headers or it would send "Bearer a, Bearer a".
    const originalHeaders = context.options?.headers;
    for (;;) {
      const att = attemptSignal(this.o.policy.attemptTimeoutMs, opts.signal);
      context.options = { ...(context.options ?? {}), headers: cloneHeaders(originalHeaders), signal: att.signal };
      let failure: unknown;
      try {
        await next.execute(context);
      } catch (e) {
        failure = e;
      } finally {
        att.dispose();
      }
      if (failure !== undefined) {
        if (opts.signal?.aborted) {
          record(0);
          throw abortReason(opts.signal);
        }
        const err = att.timedOut()
          ? Object.assign(new Error('attempt timed out'), { name: 'AttemptTimeout' })
          : failure;
        const delay = isRetryableNetworkError(err, idempotent)
          ? nextDelay(this.o.policy, { attempts: retries + 1, waitedMs }, undefined, this.o.random)
          : undefined;
        if (delay === undefined) {
          record(0);
          throw explainNetworkError('graph', err, { method, url, retries });
        }
        await sleep(delay, opts.signal);
        waitedMs += delay;
        retries++;
        continue;
      }
      const res = context.response!;
      const requestId = res.headers.get('request-id') ?? res.headers.get('x-ms-request-id') ?? undefined;
      if (isRetryableStatus(res.status, idempotent)) {
        const delay = nextDelay(
          this.o.policy,
          { attempts: retries + 1, waitedMs },
          parseRetryAfter(res.headers.get('retry-after')),
          this.o.random,
        );
        if (delay !== undefined) {
          await res.arrayBuffer().catch(() => undefined); // free the connection
          await sleep(delay, opts.signal);
          waitedMs += delay;
          retries++;
          continue;
        }
      }
      record(res.status, requestId);
      attemptInfo.set(res, {
        retries,
        waitedMs,
        durationMs: Date.now() - started,
        ...(requestId ? { requestId } : {}),
      });
      return;
    }
  }
}
