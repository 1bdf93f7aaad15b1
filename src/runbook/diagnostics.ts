/** Rendering diagnostics: `path:line:col: error: message` and an indented hint line. */
import type { RunbookDiagnostic } from '../core/runbook.js';

export interface FormatOptions {
  color?: boolean;
}

/** Strip control characters so text from a runbook cannot drive the terminal. */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

export function formatDiagnostic(d: RunbookDiagnostic, opts: FormatOptions = {}): string {
  const c = opts.color
    ? { red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' }
    : { red: '', yellow: '', dim: '', bold: '', reset: '' };
  const sev = d.severity === 'error' ? `${c.red}error${c.reset}` : `${c.yellow}warning${c.reset}`;
  const head = `${c.bold}${sanitizeForTerminal(d.path)}:${d.line}:${d.col}${c.reset}: ${sev}: ${sanitizeForTerminal(d.message)}`;
  return d.hint ? `${head}\n  ${c.dim}hint: ${sanitizeForTerminal(d.hint)}${c.reset}` : head;
}
