/**
 * A terminal for Ink apps that render to streams they are handed (the home screen, the Ink front end):
 * a TTY stdin that keys can be typed into, and an 80×24 TTY stdout that keeps everything written to it
 * and feeds it to a headless xterm, so a test reads the screen as a person sees it (cursor moves, erased
 * lines and wrapping applied). The streams are shaped like ink-testing-library's, which only serves its
 * own `render()`; the PTY tests (test/tui-pty.ts) read the real program's screen the same way.
 */
import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { afterEach } from 'vitest';
import { styledRows } from './harness/xterm-cells.js';

const require = createRequire(import.meta.url);

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read(): string | null {
    const { data } = this;
    this.data = null;
    return data;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export class FakeStdout extends EventEmitter {
  isTTY = true;
  // The size the product is designed for.
  columns = 80;
  rows = 24;
  writable = true;
  destroyed = false;
  writableEnded = false;
  writableLength = 0;
  /** Everything written, escape sequences included. */
  out = '';
  private readonly term: import('@xterm/headless').Terminal;
  /** Settles when xterm has parsed the last write (it parses in order). */
  private parsed: Promise<void> = Promise.resolve();

  constructor(size: { columns: number; rows: number } = { columns: 80, rows: 24 }) {
    super();
    this.columns = size.columns;
    this.rows = size.rows;
    const { Terminal } = require('@xterm/headless') as typeof import('@xterm/headless');
    // convertEol: a terminal's line discipline turns \n into \r\n (onlcr); Ink relies on it.
    this.term = new Terminal({
      cols: this.columns,
      rows: this.rows,
      allowProposedApi: true,
      convertEol: true,
      scrollback: 1000,
    });
  }

  write(s: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean {
    const text = typeof s === 'string' ? s : Buffer.from(s).toString();
    this.out += text;
    this.parsed = new Promise((r) => this.term.write(text, r));
    // Like a real stream, the callback comes later, never during write() (Ink's unmount counts on it).
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  }

  /** The visible rows, trailing blanks trimmed, once xterm has parsed what arrived so far. */
  screen = (): string => {
    const b = this.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < this.term.rows; i++) rows.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return rows.join('\n').trimEnd();
  };

  /** Whether the alternate screen (where secrets are shown) is the one in view. */
  get alternate(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /**
   * Every line of the NORMAL buffer, scrollback included: what a person could scroll back to. Rows the
   * terminal soft-wrapped are joined back into one line (as a copy would); rows the program broke stay apart.
   */
  scrollback(): string {
    const b = this.term.buffer.normal;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(true) ?? '';
      if (line?.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.join('\n').trimEnd();
  }

  /** The visible rows with their styles (harness/xterm-cells.ts), once xterm has parsed what arrived. */
  async styled(): Promise<string[]> {
    await this.parsed;
    return styledRows(this.term);
  }

  /** The visible rows after xterm has parsed everything written so far. */
  async settled(): Promise<string> {
    await this.parsed;
    return this.screen();
  }

  dispose(): void {
    this.term.dispose();
  }
}

export function fakeTerminal(size?: { columns: number; rows: number }): {
  stdin: FakeStdin;
  stdout: FakeStdout;
  streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream };
} {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(size);
  return {
    stdin,
    stdout,
    streams: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream },
  };
}

/**
 * For a test file: makes fake terminals (80×24 unless a size is given), each disposed after the
 * test that made it.
 */
export function fakeTerminals(): (size?: { columns: number; rows: number }) => ReturnType<typeof fakeTerminal> {
  const made: ReturnType<typeof fakeTerminal>[] = [];
  afterEach(() => {
    for (const t of made.splice(0)) t.stdout.dispose();
  });
  return (size) => {
    const t = fakeTerminal(size);
    made.push(t);
    return t;
  };
}

/**
 * These apps render with Ink's patchConsole on (console output goes above the frame, not through it),
 * which builds `new console.Console(...)`. Node's global console has that constructor; the console
 * vitest puts in its place does not. Lend it Node's for the tests; returns the undo.
 */
export function lendConsoleConstructor(): () => void {
  const c = console as { Console?: typeof Console };
  if (c.Console) return () => {};
  c.Console = Console;
  return () => {
    delete c.Console;
  };
}
