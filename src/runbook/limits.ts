/**
 * Hard limits for runbook input. Runbooks may come from strangers, so every
 * stage is bounded: nothing a file contains can make parsing slow or crash.
 * Documented in docs/runbook-format.md § Limits.
 */
/** Largest runbook file accepted (1 MiB). Larger files are refused before reading. */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;
/** Largest front matter or step block. */
export const MAX_YAML_CHARS = 128 * 1024;
/** Deepest YAML nesting (flow brackets or compact `- - -`); the yaml library can exhaust memory far beyond this. */
export const MAX_YAML_DEPTH = 64;
/** Aliases expanded per YAML document; stops "billion laughs". */
export const MAX_YAML_ALIASES = 50;
export const MAX_STEPS = 500;
/** Longest heading considered (the step title). */
export const MAX_HEADING_CHARS = 300;
/** Diagnostics reported per file before "…and N more". */
export const MAX_DIAGNOSTICS = 200;
