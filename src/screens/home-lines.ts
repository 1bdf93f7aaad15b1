/**
 * The home screen's list as styled lines: tenant, unfinished runs, runbooks, keys. Home.tsx draws
 * them with Ink; the first frame draws them before Ink has loaded (home-first-frame.ts), so both
 * come from here.
 */
import type { LineColor, Span, StyledLine } from '../components/styled-lines.js';
import { line } from '../components/styled-lines.js';
import { tenantBadgeSpans } from '../components/tenant-badge.js';
import { sanitize } from '../util/sanitize.js';
import { dueWords, lastWords, type HomeModel } from './home-model.js';
import { fitHomeRow } from './home-row.js';

export interface HomeView {
  /** The selected item: unfinished runs first, then runbooks. */
  sel: number;
  columns: number;
  rows: number;
  version?: string;
  /** Shown in red below the list (a runbook that cannot be opened, a run that cannot resume). */
  error?: string;
}

/** The top line: tenant badge, program and version. */
export function homeTitleLine(tenant: HomeModel['tenant'], version: string | undefined): StyledLine {
  return {
    wrap: 'truncate-end',
    spans: [...tenantBadgeSpans(tenant), { text: ` · breakglass${version ? ` ${version}` : ''}`, bold: true }],
  };
}

/** While the library and history are read: the screen is up, and q works. */
export function homeLoadingLines(tenant: HomeModel['tenant'], version: string | undefined): StyledLine[] {
  return [
    homeTitleLine(tenant, version),
    line('Reading runbooks and past runs…', { dim: true }),
    line('q quit', { dim: true }),
  ];
}

export function homeLines(model: HomeModel, v: HomeView): StyledLine[] {
  const { sel, columns, rows } = v;
  const items = model.unfinished.length + model.runbooks.length;
  // Keep the list inside the screen: a window around the selection.
  const header = 3 + (model.unfinished.length ? 1 : 0) + 1 + (model.needsSetup ? 1 : 0);
  const window = Math.max(3, rows - header - 3);
  const start = Math.max(0, Math.min(sel - Math.floor(window / 2), items - window));
  const visible = (i: number) => i >= start && i < start + window;
  const marker = (i: number) => (i === sel ? '▸ ' : '  ');

  const out: StyledLine[] = [homeTitleLine(model.tenant, v.version)];
  out.push(
    model.tenant.practice
      ? line('Practice tenant: nothing here touches a real directory. Use --tenant <id> for live.', { dim: true })
      : line('LIVE tenant: runbooks here change a real directory.', { color: 'red' }),
  );
  if (model.unfinished.length) out.push(line('Unfinished runs — resume these first:', { bold: true, color: 'yellow' }));
  model.unfinished.forEach((r, i) => {
    if (!visible(i)) return;
    const text =
      `${marker(i)}↻ RESUME ${sanitize(r.runbookTitle)}` +
      `${r.currentStep ? ` · at ${sanitize(r.currentStep)}` : ''} · ` +
      `${r.practice ? 'PRACTICE' : sanitize(r.tenantLabel)} · ${r.lastActivity.slice(0, 16).replace('T', ' ')}` +
      `${r.problem ? ' · CANNOT RESUME (journal does not verify)' : ''}`;
    out.push(line(text, { inverse: i === sel, wrap: 'truncate-end' }));
  });
  if (model.needsSetup)
    out.push(
      line('No break-glass set-up found for this tenant: start with a set-up runbook.', { wrap: 'truncate-end' }),
    );
  out.push(line('Runbooks:', { bold: true }));
  if (model.runbooks.length === 0) out.push(line('No runbooks found.'));
  model.runbooks.forEach((r, j) => {
    const i = model.unfinished.length + j;
    if (!visible(i)) return;
    const urgent = !r.startHere && (r.due === 'overdue' || r.due === 'never-done-live');
    const fit = fitHomeRow(
      {
        title: sanitize(r.title),
        tag: r.source === 'user' ? ' (yours)' : '',
        due: r.problem ? `INVALID: ${r.problem}` : dueWords(r),
        last: r.problem ? '' : lastWords(r),
      },
      columns - 2,
    );
    const dueColor: LineColor | undefined =
      r.problem || urgent ? 'red' : r.due === 'due-soon' || r.startHere ? 'yellow' : undefined;
    const spans: Span[] = [
      { text: marker(i) },
      { text: fit.title, bold: true },
      { text: `${fit.tag} · ` },
      { text: fit.due, color: dueColor, bold: urgent || r.startHere },
    ];
    if (fit.last) spans.push({ text: ` · ${fit.last}`, dim: true });
    out.push({ spans, inverse: i === sel, wrap: 'truncate-end' });
  });
  if (v.error) out.push(line(v.error, { color: 'red' }));
  out.push(line('↑/↓ select · Enter open · ? keys · q quit', { dim: true }));
  return out;
}
