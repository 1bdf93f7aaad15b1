/**
 * Deterministic fault injection, modelled on Microsoft's Dev Proxy: added
 * latency, 429 with Retry-After, 500/502/503/504, connection resets and slow
 * pages. Decisions come from a seeded PRNG so a failing run can be replayed.
 *
 * Faults are decided BEFORE a route's handler runs; a faulted request never
 * reaches the handler, so a mutation is never applied behind a 429/5xx/reset
 * and the mutation counters stay truthful.
 */
import type { PracticeHost } from './types.js';

export interface FaultConfig {
  /** Added to every response on an affected host (ms). */
  latencyMs?: number;
  /** Extra uniform random latency in [0, jitterMs). */
  jitterMs?: number;
  /** Probability (0..1) of a 429 Too Many Requests. */
  rate429?: number;
  /** Retry-After (seconds) sent with injected 429/503. Default 1. */
  retryAfterSeconds?: number;
  /** Probability (0..1) of a 5xx; the status is drawn from statuses5xx. */
  rate5xx?: number;
  /** Default [500, 502, 503, 504]. */
  statuses5xx?: number[];
  /** Probability (0..1) that the TCP connection is destroyed without a response. */
  rateReset?: number;
  /** Extra delay (ms) for paged responses (a $skiptoken request, or a response with @odata.nextLink). */
  slowPageMs?: number;
  /** Hosts the faults apply to. Default: graph, logs, arm (sign-in and admin stay reliable unless listed). */
  hosts?: PracticeHost[];
}

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'throttle'; delayMs: number; retryAfterSeconds: number }
  | { kind: 'error'; delayMs: number; status: number; retryAfterSeconds?: number }
  | { kind: 'reset'; delayMs: number };

/** mulberry32: tiny, fast, good enough for test determinism (not for crypto). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_HOSTS: PracticeHost[] = ['graph', 'logs', 'arm'];

export function validateFaults(f: FaultConfig): string[] {
  const errs: string[] = [];
  for (const k of ['rate429', 'rate5xx', 'rateReset'] as const) {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1)))
      errs.push(`${k} must be a number between 0 and 1 (got ${String(v)})`);
  }
  for (const k of ['latencyMs', 'jitterMs', 'retryAfterSeconds', 'slowPageMs'] as const) {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0) || v > 600_000))
      errs.push(`${k} must be a non-negative number (got ${String(v)})`);
  }
  const total = (f.rate429 ?? 0) + (f.rate5xx ?? 0) + (f.rateReset ?? 0);
  if (total > 1) errs.push(`rate429 + rate5xx + rateReset must not exceed 1 (got ${total})`);
  for (const s of f.statuses5xx ?? [])
    if (![500, 502, 503, 504].includes(s)) errs.push(`statuses5xx may contain 500, 502, 503, 504 (got ${s})`);
  return errs;
}

export class FaultInjector {
  private config: FaultConfig = {};
  private rand: () => number;

  constructor(seed: number, config?: FaultConfig) {
    this.rand = prng(seed);
    if (config) this.set(config);
  }

  set(config: FaultConfig): void {
    const errs = validateFaults(config);
    if (errs.length) throw new Error(`Invalid fault configuration: ${errs.join('; ')}`);
    this.config = { ...config };
  }

  get(): FaultConfig {
    return { ...this.config };
  }

  /** Decide the fate of one request. `inBatch`: a sub-request of $batch (no resets there: one socket). */
  decide(host: PracticeHost, opts: { inBatch?: boolean; pageRequest?: boolean } = {}): FaultDecision {
    const c = this.config;
    const hosts = c.hosts ?? DEFAULT_HOSTS;
    if (!hosts.includes(host)) return { kind: 'none', delayMs: 0 };
    // Always draw the same number of values per request so decisions stay replayable.
    const rLatency = this.rand();
    const rKind = this.rand();
    const rStatus = this.rand();
    const delayMs = opts.inBatch
      ? 0
      : (c.latencyMs ?? 0) + Math.floor(rLatency * (c.jitterMs ?? 0)) + (opts.pageRequest ? (c.slowPageMs ?? 0) : 0);
    const retryAfterSeconds = c.retryAfterSeconds ?? 1;
    const p429 = c.rate429 ?? 0;
    const p5xx = c.rate5xx ?? 0;
    const pReset = c.rateReset ?? 0;
    if (rKind < p429) return { kind: 'throttle', delayMs, retryAfterSeconds };
    if (rKind < p429 + p5xx) {
      const statuses = c.statuses5xx?.length ? c.statuses5xx : [500, 502, 503, 504];
      const status = statuses[Math.floor(rStatus * statuses.length)] ?? 503;
      return status === 503
        ? { kind: 'error', delayMs, status, retryAfterSeconds }
        : { kind: 'error', delayMs, status };
    }
    if (rKind < p429 + p5xx + pReset) {
      // A batch sub-request cannot reset a shared socket; Graph reports it as a 503 instead.
      if (opts.inBatch) return { kind: 'error', delayMs, status: 503, retryAfterSeconds };
      return { kind: 'reset', delayMs };
    }
    return { kind: 'none', delayMs };
  }

  /** A uniform [0,1) draw from the same seeded stream (used for deterministic $batch shuffles). */
  random(): number {
    return this.rand();
  }
}
