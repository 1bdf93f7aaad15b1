/**
 * The home screen lists runbooks from the front-matter index in the state
 * folder, not by validating each one: a runbook whose body is broken is
 * listed, and opening it gives its first error at file:line:col. The next
 * start lists an unchanged runbook from the cache and re-reads an edited one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping home-index PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

const broken = (title: string) =>
  `---\nid: broken-drill\ntitle: ${title}\nversion: 1.0.0\nsummary: Its step kind does not exist.\n---\n\n## Do the impossible\n\n\`\`\`step\nkind: teleport\n\`\`\`\n`;

describe.skipIf(!pty)('home screen and the runbook index', () => {
  it('lists from the index, opens a broken runbook at file:line:col, and re-reads an edited one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bg-e2e-home-index-'));
    const stateDir = join(root, 'state');
    const runbooks = join(root, 'runbooks');
    mkdirSync(runbooks);
    const walkthrough = join(runbooks, 'tui-walkthrough.md');
    copyFileSync(join('test', 'fixtures', 'tui', 'tui-walkthrough.md'), walkthrough);
    const brokenFile = join(runbooks, 'broken.md');
    writeFileSync(brokenFile, broken('Broken drill'));
    const env = { BREAKGLASS_STATE_DIR: stateDir, BREAKGLASS_RUNBOOKS_DIR: runbooks };

    const home = new PtyScreen(pty!, [BIN], { cols: 120, rows: 30, env });
    screens.push(home);
    let screen = await home.waitFor('Runbooks:', 30_000);
    expect(screen).toContain('TUI walkthrough (test fixture) (yours)');
    // Listed from its front matter; its body is checked when it is opened.
    expect(screen).toMatch(/Broken drill \(yours\) · (?!INVALID)/);
    // Down one row at a time, each time waiting for the selection to move (so it cannot overshoot).
    const selected = (s: string) => s.split('\n').find((l) => l.startsWith('▸')) ?? '';
    for (let i = 0; i < 20 && !selected(home.screen()).startsWith('▸ Broken drill'); i++) {
      const before = selected(home.screen());
      await home.type('\x1b[B');
      await home.waitFor((s) => selected(s) !== before, 5_000);
    }
    await home.type('\r');
    screen = await home.waitFor('cannot be opened');
    expect(screen.replace(/\n/g, '')).toContain(`${brokenFile}:11:1: error:`);
    expect(screen).not.toContain('Enter start');
    await home.type('q');
    expect(await home.exited).toBe(0);

    // The cache lists an unchanged runbook as it was indexed (a planted title shows it was used) …
    const indexFile = join(stateDir, 'runbook-index.json');
    const cache = JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, { title: string }> };
    cache.entries[walkthrough]!.title = 'Walkthrough as cached';
    writeFileSync(indexFile, JSON.stringify(cache), { mode: 0o600 });
    // … and an edited runbook is read again.
    writeFileSync(brokenFile, broken('Broken drill, renamed'));

    const again = new PtyScreen(pty!, [BIN], { cols: 120, rows: 30, env });
    screens.push(again);
    screen = await again.waitFor('Runbooks:', 30_000);
    expect(screen).toContain('Walkthrough as cached (yours)');
    expect(screen).toContain('Broken drill, renamed (yours)');
    await again.type('q');
    expect(await again.exited).toBe(0);
  }, 120_000);
});
