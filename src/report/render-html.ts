/**
 * The printable HTML rendering (report.html): one self-contained file, no
 * external assets (no fonts, scripts or images fetched), inline CSS with A4
 * print styles, so it can be attached to an audit ticket and printed years
 * later. Every tenant string goes through escapeHtml.
 */
import { escapeHtml as h } from './sanitize.js';
import { barChartSvg, type TrendPoint } from './trend.js';
import {
  attentionOf,
  roundWords,
  stepsReached,
  instanceWords,
  headline,
  fmtDuration,
  fmtTime,
  fmtValue,
  measurementLabel,
  measurementText,
  missingRoles,
  tenantMode,
  signerLines,
  stepDuration,
  stepLabel,
  type RenderView,
} from './view.js';

const CSS = `
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;padding:24px 28px;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;background:#fff}
main{max-width:190mm;margin:0 auto}
h1{font-size:20px;margin:0 0 2px}
h2{font-size:15px;margin:22px 0 8px;padding-bottom:3px;border-bottom:1px solid #d0d7de}
h3{font-size:13px;margin:14px 0 4px}
.sub{color:#57606a;margin:0 0 12px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:11.5px}
.wrap{overflow-wrap:anywhere;word-break:break-word}
.head{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.badge{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:700;letter-spacing:.04em;white-space:nowrap;border:2px solid currentColor}
.r-passed{color:#1a7f37}.r-passed-with-warnings,.r-passed-with-overrides{color:#9a6700}
.r-failed,.r-aborted,.r-unfinished{color:#cf222e}.r-incomplete{color:#9a6700}
.practice{margin:12px 0;padding:10px 14px;border:2px solid #9a6700;border-radius:4px;font-weight:700;color:#6f4a00;
 background:repeating-linear-gradient(135deg,#fff8c5 0 14px,#fff1a8 14px 28px)}
.practice span{display:block;font-weight:400;color:#4d3800}
.live{color:#0550ae;font-weight:700}
dl.summary{display:grid;grid-template-columns:130px 1fr;gap:4px 12px;margin:10px 0 0}
dl.summary dt{color:#57606a}
dl.summary dd{margin:0}
.sig{list-style:none;margin:0;padding:0}
.sig li{margin:0 0 2px}
.ok{color:#1a7f37;font-weight:700}.missing{color:#cf222e;font-weight:700}
.att{border:1px solid #d0d7de;border-left:5px solid #cf222e;border-radius:4px;padding:8px 12px;margin:0 0 8px;break-inside:avoid}
.att.l-warn,.att.l-overridden,.att.l-unsigned,.att.l-retried{border-left-color:#bf8700}.att.l-voided{border-left-color:#8250df}
.att .lvl{font-weight:700;font-size:11px;letter-spacing:.05em;margin-right:6px}
.att ul{margin:4px 0 0;padding-left:18px}
.att .fix{margin-top:4px}
.none{color:#1a7f37}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
tr{break-inside:avoid}
td.st{font-weight:700;font-size:11px;white-space:nowrap}
.s-pass,.s-done{color:#1a7f37}.s-warn,.s-overridden{color:#9a6700}.s-fail,.s-error,.s-unfinished{color:#cf222e}.s-skipped{color:#57606a}
table.ev{font-size:11px}
table.ev td:nth-child(2){width:42%}
.details p{margin:2px 0}
.details p.obj{margin-left:14px;color:#57606a;font-size:11.5px}
footer{margin-top:24px;padding-top:8px;border-top:1px solid #d0d7de;color:#57606a;font-size:11px}
svg text{font:10px system-ui,sans-serif;fill:#57606a}
@page{size:A4;margin:12mm}
@media print{body{padding:0;font-size:11px}main{max-width:none}h2{break-after:avoid}a{color:inherit;text-decoration:none}}
`;

export interface HtmlExtras {
  /** Alert latency across earlier drills (not part of the signed payload; labelled as such). */
  trend?: TrendPoint[];
}

export function renderHtml(view: RenderView, extras: HtmlExtras = {}): string {
  const r = view.statement.predicate;
  const signers = signerLines(view);
  const missing = missingRoles(view);
  const items = attentionOf(view);
  const head = headline(view);
  const o: string[] = [];
  const push = (...l: string[]) => o.push(...l);

  push(
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
  );
  // No network, ever: the page is evidence and must render the same offline.
  push(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
  );
  push(
    `<title>${r.practice ? 'PRACTICE · ' : ''}${h(r.runbook.title)} · ${h(head.label)}</title>`,
    `<style>${CSS}</style></head><body><main>`,
  );

  push('<div class="head"><div>', `<h1 class="wrap">${h(r.runbook.title)}</h1>`);
  push(
    `<p class="sub">Break-glass completion report · <code>${h(r.runbook.id)}</code> v${h(r.runbook.version)} · ${fmtTime(r.startedAt)}</p></div>`,
  );
  // A pass still waiting for a required signature is not shown in the pass colour.
  push(
    `<div class="badge r-${head.complete || !r.result.startsWith('passed') ? r.result : 'incomplete'}">${h(head.label)}</div></div>`,
  );
  if (r.practice) {
    push(
      `<div class="practice" role="note">PRACTICE — not evidence of a live drill<span>This run used the practice tenant${r.tenant.scenario ? ` (scenario “${h(r.tenant.scenario)}”)` : ''}. It shows the procedure was rehearsed, not that the live tenant is protected.${r.tenant.timeScale ? ` Practice time ran ${r.tenant.timeScale}× faster than real time: the times and durations below are simulated.` : ''}</span></div>`,
    );
  }

  push('<dl class="summary">');
  push(
    `<dt>Tenant</dt><dd class="wrap">${r.practice ? (tenantMode(r) ? '<b>PRACTICE</b> ' : '') : '<span class="live">LIVE</span> '}${h(r.tenant.label)}${r.tenant.initialDomain ? ` · <code>${h(r.tenant.initialDomain)}</code>` : ''}${r.tenant.tenantId ? ` · tenant id <code>${h(r.tenant.tenantId)}</code>` : ''}</dd>`,
  );
  if (r.operator) push(`<dt>Operator</dt><dd class="wrap">${h(r.operator)}</dd>`);
  if (r.identities.length)
    push(
      `<dt>Signed in as</dt><dd class="wrap">${r.identities.map((i) => `${h(i.upn ?? i.appId ?? i.kind)} <span class="mono">(${i.as ? `identity ${h(i.as)}, ` : ''}${i.kind}, oid ${h(i.oid)})</span>`).join('<br>')}</dd>`,
    );
  push(`<dt>When</dt><dd>${fmtTime(r.startedAt)} → ${fmtTime(r.finishedAt)} (${fmtDuration(r.durationMs)})</dd>`);
  if (r.end.reason) push(`<dt>Ended</dt><dd class="wrap">${h(r.end.status)}: ${h(r.end.reason)}</dd>`);
  push(
    `<dt>Signatures</dt><dd><ul class="sig">${signers.map((s) => `<li>${s.signed ? `<span class="ok">✓ signed${s.signedAt ? ` ${fmtTime(s.signedAt)}` : ''}</span>` : '<span class="missing">✗ awaiting</span>'} ${h(s.role)} · <b>${h(s.name)}</b>${s.keyid ? ` · key <code>${h(s.keyid)}</code>` : ''}${s.signedOffAt ? ` · named at sign-off ${fmtTime(s.signedOffAt)}` : ''}</li>`).join('') || '<li>none</li>'}</ul>${missing.length ? `<span class="missing">Missing required: ${missing.map(h).join(', ')}</span>` : ''}</dd>`,
  );
  push(
    `<dt>Steps</dt><dd>${stepsReached(r)}: ${Object.entries(r.counts)
      .map(([k, n]) => `${n} ${h(k)}`)
      .join(' · ')}</dd>`,
  );
  push(
    `<dt>Runbook sha256</dt><dd class="mono wrap">${h(r.runbook.sha256)}${r.runbook.changedDuringRun ? ' (changed during the run)' : ''}</dd>`,
  );
  push(`<dt>Journal</dt><dd class="mono wrap">${r.journal.recordCount} records · final ${h(r.journal.finalHash)}</dd>`);
  push('</dl>');

  push('<h2>Needs attention</h2>');
  if (!items.length)
    push('<p class="none">Nothing: every step passed and every required signature is on the report.</p>');
  for (const i of items) {
    push(
      `<div class="att l-${i.level}"><span class="lvl">${i.level === 'unsigned' ? 'NOT SIGNED' : i.level.toUpperCase()}</span><b class="wrap">${h(i.title)}</b>${i.step && roundWords(i.step) && !i.title.includes(roundWords(i.step)!) ? ` (${h(roundWords(i.step)!)})` : ''}<div class="wrap">${h(i.reason)}</div>`,
    );
    if (i.objects.length)
      push(
        `<ul>${i.objects
          .slice(0, 50)
          .map((x) => `<li class="wrap">${h(x)}</li>`)
          .join('')}${i.objects.length > 50 ? `<li>… and ${i.objects.length - 50} more</li>` : ''}</ul>`,
      );
    if (i.remediation)
      push(
        i.level === 'unsigned'
          ? `<div class="fix wrap"><b>To complete it, from the run folder:</b> <code>${h(i.remediation)}</code></div>`
          : `<div class="fix wrap"><b>Remediation:</b> ${h(i.remediation)}</div>`,
      );
    if (i.requestId) push(`<div class="mono">request-id ${h(i.requestId)}</div>`);
    push('</div>');
  }

  if (r.measurements.length || extras.trend?.length) {
    push('<h2>Measurements</h2>');
    if (r.measurements.length) {
      push('<table><tr><th>Measure</th><th>Value</th><th>Step</th></tr>');
      for (const m of r.measurements)
        push(
          `<tr><td>${h(measurementLabel(m.name))}</td><td>${h(measurementText(m))}</td><td>${stepRefHtml(m.instanceId)}</td></tr>`,
        );
      push('</table>');
    }
    if (extras.trend?.length)
      push(
        `<p>Alert latency across drills (from earlier reports on this machine; not part of this signed report):</p>${barChartSvg(extras.trend)}`,
      );
  }

  push(
    '<h2>Steps</h2><table><tr><th>#</th><th>Step</th><th>Status</th><th>Started (UTC)</th><th>Took</th><th>Summary</th></tr>',
  );
  r.steps.forEach((s, n) => {
    push(
      `<tr><td>${n + 1}</td><td class="wrap">${h(stepLabel(s))}${roundWords(s.instanceId) ? ` <span class="sub">(${h(roundWords(s.instanceId)!)})</span>` : ''}</td><td class="st s-${s.status}">${s.status.toUpperCase()}${s.attempts > 1 ? ` ×${s.attempts}` : ''}</td><td>${fmtTime(s.startedAt).slice(11, 19)}</td><td>${fmtDuration(stepDuration(s))}</td><td class="wrap">${h(s.summary)}</td></tr>`,
    );
  });
  push('</table>');

  const detailed = r.steps.filter(
    (s) =>
      s.checks.length ||
      s.inputs.length ||
      s.notes ||
      s.override ||
      s.changes.length ||
      s.secrets.length ||
      Object.keys(s.outputs).length,
  );
  if (detailed.length || Object.keys(r.inputs).length) {
    push('<h2>Details</h2><div class="details">');
    if (Object.keys(r.inputs).length) {
      push('<h3>Runbook inputs</h3>');
      for (const [k, v] of Object.entries(r.inputs))
        push(`<p class="wrap"><code>${h(k)}</code>: ${h(fmtValue(v))}</p>`);
    }
    for (const s of detailed) {
      push(
        `<h3 class="wrap">${h(stepLabel(s))}${roundWords(s.instanceId) ? ` (${h(roundWords(s.instanceId)!)})` : ''}</h3>`,
      );
      for (const c of s.checks) {
        push(
          `<p class="wrap">Check <b>${h(c.id)}</b> <span class="st s-${c.verdict === 'not-applicable' ? 'skipped' : c.verdict}">${h(c.verdict.toUpperCase())}</span> — ${h(c.reason)}</p>`,
        );
        if (c.objects.length)
          push(`<p class="wrap obj">${c.objects.map((x) => `${h(x.type)} <i>${h(x.name)}</i>`).join(' · ')}</p>`);
      }
      for (const a of s.inputs) push(`<p class="wrap">${h(a.prompt)}: <code>${h(fmtValue(a.value))}</code></p>`);
      if (s.notes) push(`<p class="wrap">Notes: ${h(s.notes)}</p>`);
      if (s.override)
        push(
          `<p class="wrap"><b>Override</b> by ${h(s.override.by)} at ${fmtTime(s.override.at)}: “${h(s.override.justification)}”</p>`,
        );
      for (const c of s.changes)
        push(
          `<p class="wrap">Change <code>${h(c.actionId)}</code> <code>${h(c.key)}</code>: ${h(c.status)}${c.requestId ? ` · request-id <code>${h(c.requestId)}</code>` : ''}${c.lost ? ` · made again after an interruption: ${h(c.lost)}` : ''}</p>`,
        );
      for (const x of s.secrets)
        push(
          `<p class="wrap">Secret shown once: ${h(x.label)} · fingerprint <code>${h(x.fingerprint)}</code>${x.envelope ? ` · envelope ${h(x.envelope)}` : ''}</p>`,
        );
      for (const [k, v] of Object.entries(s.outputs))
        push(`<p class="wrap">Output <code>${h(k)}</code>: <code>${h(fmtValue(v))}</code></p>`);
    }
    push('</div>');
  }

  const ev = r.steps.flatMap((s) => s.evidence.map((e) => ({ s, e })));
  if (ev.length) {
    push(
      '<h2>Evidence</h2><table class="ev"><tr><th>Step</th><th>Request</th><th>Status</th><th>ms</th><th>request-id</th><th>body sha256</th></tr>',
    );
    for (const { s, e } of ev) {
      push(
        `<tr><td class="wrap">${stepRefHtml(s.instanceId)}</td><td class="mono wrap">${h(e.service)} ${h(e.method)} ${h(e.path)}</td><td>${e.status}${e.retries ? ` (${e.retries}↻)` : ''}</td><td>${Math.round(e.durationMs)}</td><td class="mono wrap">${h(e.requestId ?? '—')}</td><td class="mono">${h(e.requestBodyDigest ? e.requestBodyDigest.slice(0, 16) : '—')}</td></tr>`,
      );
    }
    push('</table>');
  }
  if (r.secrets.voided.length) {
    push('<h2>Voided secrets</h2><ul>');
    for (const v of r.secrets.voided)
      push(
        `<li class="wrap"><code>${h(v.fingerprint)}</code> (${stepRefHtml(v.instanceId)}, ${fmtTime(v.at)}): ${h(v.reason)}</li>`,
      );
    push('</ul>');
  }
  if (r.notices.length) {
    push('<h2>Notices</h2><ul>');
    for (const n of r.notices) push(`<li class="wrap">${n.level.toUpperCase()} ${fmtTime(n.at)}: ${h(n.message)}</li>`);
    push('</ul>');
  }
  push(
    `<footer>breakglass ${h(r.tool.version)} · run <span class="mono">${h(r.runId)}</span> · payload sha256 <span class="mono">${h(view.payloadDigest)}</span><br>`,
  );
  push(
    'This page is a rendering. The evidence is <b>report.dsse.json</b>; check it with <code>breakglass verify report.dsse.json --pubkey &lt;signer&gt;.pub.pem --run-dir &lt;run directory&gt;</code>.</footer>',
  );
  push('</main></body></html>', '');
  return o.join('\n');
}

/** A step instance in the report: its id without loop indices, and its round in words. */
function stepRefHtml(instanceId: string): string {
  const w = instanceWords(instanceId);
  return `<code>${h(w.id)}</code>${w.round ? ` (${h(w.round)})` : ''}`;
}
