/**
 * An error a practice-tenant operation raises the way Microsoft would: the
 * HTTP status and service error code a route turns into Graph's / ARM's
 * error body, and a message that tells the caller what to fix.
 */
import { BreakglassError } from '../../core/errors.js';
export class WorldError extends BreakglassError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): WorldError =>
  new WorldError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.${what ? ` (${what})` : ''}`,
  );

export const badRequest = (message: string, code = 'Request_BadRequest'): WorldError =>
  new WorldError(400, code, message);
