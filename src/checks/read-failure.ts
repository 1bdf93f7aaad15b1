/**
 * A failed Graph or ARM read, in words: the one line a check's `error` verdict shows, shared by the fetch
 * plan and the readers beside it (./fetch-bg-app.ts) so a failure reads the same whichever read it was.
 */
import type { GraphResponse } from '../core/tenant.js';
import { READS, type ReadKey } from './reads.js';

/**
 * Microsoft's answer to a tenant without the licence a call needs (403/400 with
 * Authentication_RequestFromNonPremiumTenantOrB2CTenant, AadPremiumLicenseRequired, or
 * a message about the licence; docs/permissions.md "What a tenant without the licence receives").
 */
export function licenceError(status: number, body: unknown): boolean {
  if (status !== 400 && status !== 403) return false;
  const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return (
    /NonPremiumTenant|PremiumLicenseRequired/i.test(err?.code ?? '') ||
    /premium licen[cs]e|licen[cs]e is required/i.test(err?.message ?? '')
  );
}

/** Graph's error body → one line a person understands, with a permission hint on 401/403. */
export function describeFailure(status: number, body: unknown, readKey?: ReadKey): string {
  const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (status === 0) return err?.message ?? 'the request failed before Graph answered';
  const what = err ? `${err.code ?? 'error'}: ${err.message ?? ''}`.trim() : `HTTP ${status}`;
  let hint = '';
  // A licence error is not a permission problem: no permission hint for it.
  if ((status === 401 || status === 403) && readKey && !licenceError(status, body)) {
    const p = READS[readKey].permissions;
    const needs = [...(p.graph ?? []), ...(p.arm ?? [])].join(', ');
    hint = ` — the signed-in identity lacks permission (needs ${needs})`;
  } else if (status === 429 || status >= 500) hint = ' — the service was unavailable after retries; try again';
  return `${status} ${what}${hint}`;
}

/** The request id of an answer: the response header, or the one Graph puts in the error body. */
export function requestIdOf(r: GraphResponse): string | undefined {
  if (r.requestId) return r.requestId;
  const inner = (r.body as { error?: { innerError?: { 'request-id'?: string } } } | undefined)?.error?.innerError;
  return inner?.['request-id'] ?? r.headers?.['request-id'];
}

/** A thrown request error → its message and, when the error carries one, the request id. */
export function errMessage(e: unknown): { error: string; requestId?: string } {
  const x = e as { message?: string; requestId?: string; explanation?: { requestId?: string } };
  const requestId = x?.requestId ?? x?.explanation?.requestId;
  return { error: String(x?.message ?? e), ...(requestId ? { requestId } : {}) };
}
