/**
 * A screen as lines of styled text: what <Lines> (Lines.tsx) draws with Ink, and what paintLines()
 * (paint-lines.ts) draws as the same cells without Ink, for a first frame that goes up while Ink
 * still loads (screens/early-frame.ts). No Ink and no chalk here: the types and the grouping only.
 */

/** The named colours the screens use (chalk's and Ink's names). */
export type LineColor = 'red' | 'yellow' | 'cyan' | 'green' | 'black' | 'white' | 'gray';

export interface LineStyle {
  bold?: boolean;
  dim?: boolean;
  color?: LineColor;
  backgroundColor?: LineColor;
  inverse?: boolean;
}

/** A run of text in one style, inside a line (Ink: a <Text> nested in the line's <Text>). */
export interface Span extends LineStyle {
  text: string;
}

/**
 * One line of the screen (Ink: one <Text>). Its own style applies over its spans. Too wide for the
 * terminal, it is cut with "…" (`truncate-end`) or wrapped onto more rows (the default, as Ink's).
 */
export interface StyledLine extends LineStyle {
  spans: Span[];
  wrap?: 'truncate-end';
}

/** A line of plain text in one style. */
export function line(text: string, style: LineStyle & { wrap?: 'truncate-end' } = {}): StyledLine {
  const { wrap, ...rest } = style;
  return { ...rest, spans: [{ text }], ...(wrap ? { wrap } : {}) };
}

export function hasStyle(s: LineStyle): boolean {
  return Boolean(s.bold || s.dim || s.color || s.backgroundColor || s.inverse);
}

/** The line's text without styles. */
export function lineText(l: StyledLine): string {
  return l.spans.map((s) => s.text).join('');
}

/**
 * Characters of width 1 in a terminal: Latin (no combining marks, no controls) and the
 * punctuation the screens' own words use (— – · • … ‘ ’ “ ” ← ↑ → ↓ ↻ ▸ ✎).
 */
const NARROW =
  /^[\u0020-\u007e\u00a0-\u02ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2190-\u2193\u21bb\u25b8\u270e]*$/;

/** Whether the line certainly fits `width` columns as it is: narrow characters, no more of them than columns. */
export function certainlyFits(l: StyledLine, width: number): boolean {
  const text = lineText(l);
  return text.length <= width && NARROW.test(text);
}

/**
 * Consecutive lines that certainly fit `width` go together; any other line stays alone, to be
 * measured and cut or wrapped. For Ink, each group is one layout node instead of one per line.
 */
export function runsOfLines(
  lines: readonly StyledLine[],
  width: number,
): { from: number; lines: StyledLine[]; alone: boolean }[] {
  const runs: { from: number; lines: StyledLine[]; alone: boolean }[] = [];
  lines.forEach((l, i) => {
    const fits = certainlyFits(l, width);
    const last = runs[runs.length - 1];
    if (fits && last && !last.alone) last.lines.push(l);
    else runs.push({ from: i, lines: [l], alone: !fits });
  });
  return runs;
}
