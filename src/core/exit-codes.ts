/** Documented exit codes (README "Exit codes"). Keep in sync with docs. */
export const EXIT = {
  OK: 0,
  /** validate: a runbook has errors; check: a check failed; verify: a signature/hash is invalid. */
  FAIL: 1,
  /** check: a check could not run (error verdict); verify: report incomplete (fewer signatures than required). */
  ERROR: 2,
  /** Bad command line (unknown command/flag, missing argument). */
  USAGE: 64,
  /** Input file unreadable or not found. */
  NO_INPUT: 66,
  /** Interactive command without a terminal: use --plain or `check`. */
  NO_TTY: 67,
  /** Operator quit; the run is resumable. */
  QUIT: 75,
  /** Run aborted by the operator (report written). */
  ABORTED: 76,
  /** Internal error (a bug); the journal is intact. */
  INTERNAL: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
