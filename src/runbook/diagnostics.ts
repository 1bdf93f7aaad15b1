/** Rendering diagnostics: `path:line:col: error: message` and an indented hint line. */
import type { RunbookDiagnostic } from '../core/runbook.js';
import { sanitize } from '../util/sanitize.js';

export interface FormatOptions {
  color?: boolean;
}

export function formatDiagnostic(d: RunbookDiagnostic, opts: FormatOptions = {}): string {
  const c = opts.color
    ? { red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' }
    : { red: '', yellow: '', dim: '', bold: '', reset: '' };
  const sev = d.severity === 'error' ? `${c.red}error${c.reset}` : `${c.yellow}warning${c.reset}`;
  const head = `${c.bold}${sanitize(d.path)}:${d.line}:${d.col}${c.reset}: ${sev}: ${sanitize(d.message, { multiline: true })}`;
  return d.hint ? `${head}\n  ${c.dim}hint: ${sanitize(d.hint, { multiline: true })}${c.reset}` : head;
}
