/**
 * `breakglass run` / `resume` through the real CLI (bin/breakglass.js → dist,
 * built as `npm run build` does): answers file, inputs, a SIGKILL mid-run,
 * the unfinished-run list, resume by id prefix, and the exit codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { killAfterSeqEnv } from './harness/kill-after-seq-env.js';

const root = resolve(import.meta.dirname, '..');
const fixture = join(root, 'test/fixtures/engine/offline-drill.md');
const answers = join(root, 'test/fixtures/engine/offline-drill.answers.yaml');

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, 'bin/breakglass.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    input: '',
    timeout: 60_000,
  });
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli.js'))) throw new Error('run `npm run build` first (npm test does)');
});

describe('breakglass run / resume (CLI)', () => {
  it('runs headless with --answers and --input, writes the journal, runbook copy and report', () => {
    const s = mkdtempSync(join(tmpdir(), 'bg-cli-'));
    const r = cli(['run', fixture, '--answers', answers, '--input', 'owner=Ann', '--state-dir', s]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Confirmed: Ann has key BG-KEY-1/);
    const [id] = readdirSync(join(s, 'runs'));
    const files = readdirSync(join(s, 'runs', id!));
    expect(files).toEqual(expect.arrayContaining(['journal.jsonl', 'runbook.md']));
    expect(readFileSync(join(s, 'runs', id!, 'runbook.md'), 'utf8')).toBe(readFileSync(fixture, 'utf8'));
  });

  it('after a SIGKILL, lists the unfinished run and resumes it by id prefix to completion', () => {
    const s = mkdtempSync(join(tmpdir(), 'bg-cli-'));
    const killed = cli(
      ['run', fixture, '--answers', answers, '--input', 'owner=Ann', '--state-dir', s],
      killAfterSeqEnv(6),
    );
    expect(killed.signal).toBe('SIGKILL');
    const list = cli(['resume', '--state-dir', s]);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/Offline drill \(engine fixture\)/);
    expect(list.stdout).toMatch(/at step record/);
    const [id] = readdirSync(join(s, 'runs'));
    // --input on resume corrects an input or is refused with why; never accepted and ignored.
    const typo = cli(['resume', id!.slice(0, 20), '--answers', answers, '--input', 'ownr=Bo', '--state-dir', s]);
    expect(typo.status).toBe(64);
    expect(typo.stderr).toMatch(/unknown input "ownr"; this runbook takes owner/);
    const resumed = cli(['resume', id!.slice(0, 20), '--answers', answers, '--input', 'owner=Bo', '--state-dir', s]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming .* at record/);
    expect(resumed.stdout).toMatch(/Input Who runs the drill corrected: Ann → Bo/);
    expect(resumed.stdout).not.toMatch(/Get ready/);
    expect(cli(['resume', '--state-dir', s]).stdout).toMatch(/No unfinished runs/);
    const again = cli(['resume', id!, '--state-dir', s]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already finished/);
  });

  it('exit codes: bad runbook 66, no terminal 67, unknown input 64, aborted 76', () => {
    const s = mkdtempSync(join(tmpdir(), 'bg-cli-'));
    expect(cli(['run', 'does-not-exist.md', '--state-dir', s]).status).toBe(66);
    const noTty = cli(['run', fixture, '--state-dir', s]);
    expect(noTty.status).toBe(67);
    expect(noTty.stderr).toMatch(/--plain/);
    const bad = cli(['run', fixture, '--answers', answers, '--input', 'bogus=1', '--state-dir', s]);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/unknown input "bogus"; this runbook takes owner/);
    // The operator does not confirm the last step and then chooses abort: a run result, exit 76.
    const abortAnswers = join(s, 'abort.yaml');
    writeFileSync(
      abortAnswers,
      'answers:\n  record: { form: { keyLabel: K } }\n  confirm: { confirm: false, failure: { choice: abort } }\n',
    );
    const abort = cli(['run', fixture, '--answers', abortAnswers, '--input', 'owner=Ann', '--state-dir', s]);
    expect(abort.status, abort.stderr).toBe(76);
    expect(abort.stdout).toMatch(/Run aborted: aborted at confirm/);
  });
});
