/**
 * Turns anything a tenant call threw into a StepResult the failure prompt
 * can show: a TenantError keeps its explanation; anything else is an error
 * with its message (never a stack trace). OperatorQuit passes through.
 */
import { OperatorQuit, type StepResult } from '../core/events.js';
import { TenantError } from '../core/tenant.js';

export function errorResult(
  what: string,
  err: unknown,
  evidence: StepResult['evidence'] = [],
): Omit<StepResult, 'startedAt' | 'finishedAt'> {
  // Quitting is not a step failure: it must reach the engine, which keeps the run resumable.
  if (err instanceof OperatorQuit) throw err;
  if (err instanceof TenantError) {
    return {
      status: 'error',
      summary: `${what}: ${err.explanation.what}`,
      outputs: {},
      evidence,
      error: err.explanation,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: 'error',
    summary: `${what}: ${message}`,
    outputs: {},
    evidence,
    error: { what, cause: message, todo: 'Retry, or override with a justification if the procedure must go on.' },
  };
}
