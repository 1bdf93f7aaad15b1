/**
 * JUnit XML: one testcase per check. fail → <failure>, error → <error>,
 * not-applicable → <skipped>, warn → passes with the warning in system-out
 * (CI should not go red on a warning, matching the exit code).
 */
import { sanitize } from '../../util/sanitize.js';
import { sourceLinks } from './sources.js';
import { explainCommand, pagePath } from './page-ref.js';
import { summarize, type CheckReport } from './report.js';
import type { CheckResult } from '../../core/events.js';

/** XML 1.0 cannot carry most control characters even escaped: drop them, then escape. */
export function xmlEscape(s: string): string {
  return sanitize(s, { multiline: true })
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function details(r: CheckResult): string {
  const lines = [r.reason, ''];
  const shown = r.findings.filter((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable');
  if (shown.length) {
    lines.push('Objects:');
    for (const f of shown)
      lines.push(
        `- [${f.verdict}] ${f.object.type} ${f.object.name}${f.object.id ? ` (${f.object.id})` : ''}: ${f.reason}`,
      );
    lines.push('');
  }
  lines.push(
    `Remediation: ${r.remediation}`,
    `Sources: ${sourceLinks(r.source)
      .map((l) => l.url)
      .join(' ')}`,
    `More: ${explainCommand(r.id)} (${pagePath(r.id)})`,
  );
  const rids = r.evidence
    .filter((e) => e.status >= 400 || e.status === 0)
    .map((e) => e.requestId)
    .filter(Boolean);
  if (rids.length) lines.push(`Request ids: ${rids.join(', ')}`);
  return lines.join('\n');
}

export function renderJunit(report: CheckReport): string {
  const s = summarize(report.results);
  const time = (report.durationMs / 1000).toFixed(3);
  const suite = `breakglass check${report.tenant.mode === 'practice' ? ' (PRACTICE)' : ''} — ${report.tenant.label}`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="breakglass" tests="${report.results.length}" failures="${s.fail}" errors="${s.error}" skipped="${s['not-applicable']}" time="${time}">`,
  );
  out.push(
    `  <testsuite name="${xmlEscape(suite)}" tests="${report.results.length}" failures="${s.fail}" errors="${s.error}" skipped="${s['not-applicable']}" time="${time}" timestamp="${report.generatedAt.replace(/\.\d+Z$/, '').replace(/Z$/, '')}">`,
  );
  out.push('    <properties>');
  out.push(`      <property name="tenant" value="${xmlEscape(report.tenant.label)}"/>`);
  out.push(`      <property name="mode" value="${report.tenant.mode}"/>`);
  out.push(`      <property name="accounts" value="${xmlEscape(report.config.accounts.join(','))}"/>`);
  out.push('    </properties>');
  for (const r of report.results) {
    const name = xmlEscape(`${r.id} ${r.title}`);
    const open = `    <testcase classname="breakglass.${r.severity}" name="${name}" time="0">`;
    const msg = xmlEscape(r.reason);
    switch (r.verdict) {
      case 'fail':
        out.push(
          open,
          `      <failure message="${msg}" type="${r.severity}">${xmlEscape(details(r))}</failure>`,
          '    </testcase>',
        );
        break;
      case 'error':
        out.push(
          open,
          `      <error message="${msg}" type="check-error">${xmlEscape(details(r))}</error>`,
          '    </testcase>',
        );
        break;
      case 'not-applicable':
        // The reason says why (e.g. the licence it needs); the body what to do instead.
        out.push(
          open,
          r.remediation && r.remediation !== 'Nothing to do.'
            ? `      <skipped message="${msg}">${xmlEscape(`Instead: ${r.remediation}`)}</skipped>`
            : `      <skipped message="${msg}"/>`,
          '    </testcase>',
        );
        break;
      case 'warn':
        out.push(open, `      <system-out>WARNING: ${xmlEscape(details(r))}</system-out>`, '    </testcase>');
        break;
      default:
        out.push(open.replace(/>$/, '/>'));
    }
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}
