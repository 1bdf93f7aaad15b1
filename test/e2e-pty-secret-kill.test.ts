/**
 * SIGKILL while a secret is on the alternate screen leaves the terminal
 * showing it (nothing runs to wipe it). The next start of breakglass, whatever
 * the command, wipes the screen before anything else and says why, because
 * a marker in the state folder said a secret was up.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';
import { secretMarkerPath } from '../src/state/secret-marker.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping the SIGKILL secret test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const FIXTURE = join('test', 'fixtures', 'tui', 'tui-walkthrough.md');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

describe.skipIf(!pty)('a secret left on screen by a killed run', () => {
  it('is wiped by the next start, before anything else, with the reason', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-kill-'));
    const s = new PtyScreen(pty!, [BIN, 'run', FIXTURE, '--tenant', 'practice', '--state-dir', stateDir]);
    screens.push(s);
    await s.waitFor('Enter start');
    await s.type('\r');
    await s.waitFor('Operator UPN');
    await s.typeText('op@contoso.onmicrosoft.com');
    await s.type('\r');
    await s.waitFor('Done? [Y/n]');
    await s.type('y');
    await s.waitFor('Label written on the key');
    await s.typeText('KEY-7');
    await s.type('\r');
    await s.waitFor((sc) => sc.includes('Press Enter to continue.'));
    await s.type('\r');
    const screen = await s.waitFor((sc) => s.alternate && sc.includes('envelope 1 of 2') && sc.includes('║'));
    const half = screen
      .split('\n')
      .filter((l) => l.startsWith('║'))[0]!
      .replace(/[║]/g, '')
      .trim();
    expect(half.length).toBeGreaterThan(8);
    expect(existsSync(secretMarkerPath(stateDir))).toBe(true);

    s.proc.kill('SIGKILL');
    await s.exited;
    await s.settle();
    // Nothing wiped it: the terminal still shows the half.
    expect(s.alternate).toBe(true);
    expect(s.screen()).toContain(half);

    // The next start (any command) in the same terminal.
    const next = new PtyScreen(pty!, [BIN, 'list', '--state-dir', stateDir]);
    screens.push(next);
    expect(await next.exited).toBe(0);
    await next.settle();
    expect(next.raw.startsWith('\x1b[?1049h\x1b[2J\x1b[H\x1b[?1049l')).toBe(true);
    expect(next.raw).toContain('breakglass cleared the screen: the last run was stopped while a secret was on it');
    expect(existsSync(secretMarkerPath(stateDir))).toBe(false);
    // Replayed into the terminal the killed run left behind: back on the main screen, the half gone.
    s.term.write(next.raw);
    await new Promise<void>((r) => s.term.write('', r));
    expect(s.alternate).toBe(false);
    expect(s.screen()).not.toContain(half);

    // Once wiped, later starts say nothing.
    const again = new PtyScreen(pty!, [BIN, 'list', '--state-dir', stateDir]);
    screens.push(again);
    await again.exited;
    expect(again.raw).not.toContain('breakglass cleared the screen');
  }, 90_000);
});
