/**
 * Error envelopes of the three resource services, exactly as Microsoft sends
 * them, so client code (and its error explanations) sees the real shapes:
 *  - Graph:  {error:{code, message, innerError:{date, request-id, client-request-id}}}
 *  - Logs:   {error:{message, code, correlationId}}
 *  - ARM:    {error:{code, message}}
 */
import type { PracticeHost, PracticeResponse } from '../types.js';
import { BreakglassError } from '../../core/errors.js';

export interface ErrorContext {
  requestId: string;
  clientRequestId?: string;
}

/** Graph's innerError date: ISO-8601 without fractional seconds or zone, e.g. 2024-05-01T12:00:00. */
export function graphDate(d = new Date()): string {
  return d.toISOString().replace(/\.\d+Z$/, '');
}

export function graphError(
  ctx: ErrorContext,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): PracticeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...(headers ?? {}) },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: graphDate(),
          'request-id': ctx.requestId,
          'client-request-id': ctx.clientRequestId ?? ctx.requestId,
        },
      },
    },
  };
}

export function logsError(
  ctx: ErrorContext,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): PracticeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(headers ?? {}) },
    body: { error: { message, code, correlationId: ctx.requestId } },
  };
}

export function armError(
  _ctx: ErrorContext,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): PracticeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(headers ?? {}) },
    body: { error: { code, message } },
  };
}

/** The right envelope for the host. Login errors use identity/errors.ts (AADSTS shape) instead. */
export function serviceError(
  host: PracticeHost,
  ctx: ErrorContext,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): PracticeResponse {
  if (host === 'logs') return logsError(ctx, status, code, message, headers);
  if (host === 'arm') return armError(ctx, status, code, message, headers);
  return graphError(ctx, status, code, message, headers);
}

/** Thrown by OData helpers (and usable by routes): the router turns it into the host's error envelope. */
export class PracticeHttpError extends BreakglassError {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
