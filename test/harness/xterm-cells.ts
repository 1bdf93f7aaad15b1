/**
 * A headless xterm's screen with its styles: each visible row as text, with a mark wherever the
 * style changes (foreground, background, bold, dim, inverse). Two screens that print the same are
 * the same to a person; a test comparing them does not care which bytes drew them.
 */
type XTerm = import('@xterm/headless').Terminal;

type Cell = import('@xterm/headless').IBufferCell;

/** Colours as xterm holds them: the palette entry, or "default". */
function colour(mode: number, value: number): string {
  return mode === 0 ? 'default' : String(value);
}

function styleOf(cell: Cell): string {
  return [
    `fg:${colour(cell.getFgColorMode(), cell.getFgColor())}`,
    `bg:${colour(cell.getBgColorMode(), cell.getBgColor())}`,
    cell.isBold() ? 'bold' : '',
    cell.isDim() ? 'dim' : '',
    cell.isInverse() ? 'inverse' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function styledRows(term: XTerm): string[] {
  const b = term.buffer.active;
  const cell = b.getNullCell();
  const PLAIN = styleOf(b.getNullCell());
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    const cells: { ch: string; style: string }[] = [];
    for (let x = 0; line && x < term.cols; x++) {
      line.getCell(x, cell);
      if (cell.getWidth() === 0) continue; // the second half of a wide character
      const style = styleOf(cell);
      cells.push({ ch: cell.getChars() || ' ', style });
    }
    // A blank in the plain style at the end of a row is the same as nothing there.
    while (cells.length && cells[cells.length - 1]!.ch === ' ' && cells[cells.length - 1]!.style === PLAIN) cells.pop();
    let out = '';
    let style = PLAIN;
    for (const c of cells) {
      if (c.style !== style) out += `{${c.style}}`;
      style = c.style;
      out += c.ch;
    }
    rows.push(out);
  }
  while (rows.length && rows[rows.length - 1] === '') rows.pop();
  return rows;
}
