/**
 * A KQL error carrying what Log Analytics reports: a code (SYN… for syntax,
 * SEM… for semantic), the offending token and its position. The Logs route
 * turns it into the API's 400 BadArgumentError body.
 */
import { BreakglassError } from '../../core/errors.js';
export class KqlError extends BreakglassError {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number,
    readonly pos: number,
    readonly token: string,
  ) {
    super(`${message} on line [${line},${pos}]`);
  }
  /** The detail without position, for composing messages. */
  get detail(): string {
    return this.message.replace(/ on line \[\d+,\d+\]$/, '');
  }
}
