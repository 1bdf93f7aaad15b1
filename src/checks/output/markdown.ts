/** Markdown output (pull-request comments, wiki pages). Tenant strings are sanitized and table-escaped. */
import type { CheckVerdict } from '../../core/runbook.js';
import { sanitize } from '../../util/sanitize.js';
import { summarize, type CheckReport } from './report.js';
import { sourceLinks } from './sources.js';
import { explainCommand, pagePath } from './page-ref.js';

const ICON: Record<CheckVerdict, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '⛔ error',
  'not-applicable': '➖ n/a',
};
const md = (s: string) =>
  sanitize(s)
    .replace(/\|/g, '\\|')
    .replace(/([*_`<>[\]])/g, '\\$1');

export function renderMarkdown(report: CheckReport): string {
  const s = summarize(report.results);
  const out: string[] = [];
  out.push(
    `# breakglass check — ${md(report.tenant.label)}${report.tenant.mode === 'practice' ? ' (PRACTICE)' : ''}`,
    '',
  );
  out.push(
    `${report.generatedAt} · accounts: ${report.config.accounts.map(md).join(', ')}${report.config.group ? ` · group: ${md(report.config.group)}` : ''}`,
    '',
  );
  out.push(
    `**${s.pass} passed · ${s.warn} warnings · ${s.fail} failed · ${s.error} errors · ${s['not-applicable']} not applicable**`,
    '',
  );
  out.push('| verdict | id | check | severity | reason |', '|---|---|---|---|---|');
  for (const r of report.results)
    out.push(`| ${ICON[r.verdict]} | ${r.id} | ${md(r.title)} | ${r.severity} | ${md(r.reason)} |`);
  const bad = report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'error' || r.verdict === 'warn');
  for (const r of bad) {
    out.push('', `## ${r.id} ${md(r.title)} — ${ICON[r.verdict]}`, '', md(r.reason), '');
    for (const f of r.findings.filter((x) => x.verdict !== 'pass' && x.verdict !== 'not-applicable'))
      out.push(`- ${ICON[f.verdict]} ${md(f.object.type)} **${md(f.object.name)}**: ${md(f.reason)}`);
    out.push(
      '',
      `**Fix:** ${md(r.remediation)}`,
      '',
      `Sources: ${sourceLinks(r.source)
        .map((l) => `[${md(l.label)}](${l.url})`)
        .join(' · ')}`,
      '',
      `More: \`${explainCommand(r.id)}\` (${md(pagePath(r.id))} in the breakglass package)`,
    );
  }
  // Not applicable (e.g. a licence the tenant lacks): why, and what to do instead.
  const na = report.results.filter((r) => r.verdict === 'not-applicable');
  if (na.length) {
    out.push('', '## Not applicable', '');
    for (const r of na)
      out.push(
        `- **${r.id} ${md(r.title)}**: ${md(r.reason)}${r.remediation && r.remediation !== 'Nothing to do.' ? ` — *Instead:* ${md(r.remediation)}` : ''}`,
      );
  }
  return out.join('\n') + '\n';
}
