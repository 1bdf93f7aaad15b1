/**
 * The secret screen in a small terminal: the title — which names the account
 * the secret belongs to — stays on screen, and the QR code is left out (saying
 * so, with the link as text) when the terminal is too short for it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping the secret-fit PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const FIXTURE = join('test', 'fixtures', 'tui-fit', 'tui-secret-fit.md');
const ACCOUNT = 'breakglass-emergency-admin-01@contoso-holdings.onmicrosoft.com';
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

describe.skipIf(!pty)('the secret screen at small sizes', () => {
  it.each([
    [80, 24],
    [60, 15],
  ])(
    'at %ix%i keeps the title and the account on screen and drops the QR code',
    async (cols, rows) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-fit-'));
      const s = new PtyScreen(pty!, [BIN, 'run', FIXTURE, '--tenant', 'practice', '--state-dir', stateDir], {
        cols,
        rows,
      });
      screens.push(s);
      await s.waitFor('Enter start');
      await s.type('\r');
      // The first secret (no link), then the one with the link.
      await s.waitFor((sc) => s.alternate && sc.includes('Press Enter'));
      await s.type('\r');
      const screen = await s.waitFor((sc) => s.alternate && sc.includes('Temporary Access Pass'));
      await s.settle();
      const shown = s.screen();
      const lines = shown.split('\n');
      // The title is the top line, and the account is readable (joined across a wrap, if any).
      expect(lines[0]).toMatch(/^🔒 Temporary Access Pass for/);
      expect(shown.replace(/\n\s*/g, '')).toContain(ACCOUNT);
      // The QR code was left out and said so; the link is there as text.
      expect(shown).not.toMatch(/[▀▄]{3}/);
      expect(shown).toContain('QR code left out: the terminal is too short');
      expect(shown).toContain('https://aka.ms/mysecurityinfo');
      expect(shown).toContain('Press Enter when it is recorded');
      // Nothing scrolled: the alternate screen has no scrollback, so the top line is the page's first.
      expect(s.term.buffer.active.baseY).toBe(0);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
      expect(screen).toBeTruthy();
      await s.type('\r');
      await s.waitFor((sc) => !s.alternate && /completed|Run completed|Signed|report/i.test(sc), 30_000);
    },
    90_000,
  );
});
