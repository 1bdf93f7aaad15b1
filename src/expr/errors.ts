/** Raised for any expression problem: bad syntax, a missing path, a forbidden segment. */
import { BreakglassError } from '../core/errors.js';
export class ExprError extends BreakglassError {
  /** Character offset inside the string where the problem starts (when known). */
  readonly offset?: number;
  constructor(message: string, offset?: number) {
    super(message);
    if (offset !== undefined) this.offset = offset;
  }
}
