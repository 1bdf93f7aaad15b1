/**
 * MSAL's network module (INetworkModule) over node:https. Used for every
 * MSAL request, live and practice: it lets us trust the practice tenant's
 * ephemeral CA (and only it) without touching process-wide TLS settings, and
 * records each sign-in request as evidence (method, path, status, duration —
 * never the body: it carries codes, secrets and assertions).
 *
 * Transient transport failures are retried here, because MSAL Node does not
 * retry a token request that got no HTTP answer (it throws a bare
 * `network_error`), while Microsoft's guidance is to retry transient faults
 * with back-off (https://learn.microsoft.com/azure/architecture/best-practices/transient-faults;
 * MSAL.NET retries its token requests itself:
 * https://learn.microsoft.com/entra/msal/dotnet/advanced/exceptions/retry-policy).
 * The commonest such fault is the keep-alive race Node documents
 * (https://nodejs.org/api/http.html#requestreusedsocket): the server closes an
 * idle connection just as the next request is written on it, and the request
 * fails with ECONNRESET without the server having read it. A busy pipeline
 * runner, whose event loop is late to notice the close, meets it often.
 */
import { request as httpsRequest, Agent } from 'node:https';
import type { EvidenceLog } from './evidence.js';
import { relativePath } from './evidence.js';
import { backoffDelay, networkErrorCode, sleep, type RetryPolicy } from './retry.js';

/** At most three attempts, a few seconds apart: a sign-in is interactive or a pipeline step, not a batch job. */
const TOKEN_RETRY: RetryPolicy = {
  maxAttempts: 3,
  maxTotalWaitMs: 10_000,
  baseDelayMs: 500,
  maxDelayMs: 4_000,
  attemptTimeoutMs: 30_000,
};
/** Failures that mean "no answer yet", not "wrong place" (DNS names and TLS trust are not retried). */
const TRANSIENT = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** A request that got no HTTP answer, with what the retry decision needs. */
export interface TransportFailure extends Error {
  code?: string;
  /** It was written on a kept-alive connection (request.reusedSocket). */
  reusedSocket?: boolean;
  /** Attempts made before giving up, minus one. */
  retries?: number;
}

/**
 * Whether a failed attempt may be sent again. A request on a reused connection
 * that was reset never reached the service, so it is always safe; any other
 * transient failure is retried unless the request redeems a one-time
 * authorization code (a second redemption would fail as "already used" and
 * hide the real fault). Client-credentials, assertion, refresh-token and
 * device-code requests only ever return a token, so sending them again is harmless.
 */
export function mayRetryTokenRequest(f: TransportFailure, body: string | undefined): boolean {
  const code = networkErrorCode(f);
  if (code === undefined || !TRANSIENT.has(code)) return false;
  if (f.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) return true;
  return !/(^|&)grant_type=authorization_code(&|$)/.test(body ?? '');
}

/** Structural copy of msal-common's INetworkModule (keeps MSAL out of this module's static imports). */
export interface NetworkRequestOptions {
  headers?: Record<string, string>;
  body?: string;
}
export interface NetworkResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}
export interface MsalNetworkModule {
  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>>;
  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>>;
}

export interface MsalNetworkOptions {
  /** Extra trusted CA (PEM) — practice only. Replaces the default trust store for these requests. */
  caPem?: string;
  /** Practice only: the session's shared agent (./practice-trust.ts), used instead of one of our own. */
  agent?: Agent;
  evidence?: EvidenceLog;
  /** Root to make evidence paths relative to (the authority host). */
  authorityHost: string;
  timeoutMs?: number;
}

/** The identity service's last error body (AADSTS code, trace id). MSAL's device-code path drops it. */
export interface SignInServerError {
  error: string;
  description: string;
  codes: number[];
  traceId?: string;
  correlationId?: string;
  suberror?: string;
}

export interface MsalNetwork extends MsalNetworkModule {
  close(): void;
  lastError: SignInServerError | undefined;
  /**
   * The last request that got no HTTP answer even after its retries (MSAL
   * replaces it with a bare network_error); cleared by the next answer.
   */
  lastTransportError: TransportFailure | undefined;
}

export function createMsalNetworkModule(opts: MsalNetworkOptions): MsalNetwork {
  const agent = opts.agent ?? new Agent({ keepAlive: true, ...(opts.caPem ? { ca: opts.caPem } : {}) });
  const defaultTimeout = opts.timeoutMs ?? 30_000;

  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout: number,
  ): Promise<NetworkResponse<T>> {
    for (let retries = 0; ; retries++) {
      try {
        const r = await sendOnce<T>(method, url, options, timeout, retries);
        net.lastTransportError = undefined;
        return r;
      } catch (e) {
        const f = e as TransportFailure;
        if (
          !(f instanceof Error) ||
          retries + 1 >= TOKEN_RETRY.maxAttempts ||
          !mayRetryTokenRequest(f, options?.body)
        ) {
          if (f instanceof Error && networkErrorCode(f) !== undefined) {
            f.retries = retries;
            net.lastTransportError = f;
          }
          throw e;
        }
        // A reset kept-alive connection: go again at once on a new one. Otherwise back off first.
        if (!(f.reusedSocket && networkErrorCode(f) === 'ECONNRESET'))
          await sleep(backoffDelay(TOKEN_RETRY, retries + 1, undefined));
      }
    }
  }

  function sendOnce<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout: number,
    retries: number,
  ): Promise<NetworkResponse<T>> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      if (u.protocol !== 'https:') {
        reject(new Error(`refusing to send sign-in traffic over ${u.protocol} (${u.host})`));
        return;
      }
      const headers: Record<string, string> = { ...(options?.headers ?? {}) };
      const body = options?.body;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpsRequest(u, { method, headers, agent, timeout }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          const status = res.statusCode ?? 0;
          opts.evidence?.record({
            service: 'login',
            method,
            // Strip the query: authorize URLs carry state/PKCE values we do not need in a report.
            path: relativePath(url, opts.authorityHost).split('?')[0]!,
            status,
            durationMs: Date.now() - started,
            retries,
            ...(h['x-ms-request-id'] ? { requestId: h['x-ms-request-id'] } : {}),
            at: new Date(started).toISOString(),
          });
          let parsed: unknown = {};
          if (text.trim() !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              const e = new Error(
                `the sign-in service at ${u.host} answered HTTP ${status} with something that is not JSON`,
              ) as Error & { code: string };
              e.code = 'InvalidSignInResponse';
              reject(e);
              return;
            }
          }
          const b = parsed as Record<string, unknown>;
          // authorization_pending / slow_down are the normal device-code polling answers, not failures.
          if (
            status >= 400 &&
            typeof b['error'] === 'string' &&
            b['error'] !== 'authorization_pending' &&
            b['error'] !== 'slow_down'
          ) {
            net.lastError = {
              error: b['error'],
              description: typeof b['error_description'] === 'string' ? b['error_description'] : '',
              codes: Array.isArray(b['error_codes'])
                ? (b['error_codes'] as unknown[]).filter((c): c is number => typeof c === 'number')
                : [],
              ...(typeof b['trace_id'] === 'string' ? { traceId: b['trace_id'] } : {}),
              ...(typeof b['correlation_id'] === 'string' ? { correlationId: b['correlation_id'] } : {}),
              ...(typeof b['suberror'] === 'string' ? { suberror: b['suberror'] } : {}),
            };
          }
          resolve({ headers: h, body: parsed as T, status });
        });
      });
      req.on('timeout', () => {
        const e = new Error(`no answer from ${u.host} within ${Math.round(timeout / 1000)} s`) as Error & {
          code: string;
        };
        e.code = 'ETIMEDOUT';
        req.destroy(e);
      });
      req.on('error', (e: TransportFailure) => {
        e.reusedSocket = req.reusedSocket;
        reject(e);
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  const net: MsalNetwork = {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout ?? defaultTimeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options, defaultTimeout),
    close: () => agent.destroy(),
    lastError: undefined,
    lastTransportError: undefined,
  };
  return net;
}
