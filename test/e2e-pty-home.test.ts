/**
 * `breakglass` with no arguments in a pseudo-terminal: the home screen, the
 * overview of a runbook, the hand-off to the run flow, and — after quitting
 * that run — the unfinished run offered first and resumed from home.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping home-screen PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

describe.skipIf(!pty)('home screen in a pseudo-terminal', () => {
  it('lists runbooks, opens an overview, runs one, and offers the unfinished run first for resume', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-home-'));
    const env = {
      BREAKGLASS_STATE_DIR: stateDir,
      BREAKGLASS_RUNBOOKS_DIR: join(process.cwd(), 'test', 'fixtures', 'tui'),
    };
    const home = new PtyScreen(pty!, [BIN], { cols: 100, rows: 30, env });
    screens.push(home);
    let screen = await home.waitFor('Runbooks:', 30_000);
    expect(screen).toContain('PRACTICE');
    expect(screen).toMatch(/Quarterly break-glass validation.*DUE — never done live/);
    expect(screen).toContain('TUI walkthrough (test fixture) (yours)');

    // Select our runbook (rows are sorted; walk down until it is highlighted).
    for (let i = 0; i < 20 && !/▸ TUI walkthrough/.test(home.screen()); i++) {
      await home.type('\x1b[B');
      await home.settle();
    }
    await home.type('\r');
    screen = await home.waitFor('Enter start · Esc back');
    expect(screen).toContain('Steps (6) — none changes the tenant');
    expect(screen).toContain('Sign-off at the end: operator');
    await home.type('\r');

    // The run flow takes over (same process): no second overview, straight to the inputs.
    screen = await home.waitFor('Operator UPN');
    await home.typeText('op@contoso.onmicrosoft.com');
    await home.type('\r');
    await home.waitFor('Done? [Y/n]');
    await home.type('q');
    await home.waitFor('Quit now?');
    await home.type('y');
    expect(await home.exited).toBe(75);

    // Home again: the unfinished run is offered first.
    const again = new PtyScreen(pty!, [BIN], { cols: 100, rows: 30, env });
    screens.push(again);
    screen = await again.waitFor('Runbooks:', 30_000);
    const lines = screen.split('\n');
    const resumeLine = lines.findIndex((l) => l.includes('↻ RESUME TUI walkthrough'));
    expect(resumeLine).toBeGreaterThan(0);
    expect(resumeLine).toBeLessThan(lines.findIndex((l) => l.includes('Runbooks:')));
    expect(lines[resumeLine]).toContain('▸'); // selected first
    await again.type('\r');
    screen = await again.waitFor('Done? [Y/n]');
    expect(again.scrollback()).toContain('↻ Resumed TUI walkthrough');
    await again.type('q');
    await again.waitFor('Quit now?');
    await again.type('y');
    expect(await again.exited).toBe(75);
  }, 120_000);
});
