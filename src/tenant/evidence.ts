/**
 * Request evidence: what was asked of the tenant, for each step's record and
 * the signed report. Never raw bodies — a request body is redacted (secrets
 * replaced) and then digested, so an auditor can confirm "this exact request
 * was sent" against a copy without the report ever holding a password.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RequestEvidence } from '../core/tenant.js';

/**
 * Property names whose values are secrets wherever they appear: user passwords
 * (passwordProfile.password), Temporary Access Passes, client secrets
 * (secretText), key material, tokens, passphrases.
 */
const SECRET_KEY =
  /^(password|newPassword|currentPassword|temporaryAccessPass|secretText|clientSecret|client_secret|key|privateKey|passphrase|accessToken|access_token|refreshToken|refresh_token|client_assertion|assertion|code|device_code|secret)$/i;

export const REDACTED = '[REDACTED]';

/** Deep copy with secret-valued properties replaced. Non-JSON values pass through as strings. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 64) return REDACTED; // pathological nesting: do not risk leaking
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** sha256 (hex) of the canonical JSON (RFC 8785) of the redacted body. */
export function digestBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      // Non-JSON text bodies are not expected for Graph/ARM; digest a marker rather than risk a secret.
      return createHash('sha256').update(`non-json:${body.length}`).digest('hex');
    }
  }
  const text = canonicalize(redact(parsed)) ?? '';
  return createHash('sha256').update(text).digest('hex');
}

/** Collects evidence in order; drain hands it over to the step (and clears it). */
export class EvidenceLog {
  private items: RequestEvidence[] = [];
  record(e: RequestEvidence): void {
    this.items.push(e);
  }
  drain(): RequestEvidence[] {
    const out = this.items;
    this.items = [];
    return out;
  }
  /** Peek without draining (tests, status display). */
  get size(): number {
    return this.items.length;
  }
}

/** Path + query relative to a service root, e.g. https://graph…/v1.0/users?$top=5 → /v1.0/users?$top=5. */
export function relativePath(url: string, root: string): string {
  try {
    const u = new URL(url);
    const r = new URL(root);
    let p = u.pathname;
    const rootPath = r.pathname.replace(/\/+$/, '');
    if (rootPath && p.startsWith(rootPath)) p = p.slice(rootPath.length) || '/';
    return decodeURIComponentSafe(p) + decodeURIComponentSafe(u.search);
  } catch {
    return url;
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
