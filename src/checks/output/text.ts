/** Aligned plain-text output for terminals and logs. Tenant strings are sanitized; colour only when allowed. */
import type { CheckVerdict } from '../../core/runbook.js';
import { sanitize } from '../../util/sanitize.js';
import { summarize, type CheckReport } from './report.js';
import { explainCommand } from './page-ref.js';

/** The remediation of a not-applicable result that asks nothing (result.ts notApplicable's default). */
const NOTHING_TO_DO = 'Nothing to do.';

const LABEL: Record<CheckVerdict, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  error: 'ERROR',
  'not-applicable': 'N/A',
};
const COLOR: Record<CheckVerdict, string> = { pass: '32', warn: '33', fail: '31', error: '35', 'not-applicable': '90' };

export interface TextOptions {
  color: boolean;
  /** Terminal width: rows, titles and reasons are wrapped to it (default 100, at least 60). */
  width?: number;
  /** Show passing findings too. */
  verbose?: boolean;
}

/** Colour is used only on a TTY and never when NO_COLOR is set (https://no-color.org). */
export function colorAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

export function renderText(report: CheckReport, opts: TextOptions): string {
  const paint = (v: CheckVerdict, s: string) => (opts.color ? `\x1b[${COLOR[v]}m${s}\x1b[0m` : s);
  const width = Math.max(60, opts.width ?? 100);
  const lines: string[] = [];
  const practice = report.tenant.mode === 'practice' ? 'PRACTICE TENANT — not a live tenant · ' : '';
  lines.push(...wrap(`breakglass check · ${practice}${sanitize(report.tenant.label)} · ${report.generatedAt}`, width));
  lines.push(
    ...wrap(
      `accounts: ${report.config.accounts.map((a) => sanitize(a)).join(', ')}${report.config.group ? ` · group: ${sanitize(report.config.group)}` : ''}`,
      width,
    ),
  );
  lines.push('');
  // The title column takes what the width leaves beside verdict, id (15 columns) and severity; a
  // longer title wraps within its column, so a row never runs past the terminal's edge.
  const severityW = Math.max(0, ...report.results.map((r) => r.severity.length));
  const titleW = Math.max(
    20,
    Math.min(64, width - 15 - 2 - severityW, Math.max(0, ...report.results.map((r) => sanitize(r.title).length))),
  );
  for (const r of report.results) {
    const v = LABEL[r.verdict].padEnd(5);
    const [first = '', ...rest] = wrap(sanitize(r.title), titleW);
    lines.push(`${paint(r.verdict, v)}  ${r.id}  ${first.padEnd(titleW)}  ${r.severity}`);
    for (const l of rest) lines.push(`${' '.repeat(15)}${l}`);
    if (r.verdict !== 'pass' || opts.verbose) {
      // Findings when there are any to show (the reason summarises them); else the reason.
      const shown = r.findings.filter((f) => opts.verbose || (f.verdict !== 'pass' && f.verdict !== 'not-applicable'));
      if (shown.length === 0) for (const l of wrap(sanitize(r.reason), width - 15)) lines.push(`${' '.repeat(15)}${l}`);
      for (const f of shown)
        for (const [i, l] of wrap(
          `${LABEL[f.verdict]} ${sanitize(f.object.name)}: ${sanitize(f.reason)}`,
          width - 17,
        ).entries())
          lines.push(`${' '.repeat(i ? 17 : 15)}${i ? '' : '• '}${l}`);
      if (r.verdict === 'fail' || r.verdict === 'warn' || r.verdict === 'error')
        for (const l of wrap(`fix: ${r.remediation}`, width - 15)) lines.push(`${' '.repeat(15)}${l}`);
      // Where to read what the check judges and why: its page (docs/checks/), one short line.
      if (r.verdict === 'fail' || r.verdict === 'error') lines.push(`${' '.repeat(15)}more: ${explainCommand(r.id)}`);
      // Not applicable (e.g. a licence the tenant lacks): what to do instead, when the check says.
      if (r.verdict === 'not-applicable' && r.remediation && r.remediation !== NOTHING_TO_DO)
        for (const l of wrap(`instead: ${r.remediation}`, width - 15)) lines.push(`${' '.repeat(15)}${l}`);
    }
  }
  const s = summarize(report.results);
  lines.push('');
  lines.push(
    `${s.pass} passed · ${s.warn} warnings · ${s.fail} failed · ${s.error} errors · ${s['not-applicable']} not applicable  (${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  return lines.join('\n') + '\n';
}

function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
