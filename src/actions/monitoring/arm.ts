/**
 * Shared read-then-PUT helper for ARM resources the monitoring actions create
 * (diagnostic settings, action groups, alert rules): GET first (404 = absent),
 * compare the fields we own, PUT only when different.
 */
import type { ActionContext } from '../../core/action.js';
import { isNotFound } from '../odata.js';

export async function armGet<T>(ctx: ActionContext, path: string, apiVersion: string): Promise<T | undefined> {
  try {
    return (await ctx.tenant.arm.request<T>('GET', path, apiVersion)).body;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** True when every key of `want` equals (deeply, order-insensitive for arrays of scalars) the same key in `have`. */
export function covers(have: unknown, want: unknown): boolean {
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return false;
    return want.every((w) => have.some((h) => covers(h, w)));
  }
  if (want && typeof want === 'object') {
    if (!have || typeof have !== 'object') return false;
    return Object.entries(want).every(([k, v]) => covers((have as Record<string, unknown>)[k], v));
  }
  return typeof want === 'string' && typeof have === 'string'
    ? want.toLowerCase() === have.toLowerCase()
    : have === want;
}
