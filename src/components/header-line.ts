/**
 * The top line of every screen as styled text (components/Header.tsx draws it; a first frame drawn
 * before Ink paints it): tenant badge, step and clock, then the title, cut at the end so a narrow
 * terminal loses the title, never the tenant or the step.
 */
import { sanitize } from '../util/sanitize.js';
import type { Span, StyledLine } from './styled-lines.js';
import { tenantBadgeSpans, type Tenant } from './tenant-badge.js';
import { formatDuration } from './theme.js';

export interface HeaderFields {
  title?: string;
  index?: number;
  total?: number;
  /** e.g. 2 for the second account of a foreach group. */
  iteration?: number;
  startedAt?: number;
  tenant?: Tenant;
}

/** The line at time `now` (ms; only read when `startedAt` is given). */
export function headerLine({ title, index, total, iteration, startedAt, tenant }: HeaderFields, now = 0): StyledLine {
  const parts: string[] = [];
  if (index !== undefined && total !== undefined)
    parts.push(`step ${index}/${total}${iteration ? ` (item ${iteration})` : ''}`);
  if (startedAt !== undefined) parts.push(formatDuration(now - startedAt));
  const spans: Span[] = tenant ? tenantBadgeSpans(tenant) : [];
  if (parts.length) spans.push({ text: `${tenant ? ' ·' : ''} ${parts.join(' · ')}` });
  spans.push({ text: ` · ${sanitize(title ?? 'breakglass', { max: 60 })}`, bold: true });
  return { spans, wrap: 'truncate-end' };
}
