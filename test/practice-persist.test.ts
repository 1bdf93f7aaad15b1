/**
 * A practice run's tenant persists like a real one. The run below uses the
 * practice tenant started INSIDE the CLI process (no BREAKGLASS_PRACTICE_URL),
 * so it dies with that process — unlike the fault suite's tenant, which lives
 * in the test. SIGKILLed right after a change is journaled, the run is resumed
 * in a new process: the tenant must come back from the run folder holding
 * that change, the next steps must succeed, and at the end the tenant must
 * hold every change exactly once (the same changes as an uninterrupted run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreWorld } from '../src/practice/world/persist.js';
import { loadWorld } from '../src/practice/world/index.js';
import {
  ALL_RUNBOOKS,
  answersFile,
  cli,
  journalOf,
  removeScratch,
  runDirOf,
  scratchDir,
  signingKeys,
  stepVerdicts,
  type Signer,
} from './faults/harness.js';
import { killAfterSeqEnv } from './harness/kill-after-seq-env.js';

const CASE = ALL_RUNBOOKS.find((c) => c.id === 'security-defaults-fido2')!;
const TENANT_FILE = 'practice-tenant.json';

/** What the tenant was asked to change, in order, with the ids of objects made during the run blanked. */
function changesHeld(stateDir: string): string[] {
  const w = restoreWorld(readFileSync(join(runDirOf(stateDir), TENANT_FILE), 'utf8'));
  return w.mutations.map((m) => `${m.operation} · ${m.target}`.replace(/[0-9a-f-]{36}/gi, '<id>'));
}

function run(stateDir: string, answers: string, env: Record<string, string> = {}) {
  // No BREAKGLASS_PRACTICE_* in the environment: the CLI starts its own practice tenant.
  const clean = { BREAKGLASS_PRACTICE_URL: '', BREAKGLASS_PRACTICE_CA: '', BREAKGLASS_PRACTICE_ADMIN_KEY: '' };
  return cli(['run', CASE.file, '--scenario', CASE.scenario, '--answers', answers, '--state-dir', stateDir], {
    ...clean,
    ...env,
  }).done;
}

let signers: Signer[];
let cleanChanges: string[];
let cleanJournal: ReturnType<typeof journalOf>;

beforeAll(async () => {
  signers = await signingKeys();
  const dir = scratchDir('persist-clean');
  const r = await run(join(dir, 'state'), answersFile(CASE, signers, dir));
  expect(r.code, r.stderr).toBe(0);
  cleanChanges = changesHeld(join(dir, 'state'));
  cleanJournal = journalOf(join(dir, 'state'));
}, 240_000);
afterAll(removeScratch);

describe('practice tenant persists with the run', () => {
  it('saves the tenant in the run folder, and the saved tenant loads back with the same data', () => {
    expect(cleanChanges.length).toBeGreaterThan(2);
    const fresh = loadWorld(CASE.scenario);
    expect(fresh.mutations).toHaveLength(0);
  });

  it('resumes a killed run against the tenant it changed: next step succeeds, each change held once', async () => {
    // The first change that landed: kill the process right after its outcome is durable.
    const firstApplied = cleanJournal.records.find(
      (r) => r.type === 'outcome' && (r.data as { status: string }).status === 'applied',
    );
    expect(firstApplied, 'the runbook changes the tenant').toBeDefined();
    const dir = scratchDir('persist-kill');
    const stateDir = join(dir, 'state');
    const answers = answersFile(CASE, signers, dir);
    const killed = await run(stateDir, answers, killAfterSeqEnv(firstApplied!.seq));
    expect(killed.signal).toBe('SIGKILL');
    const runDir = runDirOf(stateDir);
    expect(existsSync(join(runDir, TENANT_FILE)), 'the tenant is saved in the run folder').toBe(true);
    const heldAtKill = changesHeld(stateDir);
    expect(heldAtKill).toEqual(cleanChanges.slice(0, heldAtKill.length));
    expect(heldAtKill.length).toBeGreaterThan(0);

    // The hint to copy names the state folder in use.
    const listed = await cli(['resume', '--state-dir', stateDir]).done;
    expect(listed.stdout).toContain(`Continue one with: breakglass resume <run-id> --state-dir ${stateDir}`);

    const resumed = await cli(
      ['resume', runDir.split(/[\\/]/).at(-1)!, '--answers', answers, '--state-dir', stateDir],
      { BREAKGLASS_PRACTICE_URL: '' },
    ).done;
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout + resumed.stderr).not.toMatch(/No user|does not exist/);
    // Every step ends as in the uninterrupted run, and the tenant holds each change exactly once.
    expect(stepVerdicts(stateDir).filter((v) => !/ (pass|done|skipped|warn)$/.test(v))).toEqual([]);
    expect(changesHeld(stateDir)).toEqual(cleanChanges);
  }, 240_000);
});
