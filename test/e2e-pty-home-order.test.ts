/**
 * The home screen orders runbooks by what this tenant needs next: on a
 * practice scenario with no break-glass set-up the set-up runbooks lead (and
 * the screen says why); on one that has a set-up, the drills do. Titles fit
 * the terminal: cut at a word, with an ellipsis, and the due words stay whole.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';
import { indexRunbooks } from '../src/runbook/library.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping the home-order PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

function home(cols: number, rows: number, ...args: string[]): PtyScreen {
  const env = {
    BREAKGLASS_STATE_DIR: mkdtempSync(join(tmpdir(), 'bg-e2e-order-')),
    // No user runbooks: the shipped library only.
    BREAKGLASS_RUNBOOKS_DIR: mkdtempSync(join(tmpdir(), 'bg-e2e-order-rb-')),
  };
  const s = new PtyScreen(pty!, [BIN, ...args], { cols, rows, env });
  screens.push(s);
  return s;
}

/** The runbook rows (after "Runbooks:"), selection marker taken off. */
function runbookRows(screen: string): string[] {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Runbooks:'));
  return lines
    .slice(at + 1)
    .filter((l) => /^(▸| ) /.test(l) && / · /.test(l))
    .map((l) => l.slice(2));
}

describe.skipIf(!pty)('home screen order and fit', () => {
  it.each([
    [80, 24],
    [60, 15],
  ])(
    'at %ix%i on a tenant with no set-up: set-up runbooks first, titles cut at a word',
    async (cols, rows) => {
      const shipped = (await indexRunbooks()).filter((e) => e.source === 'shipped');
      const titles = new Map(shipped.map((e) => [e.title, e]));
      const s = home(cols, rows, '--scenario', 'conditional-access-new');
      const screen = await s.waitFor('Runbooks:', 30_000);
      expect(screen).toContain('No break-glass set-up found for this tenant');
      const listed = runbookRows(screen);
      expect(listed.length).toBeGreaterThan(1);
      // Which runbook each row is: the title shown is the whole title, or a word-boundary prefix of it plus "…".
      const which = listed.map((row) => {
        const shown = row.split(' · ')[0]!;
        const match = [...titles.keys()].find((t) =>
          shown.endsWith('…')
            ? t.startsWith(shown.slice(0, -1)) && /[\s,:;—-]/.test(t[shown.length - 1] ?? ' ')
            : t === shown,
        );
        expect(match, `row "${row}" is not a whole title or a title cut at a word`).toBeDefined();
        expect([...row].length).toBeLessThanOrEqual(cols - 2);
        return titles.get(match!)!;
      });
      const setups = which.filter((e) => e.purpose === 'setup').length;
      expect(setups).toBeGreaterThan(0);
      // Every set-up runbook on screen comes before every other one, and says why.
      expect(which.slice(0, setups).every((e) => e.purpose === 'setup')).toBe(true);
      for (const row of listed.slice(0, setups)) expect(row).toContain('START HERE — not set up yet');
    },
    60_000,
  );

  it('on a tenant that has a set-up, drills come first and set-up is on demand', async () => {
    const s = home(80, 24, '--scenario', 'healthy');
    const screen = await s.waitFor('Runbooks:', 30_000);
    expect(screen).not.toContain('No break-glass set-up found');
    const rows = runbookRows(screen);
    expect(rows[0]).toMatch(/DUE — never done live|OVERDUE/);
    expect(screen).not.toContain('START HERE');
  }, 60_000);
});
