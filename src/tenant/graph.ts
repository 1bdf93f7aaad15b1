/**
 * GraphApi on top of the Graph client transport: one request, streamed
 * paging (@odata.nextLink), and $batch with per-item throttling retries.
 */
import type { EvidenceLog } from './evidence.js';
import { explainHttpFailure } from './explain.js';
import { attemptInfo, BgRequestOptions, createGraphClient, type GraphClientLike } from './graph-transport.js';
import { isRetryableStatus, nextDelay, parseRetryAfter, sleep, type RetryPolicy } from './retry.js';
import { TenantError, type GraphApi, type GraphRequest, type GraphResponse } from '../core/tenant.js';

export const BATCH_LIMIT = 20;

export interface GraphApiOptions {
  graphBase: string;
  /** Graph's root in the cloud (its resource URI), for "@odata.id" references. */
  graphRoot: string;
  policy: RetryPolicy;
  evidence: EvidenceLog;
  getToken(signal?: AbortSignal): Promise<string>;
  /** Practice: the session's kept-alive agent, trusting only the practice CA (./practice-trust.ts). */
  agent?: import('node:https').Agent;
  consentUrl?: () => string;
  random?: () => number;
}

/** Graph path + query → absolute URL under the version root. Query values are percent-encoded. */
export function graphUrl(base: string, req: Pick<GraphRequest, 'path' | 'version' | 'query'>): string {
  if (!req.path.startsWith('/')) throw new Error(`Graph path must start with "/": ${req.path}`);
  const version = req.version ?? 'v1.0';
  let url = `${base.replace(/\/+$/, '')}/${version}${req.path}`;
  const q = Object.entries(req.query ?? {});
  if (q.length > 0) {
    const qs = q.map(([k, v]) => `${encodeQueryKey(k)}=${encodeURIComponent(v)}`).join('&');
    url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

function encodeQueryKey(k: string): string {
  // Keep OData's `$` readable ($select, $filter); encode anything else.
  return k.startsWith('$') ? '$' + encodeURIComponent(k.slice(1)) : encodeURIComponent(k);
}

/** Relative URL for a $batch item: path + query under the version root. */
function batchItemUrl(req: GraphRequest): string {
  const full = graphUrl('https://x', { ...req, version: 'v1.0' });
  return full.slice('https://x/v1.0'.length);
}

function headersToRecord(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json') || /^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export async function createGraphApi(o: GraphApiOptions): Promise<GraphApi & { close(): Promise<void> }> {
  let transport: Promise<{ client: GraphClientLike; rawType: unknown; close(): Promise<void> }> | undefined;
  const getTransport = () =>
    (transport ??= createGraphClient({
      graphBase: o.graphBase,
      policy: o.policy,
      evidence: o.evidence,
      getToken: o.getToken,
      ...(o.agent ? { agent: o.agent } : {}),
      ...(o.random ? { random: o.random } : {}),
    }));
  const graphOrigin = new URL(o.graphBase).origin;

  async function send(
    url: string,
    // A $batch envelope is built here (not by a caller), so its body is the one not made by graphBody().
    req: Pick<GraphRequest, 'method' | 'headers' | 'permissions'> & { body?: unknown },
    opts: { signal?: AbortSignal; idempotent?: boolean },
  ): Promise<GraphResponse> {
    const { client, rawType } = await getTransport();
    let r = client
      .api(url)
      .responseType(rawType)
      .middlewareOptions([new BgRequestOptions(opts.signal, opts.idempotent)]);
    if (req.headers) r = r.headers(req.headers);
    let res: Response;
    switch (req.method) {
      case 'GET':
        res = await r.get();
        break;
      case 'POST':
        res = await r.post(req.body ?? {});
        break;
      case 'PATCH':
        res = await r.patch(req.body ?? {});
        break;
      case 'PUT':
        res = await r.put(req.body ?? {});
        break;
      case 'DELETE':
        res = await r.delete();
        break;
    }
    const info = attemptInfo.get(res);
    const body = await readBody(res);
    const requestId = info?.requestId;
    if (res.status >= 400) {
      throw explainHttpFailure({
        service: 'graph',
        method: req.method,
        path: url.startsWith(graphOrigin) ? url.slice(new URL(o.graphBase).href.replace(/\/$/, '').length) : url,
        status: res.status,
        body,
        ...(requestId ? { requestId } : {}),
        retries: info?.retries ?? 0,
        waitedMs: info?.waitedMs ?? 0,
        ...(req.permissions ? { permissions: req.permissions } : {}),
        ...(o.consentUrl ? { consentUrl: o.consentUrl() } : {}),
      });
    }
    return { status: res.status, body, ...(requestId ? { requestId } : {}), headers: headersToRecord(res.headers) };
  }

  const api: GraphApi & { close(): Promise<void> } = {
    root: o.graphRoot,
    async request<T>(req: GraphRequest, opts?: { signal?: AbortSignal }): Promise<GraphResponse<T>> {
      return (await send(graphUrl(o.graphBase, req), req, opts ?? {})) as GraphResponse<T>;
    },

    async *list<T>(req: Omit<GraphRequest, 'method' | 'body'>, opts?: { signal?: AbortSignal }): AsyncIterable<T> {
      let url: string | undefined = graphUrl(o.graphBase, req);
      const seen = new Set<string>();
      while (url) {
        const res = await send(
          url,
          {
            method: 'GET',
            ...(req.headers ? { headers: req.headers } : {}),
            ...(req.permissions ? { permissions: req.permissions } : {}),
          },
          opts ?? {},
        );
        const body = (res.body ?? {}) as { value?: unknown; '@odata.nextLink'?: unknown };
        if (!Array.isArray(body.value)) {
          throw new TenantError('graph', res.status, 'NotACollection', {
            what: `Microsoft Graph GET ${req.path} did not return a list`,
            cause: 'the response has no "value" array',
            todo: 'The runbook may call the wrong endpoint for this tenant; report it.',
            ...(res.requestId ? { requestId: res.requestId } : {}),
          });
        }
        const next = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
        // Yield this page's items one by one; the page array is dropped before the next fetch.
        const items = body.value as T[];
        for (const item of items) yield item;
        if (next) {
          if (new URL(next).origin !== graphOrigin) {
            throw new TenantError('graph', 0, 'ForeignNextLink', {
              what: `Microsoft Graph GET ${req.path}: paging stopped`,
              cause: `the next page link points to another host (${new URL(next).host})`,
              todo: 'This is unexpected from Microsoft Graph; check proxies between you and Graph.',
            });
          }
          if (seen.has(next))
            throw new TenantError('graph', 0, 'PagingLoop', {
              what: `Microsoft Graph GET ${req.path}: paging stopped`,
              cause: 'the service returned the same next page twice',
              todo: 'Retry the step.',
            });
          seen.add(next);
        }
        url = next;
      }
    },

    async batch(reqs: GraphRequest[], opts?: { signal?: AbortSignal }): Promise<GraphResponse[]> {
      const results = new Array<GraphResponse | undefined>(reqs.length);
      // $batch is per version root: v1.0 and beta requests travel separately.
      const byVersion = new Map<string, number[]>();
      reqs.forEach((r, i) => {
        const v = r.version ?? 'v1.0';
        byVersion.set(v, [...(byVersion.get(v) ?? []), i]);
      });
      for (const [version, indexes] of byVersion) {
        for (let s = 0; s < indexes.length; s += BATCH_LIMIT) {
          await runBatch(version, indexes.slice(s, s + BATCH_LIMIT), reqs, results, opts?.signal);
        }
      }
      return results as GraphResponse[];
    },

    async close() {
      if (transport) await (await transport).close();
    },
  };

  async function runBatch(
    version: string,
    indexes: number[],
    reqs: GraphRequest[],
    results: (GraphResponse | undefined)[],
    signal?: AbortSignal,
  ): Promise<void> {
    let pending = indexes;
    const retries = new Map<number, number>();
    let waitedMs = 0;
    for (;;) {
      const items = pending.map((i) => {
        const r = reqs[i]!;
        const headers: Record<string, string> = { ...(r.headers ?? {}) };
        if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
          headers['content-type'] = 'application/json';
        return {
          id: String(i),
          method: r.method,
          url: batchItemUrl(r),
          ...(Object.keys(headers).length ? { headers } : {}),
          ...(r.body !== undefined ? { body: r.body } : {}),
        };
      });
      const allReads = pending.every((i) => reqs[i]!.method === 'GET' || reqs[i]!.readOnly === true);
      const res = await send(
        `${o.graphBase.replace(/\/+$/, '')}/${version}/$batch`,
        { method: 'POST', body: { requests: items } },
        { ...(signal ? { signal } : {}), idempotent: allReads },
      );
      const responses = ((res.body as { responses?: unknown[] } | undefined)?.responses ?? []) as {
        id?: string;
        status?: number;
        headers?: Record<string, string>;
        body?: unknown;
      }[];
      const byId = new Map(responses.map((r) => [String(r.id), r]));
      const again: number[] = [];
      let wait: number | undefined;
      for (const i of pending) {
        const r = byId.get(String(i));
        const req = reqs[i]!;
        const status = typeof r?.status === 'number' ? r.status : 0;
        const headers = lowerKeys(r?.headers ?? {});
        if (r && isRetryableStatus(status, req.method === 'GET' || req.readOnly === true)) {
          const d = nextDelay(
            o.policy,
            { attempts: (retries.get(i) ?? 0) + 1, waitedMs },
            parseRetryAfter(headers['retry-after']),
            o.random,
          );
          if (d !== undefined) {
            again.push(i);
            retries.set(i, (retries.get(i) ?? 0) + 1);
            wait = Math.max(wait ?? 0, d);
            continue;
          }
        }
        // The item's own request-id: from its headers, else from its error body (innerError), never the batch's —
        // each batch step is a request of its own (https://learn.microsoft.com/en-us/graph/json-batching).
        const requestId = headers['request-id'] ?? headers['x-ms-request-id'] ?? innerRequestId(r?.body);
        results[i] = r
          ? {
              status,
              body: r.body,
              ...(requestId ? { requestId } : {}),
              ...(res.requestId ? { batchRequestId: res.requestId } : {}),
              headers,
            }
          : {
              ...(res.requestId ? { batchRequestId: res.requestId } : {}),
              status: 0,
              body: {
                error: {
                  code: 'MissingBatchResponse',
                  message: 'Graph returned no response for this request in the $batch',
                },
              },
            };
        o.evidence.record({
          service: 'graph',
          method: req.method,
          path: `/${version}${batchItemUrl(req)}`,
          status,
          durationMs: 0,
          retries: retries.get(i) ?? 0,
          ...(requestId ? { requestId } : {}),
          viaBatch: true,
          ...(res.requestId ? { batchRequestId: res.requestId } : {}),
          at: new Date().toISOString(),
        });
      }
      if (again.length === 0) return;
      await sleep(wait ?? 0, signal);
      waitedMs += wait ?? 0;
      pending = again;
    }
  }

  return api;
}

/** error.innerError['request-id'] of a Graph error body (https://learn.microsoft.com/en-us/graph/errors#json-representation). */
function innerRequestId(body: unknown): string | undefined {
  const inner = (body as { error?: { innerError?: Record<string, unknown> } } | undefined)?.error?.innerError;
  const id = inner?.['request-id'];
  return typeof id === 'string' ? id : undefined;
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = String(v);
  return out;
}
