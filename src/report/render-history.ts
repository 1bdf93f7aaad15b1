/** Terminal and HTML renderings of `breakglass history`. Tenant strings sanitized (terminal) / escaped (HTML). */
import { dueText } from './cadence.js';
import { durationWords } from '../util/duration-words.js';
import type { DueInfo, HistoryEntry } from './history.js';
import { escapeHtml as h, oneLine } from './sanitize.js';
import { barChartSvg, barLines, sparkline, type TrendPoint } from './trend.js';

type Trend = { runbookId: string; points: TrendPoint[] };

function cut(s: string, n: number): string {
  const t = oneLine(s);
  return t.length > n ? t.slice(0, n - 1) + '…' : t.padEnd(n);
}

export function formatHistory(
  stateDir: string,
  entries: HistoryEntry[],
  due: DueInfo[],
  trends: Trend[],
  now: Date,
  ascii = false,
): string {
  const o: string[] = [];
  if (!entries.length) {
    return `No reports yet in ${stateDir}/runs.\nRun a drill (breakglass run quarterly-validation --tenant practice) and its signed report will show up here.\n`;
  }
  o.push(`${entries.length} report(s) in ${oneLine(stateDir)}/runs`, '');
  o.push(`${'DATE'.padEnd(11)}${'RUNBOOK'.padEnd(23)}${'RESULT'.padEnd(14)}${'TENANT'.padEnd(20)}CHECK`);
  for (const e of entries) {
    const result =
      e.result === 'passed-with-warnings'
        ? 'passed (warn)'
        : e.result === 'passed-with-overrides'
          ? 'passed (ovr)'
          : e.result;
    o.push(
      `${(e.at.slice(0, 10) || '?').padEnd(11)}${cut(e.runbookId, 22)} ${cut(result, 13)} ${cut((e.practice ? 'PRACTICE ' : '') + e.tenant, 19)} ${e.check}`,
    );
    const who = e.signedBy.length ? `signed by ${e.signedBy.join(', ')}` : 'no signatures';
    o.push(`           ${cut(who + (e.missingRoles.length ? `; missing ${e.missingRoles.join(', ')}` : ''), 68)}`);
    if (e.check === 'untrusted')
      o.push('           ! signed by keys that are not trusted: breakglass keys trust <pub.pem>');
    else if (e.problem && e.check === 'invalid') o.push(`           ! ${cut(e.problem, 66)}`);
    else if (e.check === 'incomplete' && e.missingRoles.length)
      o.push(`           ! signed later? count that key: --pubkey <their .pub.pem> or breakglass keys trust`);
    if (e.criticalOverride) o.push('           ! a critical failure was overridden: does not count as done');
  }
  o.push(
    '',
    'Next due (live, completed drills fully signed by trusted keys; practice runs and overridden critical failures do not count)',
  );
  for (const d of due) {
    const when =
      d.nextDue === null
        ? 'no cadence'
        : d.nextDue === undefined
          ? 'DUE NOW — never done live'
          : `${d.nextDue.slice(0, 10)} (${dueText(new Date(d.nextDue), now)})`;
    o.push(`  ${cut(d.runbookId, 26)} ${when}${d.cadence ? `  [every ${durationWords(d.cadence)}]` : ''}`);
  }
  for (const t of trends) {
    o.push('', `Alert latency, ${oneLine(t.runbookId)}  ${sparkline(t.points, ascii)}`);
    for (const [i, line] of barLines(t.points, 28, ascii).entries())
      o.push(`  ${line}${t.points[i]?.label ? `  (${t.points[i].label})` : ''}`);
  }
  return o.join('\n') + '\n';
}

export function renderHistoryHtml(entries: HistoryEntry[], due: DueInfo[], trends: Trend[], now: Date): string {
  const rows = entries
    .map(
      (e) =>
        `<tr><td>${h(e.at.slice(0, 10))}</td><td>${h(e.runbookId)}</td><td>${h(e.result)}</td><td>${e.practice ? '<b>PRACTICE</b> ' : ''}${h(e.tenant)}</td><td>${h(e.signedBy.join(', ') || '—')}${e.missingRoles.length ? `<br><b>missing ${h(e.missingRoles.join(', '))}</b>` : ''}</td><td>${h(e.check)}</td></tr>`,
    )
    .join('\n');
  const dueRows = due
    .map(
      (d) =>
        `<tr><td>${h(d.runbookId)}</td><td>${d.nextDue === null ? 'no cadence' : d.nextDue === undefined ? '<b>due now</b> (never done live)' : `${h(d.nextDue.slice(0, 10))} (${h(dueText(new Date(d.nextDue), now))})`}</td><td>${h(d.cadence ? `every ${durationWords(d.cadence)}` : '—')}</td></tr>`,
    )
    .join('\n');
  const charts = trends.map((t) => `<h2>Alert latency · ${h(t.runbookId)}</h2>${barChartSvg(t.points)}`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>breakglass history</title>
<style>body{font:13px/1.45 system-ui,sans-serif;margin:24px;color:#1b1f24}table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f6f8fa}h2{font-size:15px;margin-top:20px}svg text{font:10px system-ui,sans-serif;fill:#57606a}@page{size:A4;margin:12mm}</style></head><body>
<h1>Break-glass drill history</h1><table><tr><th>Date</th><th>Runbook</th><th>Result</th><th>Tenant</th><th>Signed by</th><th>Check</th></tr>
${rows}</table><h2>Next due</h2><p>Only live, completed, fully signed drills count; practice runs do not.</p><table><tr><th>Runbook</th><th>Next due</th><th>Cadence</th></tr>${dueRows}</table>
${charts}</body></html>
`;
}
