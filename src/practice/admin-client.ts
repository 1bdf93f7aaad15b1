/**
 * The one client of the practice tenant's admin API (/admin/*, see admin.ts):
 * used by `breakglass practice approve|signin|…` and by runs that reach a
 * practice tenant started elsewhere (BREAKGLASS_PRACTICE_URL). HTTPS with the
 * practice CA pinned; the admin key goes in its header, never in a URL.
 */
import { request } from 'node:https';
import { ADMIN_KEY_HEADER } from './admin.js';

export interface AdminTarget {
  /** Base URL, e.g. https://127.0.0.1:8443 (no trailing slash). */
  url: string;
  adminKey: string;
  /** The practice CA certificate (PEM). */
  caPem: string;
}

export interface AdminAnswer {
  status: number;
  /** Parsed JSON, or the raw text when the answer is not JSON. */
  body: unknown;
}

/** One admin call. Rejects only when there is no answer (connection refused, 15 s timeout). */
export function adminRequest(t: AdminTarget, method: string, path: string, body?: unknown): Promise<AdminAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.url}${path}`,
      {
        method,
        ca: t.caPem,
        headers: {
          [ADMIN_KEY_HEADER]: t.adminKey,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
            : {}),
        },
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The `error.message` of an admin answer, if it has one. */
export function adminErrorMessage(body: unknown): string | undefined {
  const m = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof m === 'string' ? m : undefined;
}
