/**
 * The one error hierarchy. Every error breakglass raises on purpose extends
 * BreakglassError: it says what went wrong, why, and what to do (an
 * Explanation, or a message with a hint), and which documented exit code
 * (./exit-codes.ts) it ends a command with. src/commands/report-error.ts is
 * the one place that turns one into output and an exit code. Anything else
 * that reaches a command is a bug: the launcher reports it (exit 70).
 */
import { EXIT, type ExitCode } from './exit-codes.js';

/** What went wrong, why, and what the operator can do about it. */
export interface Explanation {
  what: string;
  cause: string;
  todo: string;
  requestId?: string;
}

export interface BreakglassErrorOptions {
  /** The exit code when this error ends a command (default: internal error, i.e. a bug). */
  exitCode?: ExitCode;
  /** One line on how to fix it, shown under the message. */
  hint?: string;
  explanation?: Explanation;
}

export class BreakglassError extends Error {
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly explanation?: Explanation;

  constructor(message: string, opts: BreakglassErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? EXIT.INTERNAL;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.explanation) this.explanation = opts.explanation;
  }

  /** The text a command prints after "breakglass <command>: " (may span lines). */
  describe(): string {
    const x = this.explanation;
    if (x) return `${x.what}: ${x.cause}\n  ${x.todo}${x.requestId ? ` (request-id ${x.requestId})` : ''}`;
    return this.hint ? `${this.message}\n  ${this.hint}` : this.message;
  }
}

/** A bad command line or input the operator can correct; exit 64 unless another documented code fits. */
export class UsageError extends BreakglassError {
  constructor(message: string, exitCode: ExitCode = EXIT.USAGE, hint?: string) {
    super(message, { exitCode, ...(hint !== undefined ? { hint } : {}) });
  }
}
