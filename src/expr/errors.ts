/** Raised for any expression problem: bad syntax, a missing path, a forbidden segment. */
export class ExprError extends Error {
  /** Character offset inside the string where the problem starts (when known). */
  readonly offset?: number;
  constructor(message: string, offset?: number) {
    super(message);
    this.name = 'ExprError';
    if (offset !== undefined) this.offset = offset;
  }
}
