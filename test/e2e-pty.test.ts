/**
 * The real `breakglass` binary in a pseudo-terminal, read back through a
 * headless xterm the way a person sees it: a whole runbook (inputs, manual,
 * input, QR, a split passphrase on the alternate screen, sign-off), a resize,
 * and a quit-and-resume. Needs `npm run build` first (npm test does it).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping PTY end-to-end tests: ${error}`);

const BIN = join(process.cwd(), 'bin', 'breakglass.js');
const FIXTURE = join('test', 'fixtures', 'tui', 'tui-walkthrough.md');
const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l';

const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

function start(args: string[], cols = 80, rows = 24, env: Record<string, string> = {}): PtyScreen {
  const s = new PtyScreen(pty!, [BIN, ...args], { cols, rows, env: { BREAKGLASS_DEBUG: '1', ...env } });
  screens.push(s);
  return s;
}

describe.skipIf(!pty)('TUI end to end in a pseudo-terminal', () => {
  it('runs a whole runbook with a resize, a secret on the alternate screen, a quit and a resume', async () => {
    expect(existsSync(join(process.cwd(), 'dist', 'cli.js')), 'run `npm run build` first').toBe(true);
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-pty-'));
    const s = start(['run', FIXTURE, '--tenant', 'practice', '--state-dir', stateDir]);

    // The overview before anything starts: steps, what changes the tenant, Enter starts.
    const overview = await s.waitFor('Enter start');
    expect(overview).toContain('PRACTICE');
    await s.type('\r');

    // Inputs: validated as typed.
    let screen = await s.waitFor('Operator UPN');
    expect(screen).toContain('PRACTICE');
    await s.typeText('not-an-upn');
    screen = await s.waitFor('not a user principal name');
    await s.type('\x15'); // Ctrl+U clears the field
    await s.typeText('op@contoso.onmicrosoft.com');
    await s.type('\r');

    // Step 1: manual, prose rendered, ? shows the keys, which then work.
    screen = await s.waitFor('Done? [Y/n]');
    expect(screen).toMatch(/PRACTICE .*step 1\/6/);
    expect(screen).toContain('Find a quiet room and read the guide (https://aka.ms/breakglass).');
    expect(screen).toContain('• Have the sealed envelopes');
    await s.type('?');
    screen = await s.waitFor('Keys — confirm');
    expect(screen).toMatch(/y\s+yes/);
    await s.type('\x1b');
    await s.waitFor('Done? [Y/n]');
    await s.type('y');

    // Step 2: input form; resize the terminal while it is up.
    screen = await s.waitFor('Label written on the key');
    s.resize(100, 30);
    await new Promise((r) => setTimeout(r, 400));
    screen = await s.waitFor((sc) => sc.includes('step 2/6') && sc.includes('Label written on the key'));
    expect(screen.split('\n').filter((l) => l.includes(' step 2/6 · ')).length).toBe(1); // redrawn, not duplicated
    await s.typeText('KEY-7');
    await s.type('\r');

    // Step 3: the QR/link page; shrink the terminal below where it started.
    screen = await s.waitFor('Register the key here');
    expect(screen).toContain('https://aka.ms/mysecurityinfo');
    s.resize(72, 22);
    await new Promise((r) => setTimeout(r, 400));
    screen = await s.waitFor((sc) => sc.includes('Press Enter to continue.'));
    expect(screen.split('\n').filter((l) => l.includes(' step 3/6 · ')).length).toBe(1);
    expect(screen.split('\n').filter((l) => l.includes('? keys · q quit')).length).toBe(1);
    await s.type('\r');

    // Step 4: each half of the passphrase on the alternate screen, never in scrollback.
    const halves: string[] = [];
    for (const n of [1, 2]) {
      // The main screen names the envelope too ("shown on a separate screen"): wait for the alternate screen itself.
      screen = await s.waitFor((sc) => s.alternate && sc.includes(`envelope ${n} of 2`) && sc.includes('║'));
      expect(s.alternate).toBe(true);
      expect(screen).toContain(`custodian ${n}`);
      const boxed = screen.split('\n').filter((l) => l.startsWith('║'))[0]!;
      const secret = boxed.replace(/[║]/g, '').trim();
      expect(secret.length).toBeGreaterThan(8);
      halves.push(secret);
      await s.type('\r');
    }
    screen = await s.waitFor('Key KEY-7 and both halves are sealed');
    expect(s.alternate).toBe(false);
    const history = s.scrollback();
    for (const h of halves) expect(history).not.toContain(h);
    expect(history).toContain('✓ done       4/6 Make the passphrase');
    // In the raw byte stream, the secrets appear only inside alternate-screen sections.
    const outside = s.raw.replace(/\x1b\[\?1049h[\s\S]*?\x1b\[\?1049l/g, '');
    for (const h of halves) expect(outside).not.toContain(h);
    expect(s.raw).toContain(ENTER_ALT);
    expect(s.raw).toContain(LEAVE_ALT);

    // Step 5: quit — asks first, names the exact resume command, exits 75.
    await s.type('q');
    screen = await s.waitFor('Quit now?');
    const runId = /breakglass resume (\S+)/.exec(screen)?.[1];
    expect(runId).toBeTruthy();
    await s.type('y');
    expect(await s.exited).toBe(75);
    await s.settle();
    expect(s.scrollback()).toContain(`breakglass resume ${runId}`);

    // Resume: continues at step 5, then sign-off and the report screen.
    const r = start(['resume', runId!, '--state-dir', stateDir], 80, 24);
    screen = await r.waitFor('Key KEY-7 and both halves are sealed');
    expect(screen).toContain('PRACTICE');
    expect(r.scrollback()).toContain('↻ Resumed TUI walkthrough');
    await r.type('y');
    await r.waitFor('Sign-off — 1 role(s): operator');
    await r.typeText('Ada Lovelace');
    await r.type('\r');
    await r.waitFor('Signing key file');
    await r.type('\r');
    screen = await r.waitFor(/Run completed|Run aborted|No report/);
    const code = await r.exited;
    await r.settle();
    const end = r.scrollback();
    expect(end).toContain('Run completed');
    expect(end).toMatch(/Verify it:\n {2}breakglass verify \S+report\S*\.json/);
    expect(end).toMatch(/Fingerprint \(sha256 of the report file\):\n {2}sha256:[0-9a-f]{64}/);
    expect(code).toBe(0);
  }, 120_000);

  it('NO_COLOR: no colour escapes, and PRACTICE is still there as a word', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-e2e-pty-'));
    const s = start(
      ['run', FIXTURE, '--tenant', 'practice', '--state-dir', stateDir, '--input', 'owner=op@contoso.onmicrosoft.com'],
      80,
      24,
      { NO_COLOR: '1' },
    );
    await s.waitFor('Enter start');
    await s.type('\r');
    const screen = await s.waitFor('Done? [Y/n]');
    expect(screen).toContain('PRACTICE');
    // SGR colour codes (30–37, 40–47, 90–97, 38;5/48;5) must not appear.
    expect(s.raw).not.toMatch(/\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|38;5|48;5)(?:;[0-9;]*)?m/);
    await s.type('q');
    await s.waitFor('Quit now?');
    await s.type('y');
    expect(await s.exited).toBe(75);
  }, 60_000);
});
