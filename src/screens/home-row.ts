/**
 * One runbook row of the home screen, fitted to the terminal's width. Left to
 * the terminal (or Ink's truncate), a long title is cut mid-word and the due
 * state — the reason the row is there — falls off the end. Here the least
 * needed part goes first: the last-run words, then the title's tail, cut at a
 * word boundary and marked with an ellipsis.
 */

const len = (s: string): number => [...s].length;

/** `text` in at most `width` columns: whole words and "…", or a cut word with "…" when even one word does not fit. */
export function truncateWords(text: string, width: number): string {
  if (len(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, Math.max(0, width));
  const words = text.split(' ');
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if (len(next) + 1 > width) break;
    out = next;
  }
  // Not even the first word fits: cut it, and say so with the ellipsis.
  if (!out) out = [...text].slice(0, width - 1).join('');
  return `${out.replace(/[\s,:;—–-]+$/, '')}…`;
}

export interface HomeRowParts {
  title: string;
  /** " (yours)" or "" — stays with the title. */
  tag: string;
  /** The due state in words (or the INVALID reason): always shown whole when it can be. */
  due: string;
  /** Last run in words; the first thing left out when the row is too wide. */
  last: string;
}

/** The parts to draw in `width` columns (the 2-column selection marker is already taken off). */
export function fitHomeRow(p: HomeRowParts, width: number): HomeRowParts {
  const sep = ' · ';
  const full = len(p.title) + len(p.tag) + len(sep) + len(p.due) + (p.last ? len(sep) + len(p.last) : 0);
  if (full <= width) return p;
  const room = width - len(p.tag) - len(sep) - len(p.due);
  // Keep at least a readable piece of the title; past that, the due words give way too.
  const minTitle = Math.min(len(p.title), 16);
  if (room >= minTitle) return { ...p, title: truncateWords(p.title, room), last: '' };
  const title = truncateWords(p.title, minTitle);
  return {
    ...p,
    title,
    last: '',
    due: truncateWords(p.due, Math.max(1, width - len(title) - len(p.tag) - len(sep))),
  };
}
