/**
 * A pseudo-terminal with a headless xterm reading the screen the way a person
 * sees it: the visible rows, the scrollback of the normal buffer, and which
 * buffer (normal / alternate) is showing. Used by the PTY end-to-end tests and
 * the start-up benchmark.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IPty } from '@lydell/node-pty';

const require = createRequire(import.meta.url);

export interface PtyLoad {
  pty?: typeof import('@lydell/node-pty');
  error?: string;
}

/** node-pty is native: when its binding does not load (another Node major), tests skip with this message. */
export function loadPty(): PtyLoad {
  try {
    const pty = require('@lydell/node-pty') as typeof import('@lydell/node-pty');
    // Spawning proves the native binding works, not just that the JS loaded.
    const p = pty.spawn(process.execPath, ['-e', '0'], { cols: 20, rows: 5 });
    p.kill();
    return { pty };
  } catch (e) {
    return { error: `node-pty native binding unavailable under Node ${process.version}: ${(e as Error).message}` };
  }
}

type XTerm = import('@xterm/headless').Terminal;

export class PtyScreen {
  readonly term: XTerm;
  readonly proc: IPty;
  raw = '';
  private pending: Promise<void> = Promise.resolve();
  readonly exited: Promise<number>;

  constructor(
    pty: typeof import('@lydell/node-pty'),
    args: string[],
    opts: { cols?: number; rows?: number; env?: Record<string, string>; cwd?: string } = {},
  ) {
    const { Terminal } = require('@xterm/headless') as typeof import('@xterm/headless');
    const cols = opts.cols ?? 80;
    const rows = opts.rows ?? 24;
    this.term = new Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
    this.proc = pty.spawn(process.execPath, args, {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: opts.cwd ?? process.cwd(),
      // The practice sign-in screen's countdown is 0 unless a test is about it.
      env: {
        ...(process.env as Record<string, string>),
        TERM: 'xterm-256color',
        BREAKGLASS_PRACTICE_APPROVE_AFTER: '0',
        // The keys folder and data folder of whoever runs the tests are not the program's: a keys
        // folder with keys in it would turn the sign-off's key-file field into a list.
        XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'bg-pty-config-')),
        XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'bg-pty-data-')),
        ...opts.env,
      },
    });
    this.proc.onData((d) => {
      this.raw += d;
      this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(d, r)));
    });
    this.exited = new Promise((r) => this.proc.onExit((e) => r(e.exitCode)));
  }

  /** Let xterm finish parsing what has arrived. */
  async settle(): Promise<void> {
    await this.pending;
  }

  /** The visible screen, one string per row (trailing blanks trimmed). */
  screen(): string {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++) out.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return out.join('\n');
  }

  /**
   * Every line of the NORMAL buffer, scrollback included: what a person could
   * scroll back to. Rows the terminal soft-wrapped are joined back into one
   * line (as a copy would), rows Ink hard-wrapped stay separate.
   */
  scrollback(): string {
    const b = this.term.buffer.normal;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(true) ?? '';
      if (line?.isWrapped && out.length) out[out.length - 1] += text;
      else out.push(text);
    }
    return out.join('\n');
  }

  get alternate(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  async waitFor(pred: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const test =
      typeof pred === 'string'
        ? (s: string) => s.includes(pred)
        : pred instanceof RegExp
          ? (s: string) => pred.test(s)
          : pred;
    const end = Date.now() + timeoutMs;
    for (;;) {
      await this.settle();
      const s = this.screen();
      if (test(s)) {
        // Input handlers attach just after a frame paints.
        await new Promise((r) => setTimeout(r, 60));
        return s;
      }
      if (Date.now() > end)
        throw new Error(
          `timed out waiting for ${String(pred)}; screen:\n${s}\n--- raw tail ---\n${JSON.stringify(this.raw.slice(-1500))}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Type keys one at a time, like a person. */
  async type(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.proc.write(k);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  async typeText(text: string): Promise<void> {
    await this.type(...text.split(''));
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.proc.resize(cols, rows);
  }

  kill(): void {
    try {
      this.proc.kill();
    } catch {
      /* already gone */
    }
  }
}
