/**
 * The one place an error becomes output and an exit code. Errors raised on
 * purpose are BreakglassErrors (src/core/errors.ts) and carry both their
 * explanation and their documented exit code; anything else is a bug and is
 * rethrown for the launcher, which reports it with exit 70.
 */
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export interface ReportErrorOptions {
  /** Printed after a usage error (exit 64), e.g. "Run `breakglass check --help` for usage." */
  usageHint?: string;
}

export function reportError(command: string, e: unknown, opts: ReportErrorOptions = {}): number {
  if (e instanceof BreakglassError && e.exitCode !== EXIT.INTERNAL) {
    process.stderr.write(`breakglass ${command}: ${e.describe()}\n`);
    if (opts.usageHint && e.exitCode === EXIT.USAGE) process.stderr.write(`${opts.usageHint}\n`);
    return e.exitCode;
  }
  // Ctrl-C in an @inquirer prompt: the operator quit.
  if (e instanceof Error && e.name === 'ExitPromptError') return EXIT.QUIT;
  throw e;
}
