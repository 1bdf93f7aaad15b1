/**
 * Retry policy shared by the Graph, Logs and ARM clients and $batch items.
 * Pure decisions (should we retry? how long to wait?) are separated from the
 * loop so they can be tested without a network or a clock.
 *
 * Rules:
 * - 429 and 503 are retried for every method: the service says it did not
 *   process the request.
 * - 500/502/504 and connection resets/timeouts are retried only for idempotent
 *   requests (GET/HEAD/PUT/DELETE, or a $batch of reads): a POST that timed out
 *   may have been applied, and re-sending a mutation blindly could create a
 *   second TAP or a second role assignment. Mutations are reconciled by the
 *   engine (journal intent → read the tenant), not retried here.
 * - Retry-After (seconds or HTTP date) is honoured as a minimum; otherwise
 *   exponential back-off with full jitter. A ceiling on attempts and on total
 *   waiting time bounds how long an operator stares at a spinner.
 */

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Upper bound on the sum of all waits between attempts. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxTotalWaitMs: 90_000,
  baseDelayMs: 400,
  maxDelayMs: 20_000,
  attemptTimeoutMs: 60_000,
};

const ALWAYS_RETRY = new Set([429, 503]);
const IDEMPOTENT_RETRY = new Set([500, 502, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return ALWAYS_RETRY.has(status) || (idempotent && IDEMPOTENT_RETRY.has(status));
}

/** Network-level failures worth another attempt (only when idempotent). */
const RETRYABLE_NET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'AttemptTimeout',
]);

/** Finds the errno-style code of a (possibly wrapped: fetch → cause) network error. */
export function networkErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (e as { name?: unknown }).name;
    if (name === 'AttemptTimeout') return 'AttemptTimeout';
    e = (e as { cause?: unknown }).cause;
  }
  if (err instanceof Error && /socket hang up|other side closed|terminated/i.test(err.message)) return 'ECONNRESET';
  return undefined;
}

export function isRetryableNetworkError(err: unknown, idempotent: boolean): boolean {
  const code = networkErrorCode(err);
  return idempotent && code !== undefined && RETRYABLE_NET_CODES.has(code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. undefined when absent/garbage. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/**
 * The wait before attempt number `attempt + 1` (attempt is 1-based: 1 = first failed).
 * With Retry-After: at least that long, plus up to 10 % (max 1 s) jitter so a
 * fleet of parallel requests does not return in lock-step.
 * Without: full jitter over an exponential window.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    return retryAfterMs + Math.floor(random() * Math.min(1000, retryAfterMs * 0.1));
  }
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.baseDelayMs / 2 + random() * (window - policy.baseDelayMs / 2));
}

export interface RetryState {
  attempts: number;
  waitedMs: number;
}

/**
 * Decides whether another attempt fits the ceilings. Returns the delay, or
 * undefined when we must give up (attempts used up, or the wait would exceed
 * the total budget — e.g. a Retry-After of 10 minutes).
 */
export function nextDelay(
  policy: RetryPolicy,
  state: RetryState,
  retryAfterMs: number | undefined,
  random?: () => number,
): number | undefined {
  if (state.attempts >= policy.maxAttempts) return undefined;
  const d = backoffDelay(policy, state.attempts, retryAfterMs, random);
  if (state.waitedMs + d > policy.maxTotalWaitMs) return undefined;
  return d;
}

/** Sleep that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortReason(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortReason(signal: AbortSignal | undefined): Error {
  const r = signal?.reason as unknown;
  if (r instanceof Error) return r;
  const e = new Error('The request was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** A per-attempt signal: the caller's signal plus a timeout, distinguishable from a user cancel. */
export function attemptSignal(
  timeoutMs: number,
  outer?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const ctl = new AbortController();
  let timedOut = false;
  const t = setTimeout(() => {
    timedOut = true;
    const e = new Error(`no response within ${Math.round(timeoutMs / 1000)} s`);
    e.name = 'AttemptTimeout';
    ctl.abort(e);
  }, timeoutMs);
  const onAbort = (): void => ctl.abort(outer?.reason);
  if (outer?.aborted) ctl.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ctl.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(t);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
