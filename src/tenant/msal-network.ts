/**
 * MSAL's network module (INetworkModule) over node:https. Used for every
 * MSAL request, live and practice: it lets us trust the practice tenant's
 * ephemeral CA (and only it) without touching process-wide TLS settings, and
 * records each sign-in request as evidence (method, path, status, duration —
 * never the body: it carries codes, secrets and assertions).
 */
import { request as httpsRequest, Agent } from 'node:https';
import type { EvidenceLog } from './evidence.js';
import { relativePath } from './evidence.js';

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
}

export function createMsalNetworkModule(opts: MsalNetworkOptions): MsalNetwork {
  const agent = new Agent({ keepAlive: true, ...(opts.caPem ? { ca: opts.caPem } : {}) });
  const defaultTimeout = opts.timeoutMs ?? 30_000;

  function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout: number,
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
            retries: 0,
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
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  const net: MsalNetwork = {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout ?? defaultTimeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options, defaultTimeout),
    close: () => agent.destroy(),
    lastError: undefined,
  };
  return net;
}
