/**
 * Microsoft Graph JSON batching: POST /v1.0/$batch and /beta/$batch.
 *   - at most 20 requests, each {id, method, url (relative), headers?, body?, dependsOn?}
 *   - a write (POST/PATCH/PUT) with a body needs a Content-Type header
 *   - every item runs through the same pipeline as a direct request (same
 *     token, permission check, fault injection — so one item can be 429 on its own)
 *   - an item whose dependency failed (status >= 400) is not run: 424
 *   - responses come back in an order that is NOT the request order
 *     (deterministically shuffled by the server's seed), as Graph does.
 */
import type { PracticeRequest, PracticeResponse } from './types.js';
import type { InnerRunner } from './router.js';
import { graphError } from './odata/errors.js';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

export const MAX_BATCH = 20;

function bad(req: PracticeRequest, message: string): PracticeResponse {
  return graphError(
    { requestId: req.requestId, clientRequestId: req.headers['client-request-id'] },
    400,
    'BadRequest',
    message,
  );
}

function parseItems(req: PracticeRequest): BatchItem[] | PracticeResponse {
  const b = req.body as { requests?: unknown } | undefined;
  if (!b || typeof b !== 'object' || !Array.isArray(b.requests))
    return bad(req, "Invalid batch payload format: the body must be a JSON object with a 'requests' array.");
  if (b.requests.length === 0) return bad(req, 'Invalid batch payload format: the requests array is empty.');
  if (b.requests.length > MAX_BATCH)
    return bad(
      req,
      `Invalid batch payload format: the number of requests (${b.requests.length}) exceeds the limit of ${MAX_BATCH}.`,
    );
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const r of b.requests as unknown[]) {
    if (!r || typeof r !== 'object') return bad(req, 'Invalid batch payload format: each request must be an object.');
    const o = r as Record<string, unknown>;
    const id = typeof o['id'] === 'string' || typeof o['id'] === 'number' ? String(o['id']) : undefined;
    if (!id) return bad(req, "Invalid batch payload format: a request is missing its 'id'.");
    if (ids.has(id)) return bad(req, `Invalid batch payload format: request id '${id}' is used more than once.`);
    ids.add(id);
    const method = typeof o['method'] === 'string' ? o['method'].toUpperCase() : '';
    if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method))
      return bad(req, `Invalid batch payload format: request '${id}' has an invalid method '${String(o['method'])}'.`);
    const url = typeof o['url'] === 'string' ? o['url'] : '';
    if (!url) return bad(req, `Invalid batch payload format: request '${id}' is missing its 'url'.`);
    if (/^[a-z]+:\/\//i.test(url))
      return bad(
        req,
        `Invalid batch payload format: request '${id}' must use a URL relative to the version root (e.g. /users), not '${url}'.`,
      );
    const headers: Record<string, string> = {};
    if (o['headers'] && typeof o['headers'] === 'object') {
      for (const [k, v] of Object.entries(o['headers'] as Record<string, unknown>))
        headers[k.toLowerCase()] = String(v);
    }
    const dependsOn = Array.isArray(o['dependsOn']) ? (o['dependsOn'] as unknown[]).map(String) : [];
    if (o['body'] !== undefined && ['POST', 'PATCH', 'PUT'].includes(method) && !headers['content-type']) {
      return bad(req, `Write request id : ${id} does not contain Content-Type header or body.`);
    }
    items.push({ id, method, url, headers, body: o['body'], dependsOn });
  }
  for (const it of items) {
    for (const d of it.dependsOn) {
      if (!ids.has(d))
        return bad(req, `Invalid batch payload format: request '${it.id}' depends on unknown request '${d}'.`);
      if (d === it.id) return bad(req, `Invalid batch payload format: request '${it.id}' depends on itself.`);
    }
  }
  return items;
}

export async function handleBatch(
  req: PracticeRequest,
  run: InnerRunner,
  random: () => number,
): Promise<PracticeResponse> {
  const parsed = parseItems(req);
  if (!Array.isArray(parsed)) return parsed;
  const items = parsed;
  const results = new Map<string, PracticeResponse>();
  const byId = new Map(items.map((i) => [i.id, i]));
  const running = new Map<string, Promise<PracticeResponse>>();

  const exec = (item: BatchItem, stack: Set<string>): Promise<PracticeResponse> => {
    const existing = running.get(item.id);
    if (existing) return existing;
    const p = (async () => {
      for (const d of item.dependsOn) {
        if (stack.has(d)) {
          return graphError(
            { requestId: req.requestId },
            400,
            'BadRequest',
            `Invalid batch payload format: circular dependency involving request '${item.id}'.`,
          );
        }
        const dep = await exec(byId.get(d)!, new Set([...stack, item.id]));
        if (dep.status >= 400) {
          return graphError(
            { requestId: req.requestId },
            424,
            'FailedDependency',
            `The dependent request '${d}' failed (status ${dep.status}), so request '${item.id}' was not run.`,
          );
        }
      }
      return run({ method: item.method, url: item.url, headers: item.headers, body: item.body });
    })();
    running.set(item.id, p);
    return p;
  };

  // Independent items run concurrently; dependent ones wait for their dependencies.
  await Promise.all(
    items.map(async (it) => {
      results.set(it.id, await exec(it, new Set()));
    }),
  );

  const order = items.map((i) => i.id);
  // Fisher–Yates with the server's seeded stream: "any order", but replayable.
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: {
      responses: order.map((id) => {
        const r = results.get(id)!;
        const out: Record<string, unknown> = { id, status: r.status, headers: itemHeaders(r) };
        if (r.body !== undefined) out['body'] = r.body;
        return out;
      }),
    },
  };
}

/**
 * Item headers as Graph writes them inside a batch response: a few headers,
 * canonical casing ("Content-Type", "Retry-After") — the Graph SDK's
 * BatchResponseContent looks up exactly "Content-Type" to decide whether the
 * body is JSON.
 */
function itemHeaders(r: PracticeResponse): Record<string, string> {
  const src = r.headers ?? {};
  const get = (name: string) => Object.entries(src).find(([k]) => k.toLowerCase() === name)?.[1];
  const out: Record<string, string> = {};
  if (r.body !== undefined) {
    out['Cache-Control'] = 'no-cache';
    out['OData-Version'] = '4.0';
    out['Content-Type'] =
      get('content-type') ??
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  }
  const retryAfter = get('retry-after');
  if (retryAfter) out['Retry-After'] = retryAfter;
  const location = get('location');
  if (location) out['Location'] = location;
  return out;
}
