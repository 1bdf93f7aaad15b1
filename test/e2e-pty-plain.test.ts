/**
 * The same runbook in --plain mode, answered line by line as the prompts
 * appear — through a pseudo-terminal (as a screen-reader user would) and
 * through plain pipes (no terminal at all).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping plain-mode PTY test: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const FIXTURE = join('test', 'fixtures', 'tui', 'tui-walkthrough.md');

const strip = (s: string) => s.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');

/** Prompt text → keys to send, in order. */
const SCRIPT: [string, string][] = [
  ['Start this runbook?', 'y\r'],
  ['Operator UPN', 'op@contoso.onmicrosoft.com\r'],
  ['Done?', 'y\r'],
  ['Label written on the key', 'KEY-7\r'],
  ['Press Enter to continue', '\r'],
  ['nobody else can see', '\r'],
  ['Press Enter to clear', '\r'],
  ['nobody else can see', '\r'],
  ['Press Enter to clear', '\r'],
  ['both halves are sealed', 'y\r'],
  ['Name of the operator', 'Ada Lovelace\r'],
  ['Signing key file', '\r'],
];

const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

describe.skipIf(!pty)('plain mode in a pseudo-terminal', () => {
  it('completes the runbook line by line; secrets are cleared with the scrollback', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-plain-'));
    const s = new PtyScreen(pty!, [BIN, 'run', FIXTURE, '--plain', '--tenant', 'practice', '--state-dir', stateDir], {
      cols: 100,
      rows: 30,
    });
    screens.push(s);
    let seen = 0;
    const secrets: string[] = [];
    for (const [prompt, keys] of SCRIPT) {
      const end = Date.now() + 20_000;
      for (;;) {
        await s.settle();
        const fresh = strip(s.raw.slice(seen));
        if (fresh.includes(prompt)) break;
        if (Date.now() > end) throw new Error(`never saw "${prompt}"; output since last answer:\n${fresh}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      if (prompt === 'Press Enter to clear') {
        const m = /SECRET: .*\n\s+(\S[^\n]*)\n/.exec(strip(s.raw.slice(seen)).replace(/\r/g, ''));
        expect(m, 'the secret was printed').toBeTruthy();
        secrets.push(m![1]!.trim());
      }
      seen = s.raw.length;
      await new Promise((r) => setTimeout(r, 50));
      s.proc.write(keys);
    }
    const code = await s.exited;
    await s.settle();
    const out = strip(s.raw);
    expect(out).toContain('Tenant: PRACTICE tenant healthy.');
    expect(out).toContain('Step 1 of 6: Get ready');
    expect(out).toContain('cannot guarantee');
    expect(out).toContain('Run completed.');
    expect(out).toMatch(/Verify it with: breakglass verify \S+/);
    expect(code).toBe(0);
    // Plain mode has no alternate screen: it clears screen AND scrollback after each secret.
    expect(secrets).toHaveLength(2);
    const history = s.scrollback();
    for (const x of secrets) expect(history).not.toContain(x);
    // No boxes, no full-screen redraws: never the alternate screen.
    expect(s.raw).not.toContain('\x1b[?1049h');
  }, 90_000);
});

describe.skipIf(!pty)('plain home in a pseudo-terminal', () => {
  it('lists runbooks line by line with due state in words, and quits', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-plainhome-'));
    const s = new PtyScreen(pty!, [BIN, '--plain'], { cols: 120, rows: 40, env: { BREAKGLASS_STATE_DIR: stateDir } });
    screens.push(s);
    const screen = await s.waitFor('What do you want to do?', 30_000);
    expect(screen).toContain('Tenant: PRACTICE tenant healthy.');
    expect(screen).toMatch(/Quarterly break-glass validation: DUE — never done live; never run/);
    await s.type('\x1b[A'); // up from the first choice wraps to the last: Quit
    await s.waitFor(/❯ Quit/);
    await s.type('\r');
    expect(await s.exited).toBe(0);
  }, 60_000);
});

describe('plain mode over pipes (no terminal)', () => {
  it('completes the same runbook with answers written as prompts appear', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-pipe-'));
    const child = spawn(
      process.execPath,
      [BIN, 'run', FIXTURE, '--plain', '--tenant', 'practice', '--state-dir', stateDir],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, TERM: 'dumb' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.stderr.on('data', (d) => (err += d.toString()));
    const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    let seen = 0;
    for (const [prompt, keys] of SCRIPT) {
      const end = Date.now() + 20_000;
      while (!strip(out.slice(seen)).includes(prompt)) {
        if (Date.now() > end)
          throw new Error(
            `never saw "${prompt}"; stdout since last answer:\n${strip(out.slice(seen))}\nstderr:\n${err}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
      seen = out.length;
      await new Promise((r) => setTimeout(r, 50));
      child.stdin.write(keys.replace(/\r/g, '\n'));
    }
    expect(await exited).toBe(0);
    const text = strip(out);
    expect(text).toContain('Run completed. Result: PASSED · NOT SIGNED BY OPERATOR.');
    // The operator skipped their key: the end says so, and how to finish, never "Signed report".
    expect(text).not.toContain('Signed report');
    expect(text).toMatch(/NOT SIGNED: No operator signature — Ada Lovelace is named as operator/);
    expect(text).toMatch(
      /To complete it: breakglass sign \S+report\.dsse\.json --key ada-lovelace-KEYID\.key\.pem --role operator --name 'Ada Lovelace'/,
    );
    expect(text).toMatch(/Report \(NOT signed\): \S+report\.dsse\.json/);
    expect(text).toContain(`--state-dir ${stateDir}`);
    // On a pipe nothing can be cleared, and plain mode says so instead of pretending.
    expect(text).toContain('This terminal cannot be cleared by breakglass');
  }, 90_000);
});
