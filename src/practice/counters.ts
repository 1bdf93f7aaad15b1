/**
 * Request and mutation counters. Every request is counted by host, method,
 * route pattern and final status; every APPLIED mutation (a mutating route's
 * handler ran and answered < 400) by route pattern and by mutation key.
 * Tests read them in-process, anyone else via GET /admin/counters.
 */
import type { PracticeHost } from './types.js';

export interface RequestCount {
  host: PracticeHost | 'unknown';
  method: string;
  /** Route pattern, or a fixed label for protocol endpoints ('/$batch', '/oauth2/v2.0/token', '(unmatched)'). */
  route: string;
  status: number;
  count: number;
}

export interface CountersSnapshot {
  totalRequests: number;
  requests: RequestCount[];
  /** route pattern ("POST /users/{id}/…") → applied mutations. */
  mutationsByRoute: Record<string, number>;
  /** mutation key (e.g. "POST /groups/{id}/members/$ref group=… ") → applied mutations. */
  mutationsByKey: Record<string, number>;
  /** Injected faults by kind: "429", "500", "502", "503", "504", "reset". */
  faults: Record<string, number>;
  /** Requests answered with 429 or 5xx or reset (injected or not): what a retrying client had to retry. */
  retryable: number;
  /**
   * Permission-table row id → requests it governed (src/config/permission-table.ts). Counted once the row is
   * chosen, whether or not the caller then held what it asks: which contract rows a flow really exercises.
   */
  permissionRows: Record<string, number>;
}

export class Counters {
  private readonly req = new Map<string, RequestCount>();
  private readonly mutRoute = new Map<string, number>();
  private readonly mutKey = new Map<string, number>();
  private readonly faultKinds = new Map<string, number>();
  private readonly rows = new Map<string, number>();
  private total = 0;
  private retryable = 0;

  request(host: RequestCount['host'], method: string, route: string, status: number): void {
    const k = `${host}\u0000${method}\u0000${route}\u0000${status}`;
    const cur = this.req.get(k);
    if (cur) cur.count++;
    else this.req.set(k, { host, method, route, status, count: 1 });
    this.total++;
    if (status === 429 || status >= 500 || status === 0) this.retryable++;
  }

  mutation(routeKey: string, mutationKey: string): void {
    this.mutRoute.set(routeKey, (this.mutRoute.get(routeKey) ?? 0) + 1);
    this.mutKey.set(mutationKey, (this.mutKey.get(mutationKey) ?? 0) + 1);
  }

  permissionRow(id: string): void {
    this.rows.set(id, (this.rows.get(id) ?? 0) + 1);
  }

  fault(kind: string): void {
    this.faultKinds.set(kind, (this.faultKinds.get(kind) ?? 0) + 1);
  }

  snapshot(): CountersSnapshot {
    return {
      totalRequests: this.total,
      requests: [...this.req.values()].map((r) => ({ ...r })),
      mutationsByRoute: Object.fromEntries(this.mutRoute),
      mutationsByKey: Object.fromEntries(this.mutKey),
      faults: Object.fromEntries(this.faultKinds),
      retryable: this.retryable,
      permissionRows: Object.fromEntries(this.rows),
    };
  }

  /** Sum of request counts matching a filter (convenience for tests). */
  count(filter: Partial<Omit<RequestCount, 'count'>>): number {
    let n = 0;
    for (const r of this.req.values()) {
      if (filter.host !== undefined && r.host !== filter.host) continue;
      if (filter.method !== undefined && r.method !== filter.method) continue;
      if (filter.route !== undefined && r.route !== filter.route) continue;
      if (filter.status !== undefined && r.status !== filter.status) continue;
      n += r.count;
    }
    return n;
  }
}
