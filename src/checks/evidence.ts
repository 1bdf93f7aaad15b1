/** One request's evidence record, as every check read records it (retries are counted by the transport). */
import type { RequestEvidence } from '../core/tenant.js';

export function requestEvidence(
  service: RequestEvidence['service'],
  method: string,
  path: string,
  status: number,
  durationMs: number,
  requestId?: string,
): RequestEvidence {
  return {
    service,
    method,
    path,
    status,
    durationMs,
    retries: 0,
    at: new Date().toISOString(),
    ...(requestId ? { requestId } : {}),
  };
}
