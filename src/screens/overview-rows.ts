/** The overview's content as rows (shared by the Ink overview and plain mode; no Ink here). */
import { defaultText, fieldHint } from '../components/input-hints.js';
import { layoutMarkdown, lineText } from '../components/markdown-layout.js';
import { MUTATING_MARK } from '../components/theme.js';
import { durationWords } from '../util/duration-words.js';
import { sanitize } from '../util/sanitize.js';
import type { OverviewModel } from './overview-model.js';

export type Row = { text: string; bold?: boolean; color?: 'yellow' | 'red' | 'cyan'; dim?: boolean };

export function overviewRows(m: OverviewModel, width: number): Row[] {
  const rows: Row[] = [];
  if (m.summary.trim()) for (const l of layoutMarkdown(m.summaryTree, width)) rows.push({ text: lineText(l) });
  rows.push({ text: '' });
  rows.push({
    text: `Steps (${m.stepCount}) — ${m.mutatingCount === 0 ? 'none changes the tenant' : `${m.mutatingCount} change${m.mutatingCount === 1 ? 's' : ''} the tenant`}:`,
    bold: true,
  });
  for (const s of m.steps) {
    const indent = '  '.repeat(s.depth + 1);
    const leaf = s.kind !== 'group';
    const mark =
      leaf && s.risk === 'privilege'
        ? `  ${MUTATING_MARK} (PRIVILEGE${s.destructive ? ', DESTRUCTIVE' : ''})`
        : s.destructive
          ? `  ${MUTATING_MARK} (DESTRUCTIVE)`
          : s.mutating && leaf
            ? `  ${MUTATING_MARK}`
            : '';
    const secret = leaf && s.secret ? (s.secret === 'shows' ? '  (shows a secret)' : '  (takes a secret)') : '';
    rows.push({
      text: `${indent}${s.number} ${sanitize(s.title)}${s.foreach ? ` (${sanitize(s.foreach)})` : ''}${mark}${secret}`,
      color: mark ? (s.destructive || s.risk === 'privilege' ? 'red' : 'yellow') : undefined,
    });
  }
  // Whatever the title says: every step that grants privilege or opens a door, and what it gives.
  rows.push({ text: '' });
  if (m.privilegeSteps.length === 0)
    rows.push({ text: 'Privilege changes: none (no step grants a role, a membership, a credential or a consent).' });
  else {
    rows.push({
      text: `PRIVILEGE CHANGES (${m.privilegeSteps.length}) — each is approved only by typing the name of who gains it:`,
      bold: true,
      color: 'red',
    });
    for (const s of m.privilegeSteps)
      rows.push({
        text: `  ${s.ref} ${sanitize(s.title)} — grants ${sanitize(s.grants ?? 'privilege')}`,
        color: 'red',
      });
  }
  if (m.secretSteps.length) {
    rows.push({
      text: `Secrets (${m.secretSteps.length}) — shown once, never written; only one person looks at a time:`,
      bold: true,
    });
    for (const s of m.secretSteps)
      rows.push({
        text: `  ${s.ref} ${sanitize(s.title)} — ${s.secret === 'shows' ? 'shows a secret on screen' : 'asks for a secret (typed masked)'}`,
      });
  }
  rows.push({ text: '' });
  rows.push({ text: 'Permissions it will request:', bold: true });
  const perms: [string, string[]][] = [
    ['Microsoft Graph', m.permissions.graph],
    ['Azure RBAC', m.permissions.arm],
    ['Log Analytics', m.permissions.logs],
  ];
  const any = perms.some(([, p]) => p.length > 0);
  if (!any) rows.push({ text: '  none' });
  for (const [api, p] of perms) if (p.length) rows.push({ text: `  ${api}: ${p.map((x) => sanitize(x)).join(', ')}` });
  if (m.readOnly) rows.push({ text: '  (declared read-only)', dim: true });
  if (m.inputs.length) {
    rows.push({ text: '' });
    rows.push({ text: 'Inputs (asked next, each filled in where it has a value; checked as you type):', bold: true });
    for (const i of m.inputs) {
      const hint = fieldHint(i);
      // The value the form will show (a default is still asked, and can be changed there).
      const filled = i.secret ? '' : defaultText(i);
      rows.push({
        text: `  ${sanitize(i.label || i.name)}${hint ? ` — ${hint}` : ''}${filled ? ` (default: ${sanitize(filled)}, can be changed)` : i.required ? '' : ' (optional)'}`,
      });
    }
  }
  if (m.signoff.length) {
    rows.push({ text: '' });
    rows.push({ text: `Sign-off at the end: ${m.signoff.map((r) => sanitize(r)).join(', ')}`, bold: true });
  }
  rows.push({
    text: `Runbook ${sanitize(m.path)} · sha256 ${m.sha256.slice(0, 12)}${m.cadence ? ` · every ${sanitize(durationWords(m.cadence))}` : ''}`,
    dim: true,
  });
  return rows;
}
