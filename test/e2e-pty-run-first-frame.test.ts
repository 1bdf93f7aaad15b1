/**
 * `breakglass run <shipped runbook>` in a pseudo-terminal: the overview is the
 * first frame, drawn from the build's precompiled copy before zod, the YAML
 * and markdown readers, the runbook parser or the step catalog are loaded;
 * they load after it, and Enter (pressed the moment the overview appears)
 * runs the runbook as validated in full. Usage and configuration errors still
 * come before any screen, with the same words and exit codes as for a runbook
 * that is not precompiled; an edited copy is parsed and its errors shown at
 * file:line:col. Needs `npm run build` first (npm test does it).
 *
 * What was loaded before the frame: a module-resolution hook and a wrapper of
 * process.stdout.write append to one log, in the order they happen.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPty, PtyScreen } from './tui-pty.js';
import { bundledInputs, moduleLogUntilFrame } from './harness/module-log.js';

const { pty, error } = loadPty();
if (error) console.warn(`skipping run first-frame PTY tests: ${error}`);

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'breakglass.js');
const SHIPPED = join(ROOT, 'runbooks', 'emergency-sign-in.md');
const LIVE_TENANT = '11111111-1111-1111-1111-111111111111';

const PRELOAD = moduleLogUntilFrame('Enter start');

const screens: PtyScreen[] = [];
afterAll(() => screens.forEach((s) => s.kill()));

function start(args: string[], env: Record<string, string> = {}, node: string[] = []): PtyScreen {
  const s = new PtyScreen(pty!, [...node, BIN, ...args], { cols: 100, rows: 30, env: { NODE_OPTIONS: '', ...env } });
  screens.push(s);
  return s;
}

const plainText = (raw: string): string => raw.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');

/** The packages and source files bundled into the output files these URLs loaded (dist/meta.json). */
function sourcesOf(urls: string[]): string[] {
  const inputs = bundledInputs(ROOT);
  const files = urls.flatMap((u) => (u.startsWith('file:') ? [fileURLToPath(u)] : []));
  return [...new Set(files.flatMap((f) => inputs.get(f) ?? []))];
}

// What parsing and validating a runbook loads.
const HEAVY = [
  /node_modules\/zod\//,
  /node_modules\/yaml\//,
  /^src\/steps\/catalog\.ts$/,
  /^src\/runbook\/parse\.ts$/,
  /^src\/runbook\/validate\.ts$/,
  /^src\/runbook\/markdown\.ts$/,
];
const heavyIn = (sources: string[]): string[] => sources.filter((s) => HEAVY.some((h) => h.test(s)));

// What only the screens after the overview draw: the step runner, the steps' widgets (the inputs
// form, the QR code of a secret), and the markdown parser (the overview lays out its summary
// parsed at build time).
const RUNNER = [
  /^src\/screens\/StepRunner\.tsx$/,
  /^src\/components\/(Form|PromptWidget|Markdown|Signoff|QrCode)\.tsx$/,
  /node_modules\/qrcode-terminal\//,
  /node_modules\/micromark\//,
  /node_modules\/mdast-util-from-markdown\//,
];
const runnerIn = (sources: string[]): string[] => sources.filter((s) => RUNNER.some((h) => h.test(s)));

describe.skipIf(!pty)('run <shipped runbook>: the overview first', () => {
  it('draws the overview before the parser, zod or the catalog load; Enter at once runs it as validated', async () => {
    expect(existsSync(join(ROOT, 'dist', 'runbooks', 'emergency-sign-in.json')), 'run `npm run build` first').toBe(
      true,
    );
    const dir = mkdtempSync(join(tmpdir(), 'bg-run-first-'));
    // A first start fills the runbook index in the state folder (reading front matter needs the YAML
    // reader), as on any operator's machine; Esc on the overview does not start the run.
    const first = start(['run', 'emergency-sign-in', '--state-dir', join(dir, 'state')]);
    await first.waitFor('Enter start', 60_000);
    await first.type('\x1b');
    expect(await first.exited).toBe(0);
    expect(plainText(first.raw)).toContain('Not started. Nothing was changed.');

    const log = join(dir, 'modules.log');
    const s = start(['run', 'emergency-sign-in', '--state-dir', join(dir, 'state')], { BG_MODULE_LOG: log }, [
      '--import',
      `data:text/javascript,${encodeURIComponent(PRELOAD)}`,
    ]);
    // Enter the moment the overview arrives (in the same tick as its bytes): not lost, not echoed as a line.
    let seen = '';
    const arrived = new Promise<void>((resolve) => {
      const sub = s.proc.onData((d) => {
        seen += d;
        if (!plainText(seen).includes('Enter start')) return;
        sub.dispose();
        s.proc.write('\r');
        resolve();
      });
    });
    await Promise.race([
      arrived,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no overview; output: ${JSON.stringify(s.raw.slice(-800))}`)), 30_000),
      ),
    ]);
    const overview = plainText(s.raw);
    expect(overview).toContain('Emergency sign-in with a break-glass account');
    expect(overview).toContain('PRACTICE');
    expect(overview).toContain('healthy');
    // The first thing Ink drew was the overview (no empty header frame before it).
    expect(overview.slice(0, overview.indexOf('Enter start'))).not.toContain('? keys · q quit');

    const screen = await s.waitFor('Enter on the last field submits', 60_000);
    expect(screen).toContain('Break-glass account to use');

    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const frame = lines.indexOf('FRAME');
    expect(frame, 'the preload saw the overview written').toBeGreaterThan(0);
    const before = sourcesOf(lines.slice(0, frame));
    expect(before.some((f) => f.startsWith('src/screens/precompiled-overview.ts'))).toBe(true);
    expect(heavyIn(before)).toEqual([]);
    expect(runnerIn(before)).toEqual([]);
    // … and the runbook was parsed and validated, with zod and the catalog, before its first step.
    const afterSources = sourcesOf(lines.slice(frame + 1));
    const after = heavyIn(afterSources);
    expect(after).toEqual(expect.arrayContaining(['src/steps/catalog.ts', 'src/runbook/parse.ts']));
    expect(after.some((f) => f.includes('node_modules/zod/'))).toBe(true);
    // The step runner came after the frame, and answered the Enter pressed as the frame arrived.
    expect(runnerIn(afterSources)).toEqual(
      expect.arrayContaining(['src/screens/StepRunner.tsx', 'src/components/Form.tsx']),
    );
    expect(afterSources.some((f) => f.includes('node_modules/micromark/'))).toBe(true);
  }, 90_000);

  it('usage and configuration errors come before any screen, as for a runbook that is not precompiled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-run-first-err-'));
    // The same bytes outside the package: not precompiled, so `run` takes its full path.
    const copy = join(dir, 'emergency-sign-in.md');
    writeFileSync(copy, readFileSync(SHIPPED));
    const badConfig = join(dir, 'config.json');
    writeFileSync(badConfig, '{bad');
    const cases: { args: string[]; env?: Record<string, string>; says: string }[] = [
      {
        args: ['--tenant', LIVE_TENANT, '--scenario', 'healthy'],
        says: '--scenario only applies to the practice tenant',
      },
      {
        args: ['--tenant', LIVE_TENANT, '--time-scale', '10'],
        says: '--time-scale only applies to the practice tenant',
      },
      { args: [], env: { BREAKGLASS_CONFIG: badConfig }, says: 'is not valid JSON' },
      { args: ['--time-scale', 'fast'], says: '--time-scale expects a number' },
    ];
    for (const c of cases) {
      const outcome = async (runbook: string) => {
        const s = start(['run', runbook, '--state-dir', join(dir, 'state'), ...c.args], c.env);
        const status = await s.exited;
        return { status, output: plainText(s.raw) };
      };
      const quick = await outcome('emergency-sign-in');
      const full = await outcome(copy);
      expect(quick.output, c.says).toContain(c.says);
      expect(quick.output).not.toContain('Enter start');
      expect(quick.status).toBe(64);
      expect(full.status).toBe(quick.status);
      expect(full.output).toContain(c.says);
    }
  }, 120_000);

  it('an edited copy is parsed in full: its error at file:line:col, before any screen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-run-first-edit-'));
    const copy = join(dir, 'emergency-sign-in.md');
    const text = readFileSync(SHIPPED, 'utf8').replace('type: upn', 'type: teleport');
    const line = text.slice(0, text.indexOf('type: teleport')).split('\n').length;
    writeFileSync(copy, text);
    const s = start(['run', copy, '--state-dir', join(dir, 'state')]);
    expect(await s.exited).toBe(1);
    const output = plainText(s.raw).replace(/\r?\n/g, '');
    expect(output).toContain(`${copy}:${line}:`);
    expect(output).not.toContain('Enter start');
  }, 60_000);

  it('plain mode prints the precompiled overview and asks before anything starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-run-first-plain-'));
    const s = start(['run', 'emergency-sign-in', '--plain', '--state-dir', join(dir, 'state')]);
    const screen = await s.waitFor('Start this runbook?', 60_000);
    expect(s.scrollback()).toContain('Emergency sign-in with a break-glass account version 2');
    expect(screen).toContain('Sign-off at the end: operator, witness');
    await s.type('n', '\r');
    expect(await s.exited).toBe(0);
    expect(plainText(s.raw)).toContain('Not started. Nothing was changed.');
  }, 60_000);

  it('started from the home screen, a shipped runbook is not shown twice and runs as validated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-run-first-home-'));
    const env = { BREAKGLASS_STATE_DIR: join(dir, 'state'), BREAKGLASS_RUNBOOKS_DIR: join(dir, 'none') };
    const home = start([], env);
    await home.waitFor('Runbooks:', 60_000);
    const selected = (s: string) => s.split('\n').find((l) => l.startsWith('▸')) ?? '';
    for (let i = 0; i < 30 && !selected(home.screen()).startsWith('▸ Emergency sign-in'); i++) {
      const before = selected(home.screen());
      await home.type('\x1b[B');
      await home.waitFor((s) => selected(s) !== before, 5_000);
    }
    await home.type('\r');
    const overview = await home.waitFor('Enter start · Esc back', 30_000);
    expect(overview).toContain('Emergency sign-in with a break-glass account');
    const shown = plainText(home.raw).split('Enter start').length;
    await home.type('\r');
    // The run flow takes over in the same process: straight to the inputs, no second overview.
    const screen = await home.waitFor('Enter on the last field submits', 60_000);
    expect(screen).toContain('Break-glass account to use');
    expect(plainText(home.raw).split('Enter start').length).toBe(shown);
  }, 120_000);
});
