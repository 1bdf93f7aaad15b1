/**
 * Plain-mode text for engine events and prompt context: one line at a time,
 * words not symbols alone, no boxes, no colour needed. Pure functions so the
 * wording is tested without a terminal.
 */
import type { ActionPreview, CheckResult, EngineEvent, RunSummary, SecretDisplay, StepResult } from '../core/events.js';
import { lineText, markdownToLines } from '../components/markdown-lines.js';
import { sanitize } from '../util/sanitize.js';
import { tenantWords } from './tenant-words.js';
import { grantsOf } from '../steps/confirmations.js';
import { headlineOf } from '../steps/preview-scope.js';

const VERDICT_WORD: Record<CheckResult['verdict'], string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  error: 'ERROR',
  'not-applicable': 'N/A',
};

export { tenantWords };

export function runHeader(run: RunSummary, resumed: boolean, resumeAt?: string): string[] {
  return [
    `${resumed ? 'Resumed' : 'Started'}: ${sanitize(run.runbookTitle)} version ${sanitize(run.runbookVersion)}.`,
    `Tenant: ${tenantWords({ label: run.tenantLabel, practice: run.practice })}.${run.practice ? ' This is practice, not a live drill.' : ''}`,
    `Run id: ${sanitize(run.runId)}. Steps: ${run.totalSteps}.${resumeAt ? ` Continuing at ${sanitize(resumeAt)}.` : ''}`,
    'Press Ctrl+C at any prompt to stop; the run is saved and can be resumed.',
  ];
}

export function checkLine(c: CheckResult): string {
  const objs = c.objects.length ? ` ${c.objects.map((o) => sanitize(o.name)).join(', ')}:` : '';
  return `${VERDICT_WORD[c.verdict]} ${sanitize(c.id)} ${sanitize(c.title)}.${objs} ${sanitize(c.reason)}`;
}

export function resultLines(r: StepResult): string[] {
  const out = [`Result: ${r.status}. ${sanitize(r.summary)}`];
  for (const c of r.checks ?? []) {
    out.push(`  ${checkLine(c)}`);
    if (c.verdict !== 'pass' && c.verdict !== 'not-applicable') {
      for (const f of c.findings)
        out.push(
          `    ${VERDICT_WORD[f.verdict]} ${sanitize(f.object.type)} ${sanitize(f.object.name)}: ${sanitize(f.reason)}`,
        );
      if (c.remediation) out.push(`    Fix: ${sanitize(c.remediation)}`);
    }
  }
  if (r.error) {
    out.push(`  What failed: ${sanitize(r.error.what)}`);
    out.push(`  Likely cause: ${sanitize(r.error.cause)}`);
    out.push(`  What to do: ${sanitize(r.error.todo)}`);
    if (r.error.requestId) out.push(`  Request id: ${sanitize(r.error.requestId)}`);
  }
  if (r.override) out.push(`  Overridden by ${sanitize(r.override.by)}: ${sanitize(r.override.justification)}`);
  return out;
}

export function proseLines(markdown: string, width: number): string[] {
  return markdownToLines(markdown, width).map(lineText);
}

export function actionLines(p: ActionPreview): string[] {
  const privilege = p.risk === 'privilege' && !p.alreadyDone;
  const out = [
    `${p.alreadyDone ? 'Already in place' : privilege ? 'PRIVILEGE change' : p.destructive ? 'DESTRUCTIVE change' : 'Change'}: ${sanitize(headlineOf(p))}`,
    `Target: ${sanitize(p.target.type)} ${sanitize(p.target.name)}${p.target.id ? ` (${sanitize(p.target.id)})` : ''}`,
  ];
  if (privilege) {
    for (const g of grantsOf(p)) {
      out.push(
        `  Gains privilege: ${sanitize(g.principal.type)} ${sanitize(g.principal.name)}${g.principal.id && g.principal.id !== g.principal.name ? ` (${sanitize(g.principal.id)})` : ''} gets ${sanitize(g.gains)}`,
      );
      if (g.unresolved) out.push(`  WARNING: ${sanitize(g.unresolved)}`);
    }
  }
  // Every line in full: plain mode never cuts a line (a screen reader reads all of it).
  if (p.diff) {
    for (const l of p.diff.before) out.push(`  - before: ${sanitize(l)}`);
    for (const l of p.diff.after) out.push(`  + after: ${sanitize(l)}`);
  }
  return out;
}

export function secretLines(s: SecretDisplay): string[] {
  return [
    `SECRET: ${sanitize(s.title)}${s.audience ? ` (for ${sanitize(s.audience)} only)` : ''}`,
    ...s.lines.map((l) => `  ${sanitize(l)}`),
    `Fingerprint recorded instead of the secret: ${sanitize(s.fingerprint)}`,
    ...(s.qr ? [`Link: ${sanitize(s.qr)}`] : []),
    'It is shown once and never saved.',
  ];
}

/** Why a secret was not shown on a pipe or a file, and what to do instead. */
export function secretRefusedLines(title: string, resumeCommand: string): string[] {
  return [
    `Not shown: "${sanitize(title)}" is a secret, and the output of breakglass is not a terminal (a pipe or a file, such as \`| tee log\`), which would keep it.`,
    'Nothing of the secret was written. The run is saved and stopped here.',
    `Continue in a terminal, without a pipe or redirection: ${resumeCommand}`,
    'This secret was never seen, so it is void: a new one is made when the run continues.',
  ];
}

export const SCROLLBACK_WARNING =
  'Warning: plain mode prints the secret in the normal terminal and cannot guarantee it is removed from scrollback or terminal logs. Turn off terminal logging and screen recording now, and clear your scrollback afterwards.';

/** Plain lines for an event (progress is handled by the front end's throttle). */
export function eventLines(e: EngineEvent, width: number): string[] {
  switch (e.type) {
    case 'run-started':
      return runHeader(e.run, e.resumed, e.resumeAt);
    case 'step-started':
      return [
        '',
        `Step ${e.index} of ${e.total}: ${sanitize(e.title)}${e.mutating ? ' (this step changes the tenant)' : ''}`,
        ...(e.prose.trim() ? proseLines(e.prose, width) : []),
      ];
    case 'step-progress':
      return [`${sanitize(e.message)}${e.fraction !== undefined ? ` (${Math.round(e.fraction * 100)}%)` : ''}`];
    case 'step-log':
      return [`${e.level === 'info' ? 'Note' : e.level === 'warn' ? 'Warning' : 'Error'}: ${sanitize(e.message)}`];
    case 'step-finished':
      return resultLines(e.result);
    case 'notice':
      return [`${e.level === 'info' ? 'Note' : e.level === 'warn' ? 'Warning' : 'Error'}: ${sanitize(e.message)}`];
    case 'run-finished':
      return runFinishedLines(e);
  }
}

/** The end of a run, read aloud: the report's result, every item that needs attention and what completes it. */
function runFinishedLines(e: Extract<EngineEvent, { type: 'run-finished' }>): string[] {
  const r = e.report;
  const out = [
    '',
    e.status === 'completed'
      ? `Run completed.${r ? ` Result: ${r.result}.` : ''}`
      : `Run aborted.${e.reason ? ` Reason: ${sanitize(e.reason)}` : ''}${r ? ` Report result: ${r.result}.` : ''}`,
  ];
  if (r?.attention.length) {
    out.push(`Needs attention (${r.attention.length}):`);
    for (const a of r.attention) {
      out.push(`  ${a.level}: ${sanitize(a.text)}`);
      if (a.todo) out.push(`    ${a.level === 'NOT SIGNED' ? 'To complete it' : 'To do'}: ${sanitize(a.todo)}`);
    }
  }
  if (e.reportPath) {
    const noun = !r
      ? 'Report'
      : r.signatures === 0
        ? 'Report (NOT signed)'
        : r.complete
          ? 'Signed report'
          : 'Report (signed, incomplete)';
    out.push(
      `${noun}: ${sanitize(e.reportPath)}`,
      `Verify it with: ${r?.verifyCommand ? sanitize(r.verifyCommand) : `breakglass verify ${sanitize(e.reportPath)}`}`,
    );
  } else out.push('No report was written.');
  out.push(`Run folder: ${sanitize(e.runDir)}`);
  return out;
}
