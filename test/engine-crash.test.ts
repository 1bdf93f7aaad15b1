/**
 * Crash safety, for real: a child process runs the fixture runbook and is
 * SIGKILLed right after journal record N is fsync'd, for every N — including
 * between each intent and its outcome — and, separately, right after each
 * mutation landed but before its outcome was journaled. Each time it is
 * resumed to completion in a new process. No mutation may run twice, none
 * may be lost, and the journal chain must verify.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../src/journal/journal.js';
import type { JournalRecord } from '../src/core/journal-types.js';
import { killAfterSeqEnv } from './harness/kill-after-seq-env.js';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'node_modules/.cache/bg-engine-crash');
const harness = join(root, 'test/harness/crash-run.mjs');
const EXPECTED = ['alpha', 'b@x.io', 'c@x.io', 'omega-id-alpha'];

function child(mode: 'start' | 'resume', stateDir: string, tenantFile: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [harness, mode, stateDir, tenantFile], {
    env: { ...process.env, BG_DIST: dist, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r;
}

function journalOf(stateDir: string) {
  const runs = join(stateDir, 'runs');
  const [id] = readdirSync(runs);
  return readJournal(join(runs, id!, 'journal.jsonl'));
}

function assertCompletedOnce(stateDir: string, tenantFile: string, label: string) {
  const tenant = JSON.parse(readFileSync(tenantFile, 'utf8')) as { items: string[]; applies: string[] };
  expect(tenant.applies, `${label}: each mutation applied exactly once`).toEqual(EXPECTED);
  expect(tenant.items).toEqual(EXPECTED);
  const j = journalOf(stateDir);
  expect(j.valid, `${label}: chain verifies`).toBe(true);
  const last = j.records.at(-1) as JournalRecord<'run-finished'>;
  expect(last.type).toBe('run-finished');
  expect(last.data.status).toBe('completed');
  return j;
}

let total = 0;

beforeAll(() => {
  // Compile src (as `npm run build` does) into a private dir, so parallel work on dist/ cannot interfere.
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist],
    { encoding: 'utf8', cwd: root },
  );
  if (!existsSync(join(dist, 'engine/run.js'))) throw new Error(`build failed:\n${tsc.stdout}\n${tsc.stderr}`);
  const s = mkdtempSync(join(tmpdir(), 'bg-crash-'));
  const r = child('start', s, join(s, 'tenant.json'));
  if (r.status !== 0) throw new Error(`clean run failed: ${r.stderr}`);
  total = assertCompletedOnce(s, join(s, 'tenant.json'), 'clean run').records.length;
}, 300_000);

describe('crash safety (real process, SIGKILL)', () => {
  it('survives a SIGKILL after every journal record, including between intent and outcome', () => {
    expect(total).toBeGreaterThan(20);
    let betweenIntentAndOutcome = 0;
    for (let n = 1; n < total; n++) {
      const s = mkdtempSync(join(tmpdir(), 'bg-crash-'));
      const tenantFile = join(s, 'tenant.json');
      const killed = child('start', s, tenantFile, killAfterSeqEnv(n));
      expect(killed.signal, `kill after record ${n}`).toBe('SIGKILL');
      const before = journalOf(s);
      expect(before.records).toHaveLength(n);
      if (before.records.at(-1)!.type === 'intent') betweenIntentAndOutcome++;
      const resumed = child('resume', s, tenantFile);
      expect(resumed.status, `resume after record ${n}: ${resumed.stderr}`).toBe(0);
      const j = assertCompletedOnce(s, tenantFile, `kill after record ${n}`);
      // an intent left open by the kill is closed by reconcile, never by a second apply
      if (before.records.at(-1)!.type === 'intent') {
        const statuses = j.records
          .filter((r) => r.type === 'outcome')
          .map((r) => (r as JournalRecord<'outcome'>).data.status);
        expect(statuses).toContain('reconciled-not-applied');
      }
    }
    expect(betweenIntentAndOutcome).toBe(EXPECTED.length);
  }, 600_000);

  it('survives a SIGKILL after a mutation landed but before its outcome was journaled (reconciled as applied)', () => {
    for (const item of EXPECTED) {
      const s = mkdtempSync(join(tmpdir(), 'bg-crash-'));
      const tenantFile = join(s, 'tenant.json');
      const killed = child('start', s, tenantFile, { BG_KILL_AFTER_APPLY: item });
      expect(killed.signal).toBe('SIGKILL');
      expect(journalOf(s).records.at(-1)!.type).toBe('intent');
      const resumed = child('resume', s, tenantFile);
      expect(resumed.status, resumed.stderr).toBe(0);
      const j = assertCompletedOnce(s, tenantFile, `kill after applying ${item}`);
      const reconciled = j.records.filter(
        (r) => r.type === 'outcome' && (r as JournalRecord<'outcome'>).data.status === 'reconciled-applied',
      );
      expect(reconciled).toHaveLength(1);
    }
  }, 300_000);

  it('survives being killed again during the resume', () => {
    const s = mkdtempSync(join(tmpdir(), 'bg-crash-'));
    const tenantFile = join(s, 'tenant.json');
    expect(child('start', s, tenantFile, killAfterSeqEnv(8)).signal).toBe('SIGKILL');
    expect(child('resume', s, tenantFile, killAfterSeqEnv(16)).signal).toBe('SIGKILL');
    expect(child('resume', s, tenantFile, killAfterSeqEnv(24)).signal).toBe('SIGKILL');
    expect(child('resume', s, tenantFile).status).toBe(0);
    assertCompletedOnce(s, tenantFile, 'killed three times');
  }, 120_000);
});
