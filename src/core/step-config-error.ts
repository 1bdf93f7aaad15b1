/**
 * A step block that is wrong in a way the validator can point at: `path` is
 * the key path inside the step block (e.g. ['check'] or ['split', 'threshold']),
 * so `breakglass validate` can print file:line:col for it.
 */
import { BreakglassError } from './errors.js';
export class StepConfigError extends BreakglassError {
  constructor(
    message: string,
    public path: (string | number)[],
    public override hint?: string,
  ) {
    super(message);
  }
}
