/**
 * The Markdown rendering of a signed report (report.md): readable on GitHub
 * or in any editor. Generated from the signed payload; the envelope remains
 * the evidence. Every tenant string goes through escapeMd / mdCode.
 */
import { escapeMd, mdCode, oneLine } from './sanitize.js';
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

const LEVEL: Record<string, string> = {
  fail: 'FAIL',
  error: 'ERROR',
  warn: 'WARN',
  overridden: 'OVERRIDDEN',
  aborted: 'ABORTED',
  voided: 'VOIDED',
  unsigned: 'NOT SIGNED',
  retried: 'RETRIED',
};

export function renderMarkdown(view: RenderView): string {
  const r = view.statement.predicate;
  const out: string[] = [];
  const push = (...l: string[]) => out.push(...l);
  const signers = signerLines(view);
  const missing = missingRoles(view);

  push(`# Completion report: ${escapeMd(r.runbook.title)}`, '');
  if (r.practice) {
    push(
      `> **PRACTICE — not evidence of a live drill.** This run used the practice tenant${r.tenant.scenario ? ` (scenario ${mdCode(r.tenant.scenario)})` : ''}; it proves the procedure was rehearsed, not that the live tenant is protected.${r.tenant.timeScale ? ` Practice time ran ${r.tenant.timeScale}× faster than real time: the times and durations below are simulated.` : ''}`,
      '',
    );
  }
  push('| | |', '|---|---|');
  push(`| Result | **${headline(view).label}**${r.end.reason ? ` — ${escapeMd(r.end.reason)}` : ''} |`);
  push(
    `| Runbook | ${mdCode(r.runbook.id)} version ${escapeMd(r.runbook.version)}, sha256 ${mdCode(r.runbook.sha256)}${r.runbook.changedDuringRun ? ' (changed during the run)' : ''} |`,
  );
  push(
    `| Tenant | ${tenantMode(r) ? `**${tenantMode(r)}** ` : ''}${escapeMd(r.tenant.label)}${r.tenant.initialDomain ? `, ${mdCode(r.tenant.initialDomain)}` : ''}${r.tenant.tenantId ? `, tenant id ${mdCode(r.tenant.tenantId)}` : ''} |`,
  );
  if (r.operator) push(`| Operator | ${escapeMd(r.operator)} |`);
  if (r.identities.length)
    push(
      `| Signed in as | ${r.identities.map((i) => `${escapeMd(i.upn ?? i.appId ?? i.kind)} (${i.as ? `identity ${escapeMd(i.as)}, ` : ''}${i.kind}, oid ${mdCode(i.oid)})`).join('; ')} |`,
    );
  push(`| When | ${fmtTime(r.startedAt)} → ${fmtTime(r.finishedAt)} (${fmtDuration(r.durationMs)}) |`);
  push(
    `| Signatures | ${signers.map((s) => `${escapeMd(s.role)} ${escapeMd(s.name)}: ${s.signed ? `signed${s.signedAt ? ` ${fmtTime(s.signedAt)}` : ''}, key ${mdCode(s.keyid)}` : 'awaiting signature'}`).join('; ') || 'none'}${missing.length ? ` — **missing: ${missing.map(escapeMd).join(', ')}**` : ''} |`,
  );
  push(
    `| Steps | ${stepsReached(r)}: ${Object.entries(r.counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')} |`,
  );
  push(`| Journal | ${r.journal.recordCount} records, final hash ${mdCode(r.journal.finalHash)} |`);
  push(`| Tool | breakglass ${escapeMd(r.tool.version)}, run ${mdCode(r.runId)} |`, '');

  const items = attentionOf(view);
  push('## Needs attention', '');
  if (!items.length) push('Nothing: every step passed and every required signature is on the report.', '');
  for (const i of items) {
    push(
      `- **${LEVEL[i.level]}** ${escapeMd(i.title)}${i.step && roundWords(i.step) && !i.title.includes(roundWords(i.step)!) ? ` (${escapeMd(roundWords(i.step)!)})` : ''} — ${escapeMd(i.reason)}`,
    );
    for (const o of i.objects.slice(0, 50)) push(`  - ${escapeMd(o)}`);
    if (i.objects.length > 50) push(`  - … and ${i.objects.length - 50} more`);
    if (i.remediation)
      push(
        i.level === 'unsigned'
          ? `  - *To complete it, from the run folder:* ${mdCode(i.remediation)}`
          : `  - *Remediation:* ${escapeMd(i.remediation)}`,
      );
    if (i.requestId) push(`  - request-id ${mdCode(i.requestId)}`);
  }
  if (items.length) push('');

  if (r.measurements.length) {
    push('## Measurements', '', '| Measure | Value | Step |', '|---|---|---|');
    for (const m of r.measurements)
      push(`| ${escapeMd(measurementLabel(m.name))} | ${escapeMd(measurementText(m))} | ${stepRefMd(m.instanceId)} |`);
    push('');
  }

  push('## Steps', '', '| # | Step | Status | Started | Took | Summary |', '|---|---|---|---|---|---|');
  r.steps.forEach((s, n) => {
    push(
      `| ${n + 1} | ${escapeMd(stepLabel(s))}<br>${stepRefMd(s.instanceId)} | ${s.status.toUpperCase()}${s.attempts > 1 ? ` (${s.attempts} attempts)` : ''} | ${fmtTime(s.startedAt)} | ${fmtDuration(stepDuration(s))} | ${escapeMd(s.summary)} |`,
    );
  });
  push('');

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
    push('## Details', '');
    if (Object.keys(r.inputs).length) {
      push('**Runbook inputs**', '');
      for (const [k, v] of Object.entries(r.inputs)) push(`- ${mdCode(k)}: ${mdCode(fmtValue(v))}`);
      push('');
    }
    for (const s of detailed) {
      push(
        `### ${escapeMd(stepLabel(s))}${roundWords(s.instanceId) ? ` (${escapeMd(roundWords(s.instanceId)!)})` : ''}`,
        '',
      );
      for (const c of s.checks) {
        push(`- Check **${escapeMd(c.id)}** ${c.verdict.toUpperCase()}: ${escapeMd(c.reason)}`);
        for (const x of c.objects) push(`  - ${escapeMd(x.type)} ${escapeMd(x.name)}`);
      }
      for (const a of s.inputs) push(`- Answer to “${escapeMd(a.prompt)}”: ${mdCode(fmtValue(a.value))}`);
      if (s.notes) push(`- Notes: ${escapeMd(s.notes)}`);
      if (s.override)
        push(
          `- **Override** by ${escapeMd(s.override.by)} at ${fmtTime(s.override.at)}: “${escapeMd(s.override.justification)}”`,
        );
      for (const c of s.changes)
        push(
          `- Change ${mdCode(c.actionId)} ${mdCode(c.key)}: ${c.status}${c.requestId ? `, request-id ${mdCode(c.requestId)}` : ''}${c.lost ? ` (made again after an interruption: ${escapeMd(c.lost)})` : ''}`,
        );
      for (const x of s.secrets)
        push(
          `- Secret shown once: ${escapeMd(x.label)}, fingerprint ${mdCode(x.fingerprint)}${x.envelope ? `, envelope ${escapeMd(x.envelope)}` : ''}`,
        );
      for (const [k, v] of Object.entries(s.outputs)) push(`- Output ${mdCode(k)}: ${mdCode(fmtValue(v))}`);
      push('');
    }
  }

  const ev = r.steps.flatMap((s) => s.evidence.map((e) => ({ s, e })));
  if (ev.length) {
    push('## Evidence', '', '| Step | Request | Status | ms | request-id | body sha256 |', '|---|---|---|---|---|---|');
    for (const { s, e } of ev) {
      push(
        `| ${stepRefMd(s.instanceId)} | ${e.service} ${escapeMd(e.method)} ${mdCode(e.path)} | ${e.status}${e.retries ? ` (${e.retries} retries)` : ''} | ${Math.round(e.durationMs)} | ${e.requestId ? mdCode(e.requestId) : '—'} | ${e.requestBodyDigest ? mdCode(e.requestBodyDigest.slice(0, 16)) : '—'} |`,
      );
    }
    push('');
  }
  if (r.secrets.voided.length) {
    push('## Voided secrets', '');
    for (const v of r.secrets.voided)
      push(`- ${mdCode(v.fingerprint)} (step ${stepRefMd(v.instanceId)}, ${fmtTime(v.at)}): ${escapeMd(v.reason)}`);
    push('');
  }
  if (r.notices.length) {
    push('## Notices', '');
    for (const n of r.notices) push(`- ${n.level.toUpperCase()} ${fmtTime(n.at)}: ${escapeMd(n.message)}`);
    push('');
  }
  push('---', '');
  push(
    `This file is a rendering. The evidence is \`report.dsse.json\` (payload sha256 ${mdCode(view.payloadDigest)}). Check it with:`,
    '',
  );
  push(
    '```sh',
    `breakglass verify report.dsse.json --pubkey <signer>.pub.pem --run-dir ${oneLine('<run directory>')}`,
    '```',
    '',
  );
  return out.join('\n');
}

/** A step instance in the report: its id without loop indices, and its round in words. */
function stepRefMd(instanceId: string): string {
  const w = instanceWords(instanceId);
  return `${mdCode(w.id)}${w.round ? ` (${escapeMd(w.round)})` : ''}`;
}
