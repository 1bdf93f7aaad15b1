import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretMarkerPath } from '../state/secret-marker.js';
import { fakeTerminals, lendConsoleConstructor } from '../../test/fake-terminal.js';
import { KEY, run, stripAnsi, tick, type, waitFor } from '../../test/tui-helpers.js';
import { builtInCatalog } from '../steps/catalog.js';
import { loadRunbook } from '../runbook/parse.js';
import { describeRunbook } from './overview-model.js';
import { createInkFrontEnd, reportFingerprint } from './ink-frontend.js';

// Ink draws only a final frame when it believes it runs in CI (is-in-ci reads CI once, when Ink
// is imported), and CI runners set CI. On a real terminal the product turns that off before Ink
// loads (frontend/index.ts prepareInkEnv); these tests are that terminal, so they do the same.
vi.hoisted(() => {
  process.env['CI'] = 'false';
});

let giveBack = () => {};
beforeAll(() => (giveBack = lendConsoleConstructor()));
afterAll(() => giveBack());

const dirs: string[] = [];
const terminal = fakeTerminals();
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bg-ink-fe-'));
  dirs.push(dir);
  return dir;
}

const tenant = { label: 'PRACTICE · healthy', practice: true };
const firstStep = {
  type: 'step-started',
  instanceId: 'issue-pass',
  stepId: 'issue-pass',
  index: 1,
  total: 5,
  title: 'Issue a Temporary Access Pass',
  prose: 'The pass lets bg1 register a security key.',
  kind: 'action',
  mutating: true,
} as const;

describe('the Ink front end', () => {
  it('shows a step and its question, takes the answer from the keyboard, and leaves the report path whole', async () => {
    const term = terminal();
    const fe = createInkFrontEnd({ ...term.streams, tenant });
    fe.emit({ type: 'run-started', run, resumed: false });
    fe.emit(firstStep);
    const answer = fe.ask({ type: 'confirm', instanceId: 'issue-pass', message: 'Issue the pass now?' });
    const screen = await waitFor(term.stdout.screen, (s) => s.includes('Issue the pass now? [Y/n]'));
    expect(screen.split('\n').find((l) => l.includes('step 1/5'))).toMatch(/^ PRACTICE {2}healthy · step 1\/5 · /);
    expect(screen).toContain('1/5 Issue a Temporary Access Pass ✎ changes tenant');
    await type(term.stdin, 'y');
    await expect(answer).resolves.toBe(true);

    // Longer than the terminal is wide: a copy of the path must get it whole.
    const path = join(tempDir(), `${'a-report-whose-name-runs-past-the-edge-of-the-screen-'.repeat(2)}.json`);
    writeFileSync(path, '{"report":true}\n');
    fe.emit({ type: 'run-finished', status: 'completed', runDir: '/state/runs/r1', reportPath: path });
    const end = await waitFor(term.stdout.screen, (s) => s.includes('Run completed'));
    // The fingerprint on screen is of the file as written: what an auditor compares.
    expect(end).toContain(reportFingerprint(path));
    expect(end).toContain("The report's path and how to verify it are printed below.");
    await fe.close();
    await term.stdout.settled();
    // Printed after the app is gone, as plain lines: the terminal soft-wraps them, nothing breaks them.
    expect(term.stdout.scrollback()).toContain(
      `Report:\n  ${path}\nVerify it:\n  breakglass verify ${path}\nRun folder (journal): /state/runs/r1`,
    );
  });

  it('fingerprints the report file as written', () => {
    const path = join(tempDir(), 'report.json');
    writeFileSync(path, 'signed bytes');
    expect(reportFingerprint(path)).toBe(`sha256:${createHash('sha256').update('signed bytes').digest('hex')}`);
  });

  it('shows a secret on the alternate screen only, and it never reaches the scrollback', async () => {
    const term = terminal();
    const stateDir = tempDir();
    const fe = createInkFrontEnd({ ...term.streams, tenant, stateDir });
    fe.emit({ type: 'run-started', run, resumed: false });
    fe.emit(firstStep);
    await waitFor(term.stdout.screen, (s) => s.includes('Issue a Temporary Access Pass'));
    const answer = fe.ask({
      type: 'secret',
      instanceId: 'issue-pass',
      secret: { title: 'Temporary Access Pass for bg1', lines: ['TAP: Xy7#kL9!pQ2m'], fingerprint: 'tap:0123456789ab' },
    });
    const onAlternate = () => (term.stdout.alternate ? term.stdout.screen() : '');
    await waitFor(onAlternate, (s) => s.includes('TAP: Xy7#kL9!pQ2m'));
    // A killed run leaves this marker; the next start wipes the screen because of it.
    expect(existsSync(secretMarkerPath(stateDir))).toBe(true);
    // What the engine reports while the secret is up is held back, not drawn over the secret.
    fe.emit({ type: 'step-log', instanceId: 'issue-pass', level: 'warn', message: 'the pass lasts 60 minutes' });
    await tick(50);
    expect(await term.stdout.settled()).not.toContain('60 minutes');
    await type(term.stdin, KEY.enter);
    await expect(answer).resolves.toEqual({ acknowledged: true });
    const back = await waitFor(
      () => (term.stdout.alternate ? '' : term.stdout.screen()),
      (s) => s.includes('! warn: the pass lasts 60 minutes'),
    );
    expect(back).toContain('1/5 Issue a Temporary Access Pass');
    expect(existsSync(secretMarkerPath(stateDir))).toBe(false);
    await fe.close();
    await term.stdout.settled();
    expect(term.stdout.scrollback()).not.toContain('Xy7#kL9!pQ2m');
  });

  it('draws an overview given up front before the step runner loads, as the step runner draws it', async () => {
    // A fresh module: the step runner is not loaded yet (the tests above loaded it).
    vi.resetModules();
    const fresh = await import('./ink-frontend.js');
    const catalog = builtInCatalog();
    const rb = await loadRunbook(join(process.cwd(), 'runbooks', 'emergency-sign-in.md'), catalog);
    if (!rb.runbook) throw new Error('the shipped runbook does not validate');
    const model = describeRunbook(rb.runbook, catalog);
    const term = terminal();
    const fe = fresh.createInkFrontEnd({ ...term.streams, tenant, overview: model });
    // Drawn by render() itself, before anything awaited could have loaded the step runner.
    const written = term.stdout.out;
    expect(stripAnsi(written)).toContain('Enter start · Esc back · q quit');
    const first = await term.stdout.settled();
    expect(first).toContain('Emergency sign-in with a break-glass account');
    expect(first.split('\n')[0]).toMatch(/^ PRACTICE {2}healthy · Emergency sign-in/);
    // The step runner takes over and draws the very same screen: nothing is redrawn.
    await fresh.loadRunner();
    await tick(50);
    expect(term.stdout.out).toBe(written);
    const answer = fe.overview(model);
    await type(term.stdin, KEY.enter);
    await expect(answer).resolves.toBe(true);
    await fe.close();
  });

  it('closing twice is harmless, and without a finished run prints nothing after the app', async () => {
    const term = terminal();
    const fe = createInkFrontEnd(term.streams);
    await fe.close();
    const written = term.stdout.out.length;
    await fe.close();
    expect(term.stdout.out.length).toBe(written);
    expect(await term.stdout.settled()).not.toContain('Report');
  });
});
