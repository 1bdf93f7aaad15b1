/**
 * The Graph half of the fetch plan (./fetch-plan.ts): a read waiting to be sent, and the wave loop that
 * sends each wave as parallel `graph.batch` calls of ≤ 20, follows @odata.nextLink, and turns every
 * answer into a Read the checks can trust — a failed request becomes `{ ok: false }`, never a value.
 */
import type { CheckConfig, Read } from '../core/check.js';
import type { GraphRequest, GraphResponse, RequestEvidence, TenantSession } from '../core/tenant.js';
import { requestEvidence as ev } from './evidence.js';
import type { FetchStats } from './fetch-stats.js';
import { describeFailure, errMessage, licenceError, requestIdOf } from './read-failure.js';
import { READS, type ReadKey } from './reads.js';
import { failed, ok, type TenantSnapshot } from './snapshot.js';

/** A Graph read waiting to be sent in a wave. */
export interface PendingRead {
  evidenceKey: string;
  req: GraphRequest;
  /** 'object': body is the value; 'collection': body.value[], follow nextLink. */
  shape: 'object' | 'collection';
  /** 404 means "does not exist" (value null), not an error. */
  notFoundIsNull?: boolean;
  /** Keep only the first page (recent sign-ins: the newest 50 are enough). */
  firstPageOnly?: boolean;
  /** Accumulated items across pages. */
  items?: unknown[];
  /** The answer: the body (object) or every page's items (collection), or the failure. */
  assign(r: Read<unknown>): void;
}

/** What the per-group read builders (./fetch-*-reads.ts) need to know: the snapshot so far and what was asked for. */
export interface ReadPlan {
  snap: TenantSnapshot;
  config: CheckConfig;
  has(key: ReadKey): boolean;
}

/**
 * A read whose answer becomes a Read<T>. T is the shape the request `$select`s, as the snapshot declares
 * it (./snapshot.ts): Graph's JSON is taken to be what Microsoft documents for the request, and the checks
 * treat a missing field as unknown (fail closed). This is the one place the parsed body meets its type.
 */
export function pending<T>(read: Omit<PendingRead, 'assign'> & { assign(r: Read<T>): void }): PendingRead {
  return { ...read, assign: (r) => read.assign(r as Read<T>) };
}

export const q = (s: string): string => encodeURIComponent(s);

/** '/v1.0/users?$skiptoken=x' or 'https://graph…/v1.0/users?…' → '/users?…' relative to the version root. */
export function relativeNextLink(link: string): string {
  const u = new URL(link, 'https://graph.invalid');
  const path = u.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '');
  return path + u.search;
}

/**
 * Sends `first`, then what `second()` returns (it is called once, as soon as the first wave is answered:
 * the second wave's reads depend on it), then next pages only, until nothing is left. Each wave's requests
 * go out as parallel graph.batch calls of ≤ 20 per version root (the connection layer sends the chunks of
 * one call one after another, so we split first to keep one round trip per wave). Wave 2 goes out together
 * with any next pages of wave 1 (they are independent).
 */
export async function runGraphWaves(
  tenant: TenantSession,
  first: PendingRead[],
  second: () => PendingRead[],
  stats: FetchStats,
  evidence: (key: string, e: RequestEvidence) => void,
): Promise<void> {
  let queue = first;
  let secondQueued = false;
  for (;;) {
    if (!secondQueued && queue.length === 0) {
      secondQueued = true;
      queue = second();
    }
    if (queue.length === 0) break;
    stats.waves++;
    stats.graphItems += queue.length;
    const chunks: PendingRead[][] = [];
    for (const version of ['v1.0', 'beta']) {
      const mine = queue.filter((p) => (p.req.version ?? 'v1.0') === version);
      for (let i = 0; i < mine.length; i += 20) chunks.push(mine.slice(i, i + 20));
    }
    stats.batchCalls += chunks.length;
    stats.batchEnvelopes += chunks.length;
    const t0 = Date.now();
    const answered = await Promise.all(
      chunks.map(async (chunk) => {
        try {
          return await tenant.graph.batch(chunk.map((p) => p.req));
        } catch (e) {
          const m = errMessage(e);
          return chunk.map((): GraphResponse => ({
            status: 0,
            body: { error: { code: 'requestFailed', message: m.error } },
            ...(m.requestId ? { requestId: m.requestId } : {}),
          }));
        }
      }),
    );
    const ms = Date.now() - t0;
    const next: PendingRead[] = [];
    chunks.forEach((chunk, c) =>
      chunk.forEach((p, i) => {
        const r = answered[c]![i] ?? {
          status: 0,
          body: { error: { code: 'missingResponse', message: 'the $batch answer had no response for this request' } },
        };
        const page = settle(p, r, ms, evidence);
        if (page) next.push(page);
      }),
    );
    if (!secondQueued) {
      secondQueued = true;
      next.push(...second());
    }
    queue = next;
  }
}

/** One answer: evidence, then the read settled (assigned) or, for a collection with more pages, its next page. */
function settle(
  p: PendingRead,
  r: GraphResponse,
  ms: number,
  evidence: (key: string, e: RequestEvidence) => void,
): PendingRead | undefined {
  const requestId = requestIdOf(r);
  evidence(p.evidenceKey, {
    ...ev('graph', p.req.method, `/${p.req.version ?? 'v1.0'}${p.req.path}`, r.status, ms, requestId),
    viaBatch: true,
    ...(r.batchRequestId ? { batchRequestId: r.batchRequestId } : {}),
  });
  const readKey = p.evidenceKey.split(':')[0] as ReadKey;
  if (r.status >= 200 && r.status < 300) {
    if (p.shape === 'object') return void p.assign(ok(r.body));
    const body = (r.body ?? {}) as { value?: unknown[]; '@odata.nextLink'?: string };
    if (!Array.isArray(body.value))
      return void p.assign(failed(`${r.status}: the answer had no "value" list`, requestId));
    p.items = [...(p.items ?? []), ...body.value];
    const link = body['@odata.nextLink'];
    if (link && !p.firstPageOnly)
      return {
        ...p,
        req: { method: 'GET', ...(p.req.version ? { version: p.req.version } : {}), path: relativeNextLink(link) },
      };
    return void p.assign(ok(p.items));
  }
  if (r.status === 404 && p.notFoundIsNull) return void p.assign(ok(null));
  p.assign(
    failed(
      describeFailure(r.status, r.body, readKey),
      requestId,
      licenceError(r.status, r.body) ? READS[readKey]?.licence : undefined,
    ),
  );
  return undefined;
}
