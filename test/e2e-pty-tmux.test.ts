/**
 * The TUI inside tmux (its own server on a private socket): the frames render,
 * keys work, and a secret shown on tmux's alternate screen never reaches the
 * pane's history (what `tmux capture-pane -S -` or copy mode would reveal).
 * Skipped when tmux is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('skipping tmux test: tmux is not installed');

const socket = `bg-tui-test-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const pane = (history = false) => tmux('capture-pane', '-p', '-t', 'bg', ...(history ? ['-S', '-', '-E', '-'] : []));

async function waitFor(text: string | RegExp, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = pane();
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) {
      await new Promise((r) => setTimeout(r, 100));
      return s;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(text)} in tmux; pane:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const keys = async (...k: string[]) => {
  for (const x of k) {
    tmux('send-keys', '-t', 'bg', x);
    await new Promise((r) => setTimeout(r, 60));
  }
};

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
});

describe.skipIf(!hasTmux)('TUI inside tmux', () => {
  it('renders, takes keys, and keeps secrets out of the pane history', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-tmux-'));
    const cmd = [
      process.execPath,
      join(process.cwd(), 'bin', 'breakglass.js'),
      'run',
      'test/fixtures/tui/tui-walkthrough.md',
      '--state-dir',
      stateDir,
      '--input',
      'owner=op@contoso.onmicrosoft.com',
    ]
      .map((a) => `'${a}'`)
      .join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      'bg',
      '-x',
      '80',
      '-y',
      '24',
      '-c',
      process.cwd(),
      `TERM=tmux-256color ${cmd}; echo EXIT=$?; sleep 30`,
    );
    await waitFor('Enter start');
    await keys('Enter');
    let s = await waitFor('Done? [Y/n]');
    expect(s).toContain('PRACTICE');
    await keys('y');
    await waitFor('Label written on the key');
    await keys('K', 'E', 'Y', '-', '7', 'Enter');
    await waitFor('Register the key here');
    await keys('Enter');
    const halves: string[] = [];
    for (const n of [1, 2]) {
      // The alternate screen: the boxed secret under "For: custodian n".
      s = await waitFor(new RegExp(`For: custodian ${n}[\\s\\S]*║`));
      halves.push(
        s
          .split('\n')
          .find((l) => l.startsWith('║'))!
          .replace(/║/g, '')
          .trim(),
      );
      await keys('Enter');
    }
    await waitFor('both halves are sealed');
    const history = pane(true);
    for (const h of halves) {
      expect(h.length).toBeGreaterThan(8);
      expect(history).not.toContain(h);
    }
    await keys('q');
    await waitFor('Quit now?');
    await keys('y');
    s = await waitFor('EXIT=75');
    expect(pane(true)).toMatch(/breakglass resume \S+/);
  }, 90_000);
});
