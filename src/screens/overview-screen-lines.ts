/**
 * The overview screen as styled lines: its title, the window of rows (overview-rows.ts) scrolled
 * to `top`, and the keys. Overview.tsx draws them with Ink; `run`'s first frame paints them before
 * Ink has loaded (overview-first-frame.ts).
 */
import { headerLine } from '../components/header-line.js';
import { line, type Span, type StyledLine } from '../components/styled-lines.js';
import { tenantBadgeSpans, type Tenant } from '../components/tenant-badge.js';
import { sanitize } from '../util/sanitize.js';
import type { OverviewModel } from './overview-model.js';
import { overviewRows, type Row } from './overview-rows.js';

/** The columns the rows are laid out in: one short of the terminal's, never under 20. */
export function overviewWidth(columns: number): number {
  return Math.max(20, columns - 1);
}

/** How many rows show at once: the terminal's rows less the title, the keys and the screen's header. */
export function overviewWindow(rows: number): number {
  return Math.max(3, rows - 6);
}

export function overviewScreenLines(
  model: OverviewModel,
  all: readonly Row[],
  v: { top: number; window: number; tenant?: Tenant },
): StyledLine[] {
  const { top, window } = v;
  const maxTop = Math.max(0, all.length - window);
  const title: Span[] = v.tenant ? tenantBadgeSpans(v.tenant) : [];
  title.push({ text: `${v.tenant ? ' · ' : ''}${sanitize(model.title)} v${sanitize(model.version)}`, bold: true });
  const scroll =
    top > 0 || top < maxTop
      ? `(${top + 1}–${Math.min(all.length, top + window)} of ${all.length}, ↑/↓ to scroll) `
      : '';
  return [
    { spans: title, wrap: 'truncate-end' },
    ...all.slice(top, top + window).map((r) =>
      line(r.text, {
        ...(r.bold ? { bold: true } : {}),
        ...(r.color ? { color: r.color } : {}),
        ...(r.dim ? { dim: true } : {}),
        wrap: 'truncate-end',
      }),
    ),
    line(`${scroll}Enter start · Esc back · q quit`, { dim: true }),
  ];
}

/** `run`'s first frame: the screen's header over the overview, not scrolled (ink-frontend.tsx FirstOverview). */
export function firstOverviewLines(
  model: OverviewModel,
  tenant: Tenant | undefined,
  size: { columns: number; rows: number },
): StyledLine[] {
  const all = overviewRows(model, overviewWidth(size.columns));
  return [
    headerLine({ title: model.title, ...(tenant ? { tenant } : {}) }),
    ...overviewScreenLines(model, all, { top: 0, window: overviewWindow(size.rows) }),
  ];
}
