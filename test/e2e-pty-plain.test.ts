/**
 * The same runbook in --plain mode, answered line by line as the prompts
 * appear — through a pseudo-terminal (as a screen-reader user would) and
 * through plain pipes (no terminal at all).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
    expect(out).toContain('Run completed. Result: PASSED · NOT SIGNED BY OPERATOR.');
    // The operator skipped their key: the end says so, and how to finish, never "Signed report".
    const flat = out.replace(/\r/g, '').replace(/\n(?! {0,4}\S)/g, '');
    expect(flat).not.toContain('Signed report');
    expect(flat).toMatch(/NOT SIGNED: No operator signature — Ada Lovelace is named as operator/);
    expect(flat).toMatch(
      /To complete it: breakglass sign \S+report\.dsse\.json --key ada-lovelace-KEYID\.key\.pem --role operator --name 'Ada Lovelace'/,
    );
    expect(flat).toMatch(/Report \(NOT signed\): \S+report\.dsse\.json/);
    expect(flat).toMatch(/Verify it with: breakglass verify \S+ --state-dir \S+/);
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
    // The prompt and its choices may reach the terminal in separate writes: wait for the choice itself.
    const screen = await s.waitFor(/Quarterly break-glass validation: DUE — never done live; never run/, 30_000);
    expect(screen).toContain('Tenant: PRACTICE tenant healthy.');
    expect(screen).toContain('What do you want to do?');
    await s.type('\x1b[A'); // up from the first choice wraps to the last: Quit
    await s.waitFor(/❯ Quit/);
    await s.type('\r');
    expect(await s.exited).toBe(0);
  }, 60_000);
});

/** Every file under `dir`, as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, text: readFileSync(path, 'latin1') }));
}

/** Runs the CLI over plain pipes, answering `script` as the prompts appear. */
async function overPipes(args: string[], script: [string, string][]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TERM: 'dumb' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (err += d.toString()));
  const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  let seen = 0;
  for (const [prompt, keys] of script) {
    const end = Date.now() + 20_000;
    while (!strip(out.slice(seen)).includes(prompt)) {
      if (Date.now() > end)
        throw new Error(`never saw "${prompt}"; stdout since last answer:\n${strip(out.slice(seen))}\nstderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    seen = out.length;
    await new Promise((r) => setTimeout(r, 50));
    child.stdin.write(keys.replace(/\r/g, '\n'));
  }
  const code = await exited;
  return { code, out: strip(out), err };
}

describe('plain mode over pipes (no terminal)', () => {
  it('never writes a secret to the pipe: it stops before the secret, says to use a terminal, keeps nothing', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-pipe-'));
    const SECRET = 'KNOWN-recovery-7781-zq';
    const r = await overPipes(
      [
        'run',
        join('test', 'fixtures', 'plain', 'pipe-secret.md'),
        '--plain',
        '--tenant',
        'practice',
        '--state-dir',
        stateDir,
      ],
      [
        ['Start this runbook?', 'y\r'],
        ['Recovery code', `${SECRET}\r`],
      ],
    );
    expect(r.out).toContain('Not shown: "Recovery code (secret)" is a secret');
    expect(r.out).toMatch(/Continue in a terminal, without a pipe or redirection: breakglass resume \S+/);
    expect(r.code).toBe(75); // EXIT.QUIT: saved and resumable
    const files = filesUnder(stateDir);
    expect(files.some((f) => f.path.endsWith('journal.jsonl'))).toBe(true);
    for (const where of [{ path: 'stdout', text: r.out }, { path: 'stderr', text: r.err }, ...files])
      expect(where.text.includes(SECRET), `${where.path} holds the secret`).toBe(false);
  }, 90_000);

  it('a generated secret is refused too: the walkthrough stops at its passphrase step', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-pipe-'));
    const upToSecret = SCRIPT.slice(
      0,
      SCRIPT.findIndex(([p]) => p === 'nobody else can see'),
    );
    const r = await overPipes(['run', FIXTURE, '--plain', '--tenant', 'practice', '--state-dir', stateDir], upToSecret);
    expect(r.code).toBe(75);
    expect(r.out).toContain('Not shown: "Make the passphrase — envelope 1 of 2" is a secret');
    expect(r.out).not.toContain('SECRET:');
    // No passphrase-shaped text (groups of five from the passphrase alphabet) anywhere.
    const shape = /[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}/;
    for (const where of [{ path: 'stdout', text: r.out }, ...filesUnder(stateDir)])
      expect(shape.exec(where.text)?.[0], where.path).toBeUndefined();
  }, 90_000);
});
