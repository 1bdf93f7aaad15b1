/**
 * A first frame drawn before Ink has loaded, and handed over to Ink.
 *
 * Most of the time before Ink's first frame is Ink itself: React, its reconciler and Yoga load and
 * start. A screen whose first frame is known before then (the home screen's list, `run`'s
 * overview) draws it at once from the same styled lines Ink will draw (components/paint-lines.ts),
 * and Ink draws over it when it is up. Keys pressed in between wait in the terminal (raw mode, so
 * nothing is echoed over the frame) and are read by Ink when it is; a person cannot press one
 * sooner than Ink is there to read it.
 *
 * The hand-over: Ink's first frame is written where a program's output starts, below whatever is
 * on the screen, as if nothing had been drawn. Its first write of text is therefore moved to the
 * top of the early frame, each row cleared as it is drawn and whatever is left below cleared
 * after, so the screen holds Ink's frame, and no trace of the early one, whatever Ink drew.
 */

/** Synchronized output (the terminal shows the frame whole); Ink brackets its frames the same way. */
const BEGIN = '\x1b[?2026h';
const END = '\x1b[?2026l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const ERASE_LINE = '\x1b[2K';
const ERASE_DOWN = '\x1b[J';

/** Text a person would see: anything left once escape sequences and line ends are taken out. */
function hasText(chunk: string): boolean {
  return /[^\s]/.test(chunk.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-Z\\-_]/g, ''));
}

/** Ink's first frame written over the early one, `rows` rows above the cursor. */
export function overEarlyFrame(chunk: string, rows: number): string {
  return `\x1b[${rows}A\x1b[G${ERASE_LINE}${chunk.replace(/\n/g, `\n${ERASE_LINE}`)}${ERASE_DOWN}`;
}

/**
 * Draws `rows` (painted lines) on `stdout` now, and moves the first text written to it afterwards
 * (Ink's first frame) over them. Draws nothing, and returns false, where Ink would draw its frame
 * differently: not a terminal, or a frame as tall as the screen (Ink clears the screen for one).
 */
export function drawEarlyFrame(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream, rows: string[]): boolean {
  if (!stdout.isTTY || !stdout.rows || rows.length === 0 || rows.length >= stdout.rows) return false;
  // Keys pressed from now on are read by Ink as typed, not echoed over the frame or made into lines.
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(true);
  // Ink shows the cursor again when it leaves; if it never comes up (a broken install), this does.
  const showCursor = () => stdout.write(SHOW_CURSOR);
  process.once('exit', showCursor);
  stdout.write(`${BEGIN}${HIDE_CURSOR}${rows.join('\n')}\n${END}`);

  const own = Object.prototype.hasOwnProperty.call(stdout, 'write');
  const write = stdout.write;
  const handOver = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string' && hasText(chunk)) {
      if (own) stdout.write = write;
      else delete (stdout as { write?: unknown }).write;
      process.off('exit', showCursor);
      chunk = overEarlyFrame(chunk, rows.length);
    }
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  stdout.write = handOver;
  return true;
}
