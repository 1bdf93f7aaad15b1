/**
 * Styled lines (styled-lines.ts) as the text a terminal shows for Ink's rendering of them through
 * <Lines>, without loading Ink: React, its reconciler and Yoga are most of the time before Ink's
 * first frame. It does what Ink does for one <Text> per line, with the libraries Ink uses: each
 * span coloured by chalk as Ink's <Text> colours it, the line cut by cli-truncate or wrapped by
 * wrap-ansi when wider than the terminal, then the line's own style over each resulting row.
 * Paint-lines.test.ts compares the two cell by cell in a headless xterm.
 *
 * Load it only after frontend/index.ts prepareInkEnv(): chalk decides on colour when it is loaded.
 */
import chalk from 'chalk';
import stringWidth from 'string-width';
import { lineText, type LineColor, type LineStyle, type StyledLine } from './styled-lines.js';

function background(color: LineColor): (s: string) => string {
  const name = `bg${color[0]!.toUpperCase()}${color.slice(1)}` as 'bgRed';
  return chalk[name];
}

/** In the order Ink's <Text> applies them (ink/build/components/Text.js). */
function styled(text: string, s: LineStyle): string {
  if (!text) return text;
  let out = text;
  if (s.dim) out = chalk.dim(out);
  if (s.color) out = chalk[s.color](out);
  if (s.backgroundColor) out = background(s.backgroundColor)(out);
  if (s.bold) out = chalk.bold(out);
  if (s.inverse) out = chalk.inverse(out);
  return out;
}

function widest(text: string): number {
  let w = 0;
  for (const row of text.split('\n')) w = Math.max(w, stringWidth(row));
  return w;
}

type Fitters = {
  cliTruncate: typeof import('cli-truncate').default;
  wrapAnsi: typeof import('wrap-ansi').default;
};

/**
 * The rows of one line in `columns`: cut or wrapped as Ink does when `tooWide`, then the line's
 * style on each row.
 */
function paintLine(l: StyledLine, columns: number, tooWide: boolean, fit: Partial<Fitters>): string[] {
  let text = l.spans.map((s) => styled(s.text, s)).join('');
  if (tooWide)
    text =
      l.wrap === 'truncate-end'
        ? fit.cliTruncate!(text, columns, { position: 'end' })
        : fit.wrapAnsi!(text, columns, { trim: false, hard: true });
  return text.split('\n').map((row) => styled(row, l));
}

/**
 * The screen's rows, in `columns`. The cutting and the wrapping libraries load only for a screen
 * with a line too wide for the terminal (cli-truncate's slice-ansi builds a grapheme segmenter and
 * a Unicode-property expression as it loads).
 */
export async function paintLines(lines: readonly StyledLine[], columns: number): Promise<string[]> {
  // Measured once, unstyled: styles take no columns (Ink measures the styled text with them stripped).
  const tooWide = lines.map((l) => widest(lineText(l)) > columns);
  const needs = (cut: boolean) => lines.some((l, i) => tooWide[i] && (l.wrap === 'truncate-end') === cut);
  const [cut, wrap] = await Promise.all([
    needs(true) ? import('cli-truncate') : undefined,
    needs(false) ? import('wrap-ansi') : undefined,
  ]);
  const fit = { ...(cut ? { cliTruncate: cut.default } : {}), ...(wrap ? { wrapAnsi: wrap.default } : {}) };
  return lines.flatMap((l, i) => paintLine(l, columns, tooWide[i]!, fit));
}
