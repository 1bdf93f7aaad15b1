import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AltScreenSecret, CLEAR, ENTER_ALT, GatedOutput, LEAVE_ALT } from './alt-screen.js';

class FakeTty extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  writable = true;
  destroyed = false;
  writableEnded = false;
  writableLength = 0;
  out = '';
  write(s: string | Uint8Array) {
    this.out += typeof s === 'string' ? s : Buffer.from(s).toString();
    return true;
  }
}

function setup() {
  const tty = new FakeTty();
  const real = tty as unknown as NodeJS.WriteStream;
  const gate = new GatedOutput(real);
  const alt = new AltScreenSecret(real, gate, (s, cols) => `[${cols}] ${s.lines.join('\n')}`);
  return { tty, gate, alt };
}

const secret = { title: 'TAP', lines: ['TAP: s3cr3t-tap'], fingerprint: 'tap:abc' };

describe('secret on the alternate screen', () => {
  it('writes the secret only between enter-alt and clear+leave-alt', () => {
    const { tty, alt } = setup();
    tty.write('main frame\n');
    alt.show(secret);
    alt.hide();
    const enter = tty.out.indexOf(ENTER_ALT);
    const at = tty.out.indexOf('s3cr3t-tap');
    const leave = tty.out.indexOf(CLEAR + LEAVE_ALT);
    expect(enter).toBeGreaterThan(0);
    expect(at).toBeGreaterThan(enter);
    expect(leave).toBeGreaterThan(at);
    expect(tty.out.lastIndexOf('s3cr3t-tap')).toBe(at);
    // never erase the main buffer's scrollback from the alternate screen
    expect(tty.out).not.toContain('\x1b[3J');
  });

  it('holds Ink frames while the secret is up and replays them on the main screen afterwards', () => {
    const { tty, gate, alt } = setup();
    gate.write('frame-1');
    alt.show(secret);
    gate.write('frame-2 (clock tick)');
    expect(tty.out).not.toContain('frame-2');
    alt.hide();
    expect(tty.out.indexOf('frame-2')).toBeGreaterThan(tty.out.indexOf(LEAVE_ALT));
  });

  it('redraws at the new width on resize, and forwards resize to Ink', () => {
    const { tty, gate, alt } = setup();
    let inkSawResize = 0;
    gate.on('resize', () => inkSawResize++);
    alt.show(secret);
    tty.columns = 60;
    tty.emit('resize');
    expect(tty.out).toContain('[60] TAP: s3cr3t-tap');
    expect(inkSawResize).toBe(1);
    alt.hide();
    tty.emit('resize');
    expect(tty.out.match(/\[60\]/g)?.length).toBe(1); // no redraw after hide
  });

  it('hide without show is harmless', () => {
    const { tty, alt } = setup();
    alt.hide();
    expect(tty.out).toBe('');
  });
});
