/**
 * Entra ID (AADSTS) error responses in the exact JSON shape of
 * login.microsoftonline.com's v2.0 token endpoint:
 *   {error, error_description: "AADSTSnnnn: … Trace ID: … Correlation ID: … Timestamp: …",
 *    error_codes: [n], timestamp, trace_id, correlation_id, error_uri?, suberror?}
 */
import { randomUUID } from 'node:crypto';
import type { PracticeResponse } from '../types.js';

export interface EntraErrorInput {
  status: number;
  error: string;
  code: number;
  message: string;
  suberror?: string;
  correlationId?: string;
}

function entraTimestamp(d = new Date()): string {
  // Entra prints "2024-05-01 12:34:56Z".
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function entraError(e: EntraErrorInput): PracticeResponse {
  const traceId = randomUUID();
  const correlationId = e.correlationId ?? randomUUID();
  const timestamp = entraTimestamp();
  const body: Record<string, unknown> = {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
  if (e.suberror) body['suberror'] = e.suberror;
  return {
    status: e.status,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': traceId },
    body,
  };
}
