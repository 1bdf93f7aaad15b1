/**
 * First frames drawn before Ink has loaded (src/screens/early-frame.ts), in a pseudo-terminal:
 * the frame goes up before React, Ink or Yoga load; Ink, when it is up, draws over it the very
 * same screen, cell for cell and style for style; and a key pressed the moment the frame
 * appeared is neither echoed nor lost. Needs `npm run build` first (npm test does it).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';
import { bundledInputs, moduleLogUntilFrame } from './harness/module-log.js';
import { styledRows } from './harness/xterm-cells.js';

const require = createRequire(import.meta.url);
const { pty, error } = loadPty();
if (error) console.warn(`skipping early-frame PTY tests: ${error}`);

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'breakglass.js');
const COLS = 80;
const ROWS = 24;

const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

function start(args: string[], env: Record<string, string> = {}, node: string[] = []): PtyScreen {
  // Colour on whatever the environment says (CI, which a test run sets, turns chalk's off): the
  // comparisons below are of styles as much as of text.
  const s = new PtyScreen(pty!, [...node, BIN, ...args], {
    cols: COLS,
    rows: ROWS,
    env: { NODE_OPTIONS: '', FORCE_COLOR: '1', ...env },
  });
  screens.push(s);
  return s;
}

const plainText = (raw: string): string => raw.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');

/** The screen a terminal shows after `bytes`: with its styles, and as text. */
async function screenAfter(bytes: string): Promise<{ styled: string[]; text: string[] }> {
  const { Terminal } = require('@xterm/headless') as typeof import('@xterm/headless');
  const term = new Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  await new Promise<void>((r) => term.write(bytes, r));
  const b = term.buffer.active;
  const text = Array.from({ length: ROWS }, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
  const styled = styledRows(term);
  term.dispose();
  return { styled, text };
}

/** Ink's first write over the early frame: up to the top of it, each row cleared as it is drawn, then the rest cleared. */
const HAND_OVER = /\x1b\[\d+A\x1b\[G\x1b\[2K/;

/** What the process loaded before its first frame, as source files and packages (dist/meta.json). */
function loadedBeforeFrame(log: string): string[] {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const frame = lines.indexOf('FRAME');
  expect(frame, 'the preload saw the frame written').toBeGreaterThan(0);
  const inputs = bundledInputs(ROOT);
  const files = lines.slice(0, frame).flatMap((u) => (u.startsWith('file:') ? [fileURLToPath(u)] : []));
  return [...new Set(files.flatMap((f) => inputs.get(f) ?? []))];
}
const INK = /node_modules\/(ink|react|react-reconciler|yoga-layout|scheduler)\//;

/**
 * Starts `args`, presses `key` in the same tick as `marker` first arrives, and returns the raw
 * output up to then, once Ink has drawn over the early frame.
 */
async function pressAtFirstFrame(s: PtyScreen, marker: string, key: string): Promise<void> {
  await Promise.race([
    new Promise<void>((resolve) => {
      const sub = s.proc.onData(() => {
        if (!plainText(s.raw).includes(marker)) return;
        sub.dispose();
        s.proc.write(key);
        resolve();
      });
    }),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no ${marker}; output: ${JSON.stringify(s.raw.slice(-800))}`)), 30_000),
    ),
  ]);
}

/** The early frame alone (styled, and its text), and the styled screen once Ink's first frame is drawn over it. */
async function beforeAndAfterHandOver(raw: string): Promise<{ early: string[]; earlyText: string[]; ink: string[] }> {
  const at = raw.search(HAND_OVER);
  expect(at, 'Ink drew over an early frame').toBeGreaterThan(0);
  const end = raw.indexOf('\x1b[J', at) + '\x1b[J'.length;
  const early = await screenAfter(raw.slice(0, at));
  // The comparison is about styles too: there are some to compare.
  expect(early.styled.join('\n')).toMatch(/bold/);
  return { early: early.styled, earlyText: early.text, ink: (await screenAfter(raw.slice(0, end))).styled };
}

describe.skipIf(!pty)('first frames drawn before Ink', () => {
  it('home: the list is up before Ink loads; Ink draws the same screen over it; ↓ pressed at once moves the selection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-early-home-'));
    const state = ['--state-dir', join(dir, 'state')];
    // A first start fills the runbook index, as on any operator's machine.
    const first = start(state);
    await first.waitFor('q quit', 60_000);
    await first.type('q');
    expect(await first.exited).toBe(0);

    // The list is drawn early when the index is read within 0.1 s (home-first-frame.ts LIST_WAIT_MS).
    // A machine too busy for that draws the screen saying it is being read instead (held to Ink's in
    // home-first-frame.test.tsx): then this starts again, up to three times.
    let s!: PtyScreen;
    let log = '';
    let early: string[] = [];
    let earlyText: string[] = [];
    let ink: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      log = join(dir, `modules-${attempt}.log`);
      s = start(state, { BG_MODULE_LOG: log }, [
        '--import',
        `data:text/javascript,${encodeURIComponent(moduleLogUntilFrame('Runbooks:'))}`,
      ]);
      await pressAtFirstFrame(s, 'Runbooks:', '\x1b[B');
      await s.waitFor(() => HAND_OVER.test(s.raw), 30_000);
      ({ early, earlyText, ink } = await beforeAndAfterHandOver(s.raw));
      if (earlyText.includes('Runbooks:')) break;
      s.kill();
    }
    expect(earlyText).toContain('Runbooks:');
    expect(ink).toEqual(early);

    // The key, read by Ink once it was up: the selection is on the second runbook.
    const rows = earlyText;
    const selected = rows.findIndex((r) => r.startsWith('▸ '));
    const next = rows[selected + 1]!.slice(2).trim();
    await s.waitFor((screen) => screen.includes(`▸ ${next}`), 15_000);
    expect(s.raw).not.toContain('^[[B');

    const before = loadedBeforeFrame(log);
    expect(before.some((f) => f === 'src/screens/home-first-frame.ts')).toBe(true);
    expect(before.filter((f) => INK.test(f))).toEqual([]);
    await s.type('q');
    expect(await s.exited).toBe(0);
  }, 120_000);

  it('run: the overview is up before Ink loads; Ink draws the same screen over it; Enter pressed at once starts the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-early-run-'));
    const state = ['--state-dir', join(dir, 'state')];
    const log = join(dir, 'modules.log');
    const s = start(['run', 'emergency-sign-in', ...state], { BG_MODULE_LOG: log }, [
      '--import',
      `data:text/javascript,${encodeURIComponent(moduleLogUntilFrame('Enter start'))}`,
    ]);
    await pressAtFirstFrame(s, 'Enter start', '\r');
    await s.waitFor(() => HAND_OVER.test(s.raw), 30_000);
    const { early, earlyText, ink } = await beforeAndAfterHandOver(s.raw);
    expect(earlyText.join('\n')).toMatch(
      /PRACTICE[\s\S]*Emergency sign-in with a break-glass account[\s\S]*Enter start/,
    );
    expect(ink).toEqual(early);
    // Enter, read by the step runner once it was up: the run's inputs form.
    await s.waitFor('Enter on the last field submits', 60_000);

    const before = loadedBeforeFrame(log);
    expect(before.some((f) => f === 'src/screens/overview-first-frame.ts')).toBe(true);
    expect(before.filter((f) => INK.test(f))).toEqual([]);
  }, 120_000);
});
