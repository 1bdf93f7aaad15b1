import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableNetworkError,
  isRetryableStatus,
  networkErrorCode,
  nextDelay,
  parseRetryAfter,
  sleep,
} from './retry.js';

describe('retry decisions', () => {
  it('429 and 503 are retried for every method; 500/502/504 only when idempotent', () => {
    for (const s of [429, 503]) {
      expect(isRetryableStatus(s, true)).toBe(true);
      expect(isRetryableStatus(s, false)).toBe(true);
    }
    for (const s of [500, 502, 504]) {
      expect(isRetryableStatus(s, true)).toBe(true);
      expect(isRetryableStatus(s, false)).toBe(false);
    }
    for (const s of [200, 400, 401, 403, 404, 409]) expect(isRetryableStatus(s, true)).toBe(false);
  });

  it('connection resets are retried only for idempotent requests (a POST may have been applied)', () => {
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(networkErrorCode(reset)).toBe('UND_ERR_SOCKET');
    expect(isRetryableNetworkError(reset, true)).toBe(true);
    expect(isRetryableNetworkError(reset, false)).toBe(false);
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), true)).toBe(false);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('honours Retry-After as a minimum, with bounded jitter', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, 2000, () => 0)).toBe(2000);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, 2000, () => 0.999)).toBeLessThanOrEqual(2200);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, 60_000, () => 0.999)).toBeLessThanOrEqual(61_000);
  });

  it('exponential back-off with full jitter stays within its window', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      for (const r of [0, 0.5, 0.999]) {
        const d = backoffDelay(p, attempt, undefined, () => r);
        expect(d).toBeGreaterThanOrEqual(50);
        expect(d).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (attempt - 1)));
      }
    }
  });

  it('gives up at the attempt ceiling and when the total wait would exceed the budget', () => {
    const p = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxTotalWaitMs: 5000 };
    expect(nextDelay(p, { attempts: 1, waitedMs: 0 }, 1000, () => 0)).toBe(1000);
    expect(nextDelay(p, { attempts: 3, waitedMs: 0 }, 1000, () => 0)).toBeUndefined();
    expect(nextDelay(p, { attempts: 1, waitedMs: 4500 }, 1000, () => 0)).toBeUndefined();
    // A Retry-After of ten minutes is not waited out: the step fails with an explanation instead.
    expect(nextDelay(DEFAULT_RETRY_POLICY, { attempts: 1, waitedMs: 0 }, 600_000)).toBeUndefined();
  });

  it('sleep is cancelled by the AbortSignal', async () => {
    const ctl = new AbortController();
    const t = Date.now();
    const p = sleep(10_000, ctl.signal);
    setTimeout(() => ctl.abort(), 20);
    await expect(p).rejects.toThrow();
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
