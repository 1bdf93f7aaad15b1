/**
 * Secrets on the alternate screen buffer. The main buffer becomes scrollback
 * (and tmux/terminal logs); the alternate buffer does not. While a secret is
 * up, Ink's writes are held back by a gate and replayed after we return to the
 * main buffer, so Ink's idea of the screen stays true and nothing it draws
 * lands on the secret screen (or vice versa).
 */
import { EventEmitter } from 'node:events';
import type { SecretDisplay } from '../core/events.js';

export const ENTER_ALT = '\x1b[?1049h';
export const LEAVE_ALT = '\x1b[?1049l';
/** Clear the visible screen and home the cursor. Deliberately NOT \x1b[3J: on xterm that erases the MAIN buffer's scrollback. */
export const CLEAR = '\x1b[2J\x1b[H';

/**
 * Stands in for stdout for Ink: forwards writes, size and resize, except
 * while closed, when writes queue up.
 */
export class GatedOutput extends EventEmitter {
  private queue: string[] = [];
  private open = true;
  private readonly onResize = () => this.emit('resize');

  constructor(private readonly real: NodeJS.WriteStream) {
    super();
    real.on('resize', this.onResize);
  }

  get columns(): number {
    return this.real.columns;
  }
  get rows(): number {
    return this.real.rows;
  }
  get isTTY(): boolean {
    return Boolean(this.real.isTTY);
  }
  get writable(): boolean {
    return this.real.writable;
  }
  get destroyed(): boolean {
    return this.real.destroyed;
  }
  get writableEnded(): boolean {
    return this.real.writableEnded;
  }
  get writableLength(): number {
    return this.real.writableLength;
  }

  write = (chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown): boolean => {
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : typeof cb === 'function' ? cb : undefined;
    if (this.open) return this.real.write(chunk, done as (() => void) | undefined);
    this.queue.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    if (done) (done as () => void)();
    return true;
  };

  close(): void {
    this.open = false;
  }

  reopen(): void {
    this.open = true;
    const q = this.queue.join('');
    this.queue = [];
    if (q) this.real.write(q);
  }

  get isOpen(): boolean {
    return this.open;
  }

  dispose(): void {
    this.reopen();
    this.real.off('resize', this.onResize);
  }
}

/**
 * Draws a secret on the alternate screen of `real`, with `render(secret,
 * columns, rows)` producing the text. Redraws on resize; hide() wipes and leaves.
 */
export class AltScreenSecret {
  private current: SecretDisplay | undefined;
  private readonly onResize = () => {
    if (this.current) this.draw();
  };

  constructor(
    private readonly real: NodeJS.WriteStream,
    private readonly gate: GatedOutput,
    private readonly render: (secret: SecretDisplay, columns: number, rows: number) => string,
    /** Exists while a secret is up, so a start after a kill wipes the screen (state/secret-marker.ts). */
    private readonly marker?: { set(screen: 'alternate'): void; clear(): void },
  ) {}

  show(secret: SecretDisplay): void {
    if (!this.current) {
      this.marker?.set('alternate');
      this.gate.close();
      this.real.write(ENTER_ALT);
      this.real.on('resize', this.onResize);
    }
    this.current = secret;
    this.draw();
  }

  private draw(): void {
    if (!this.current) return;
    const text = this.render(this.current, this.real.columns || 80, this.real.rows || 24);
    this.real.write(CLEAR + text.replace(/\r?\n/g, '\r\n') + '\r\n');
  }

  hide(): void {
    if (!this.current) return;
    this.current = undefined;
    this.real.off('resize', this.onResize);
    this.real.write(CLEAR + LEAVE_ALT);
    this.marker?.clear();
    this.gate.reopen();
  }

  get showing(): boolean {
    return this.current !== undefined;
  }
}
