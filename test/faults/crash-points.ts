/**
 * One crash experiment on one shipped runbook: a fresh practice tenant (in
 * this process, so it survives), the CLI run in a child process killed at a
 * chosen point, `breakglass resume` in a new child until it finishes, then
 * the evidence: the tenant's applied-mutation counters and the journal.
 *
 * Kill points:
 *  - { seq: n }        SIGKILL right after journal record n is fsync'd (test/harness/kill-after-seq.mjs, preloaded into the child)
 *  - { mutation: k }   SIGKILL the moment the tenant applied its k-th mutation, before the child can journal the outcome
 *  - { afterMs: t }    SIGKILL at a wall-clock moment, wherever the child is (inside a step, mid-request…)
 */
import { join } from 'node:path';
import type { FaultConfig } from '../../src/practice/faults.js';
import type { JournalRecord } from '../../src/core/journal-types.js';
import {
  answersFile,
  cli,
  inputArgs,
  journalOf,
  practiceEnv,
  runDirOf,
  scratchDir,
  startServer,
  stepVerdicts,
  type ChildResult,
  type RunbookCase,
  type Signer,
} from './harness.js';
import { killAfterSeqEnv } from '../harness/kill-after-seq-env.js';

export type KillPoint = { seq: number } | { mutation: number } | { afterMs: number };

export interface Experiment {
  killed: boolean;
  /** The child's exit when it was not killed (e.g. it finished before a timed kill). */
  first: ChildResult;
  resumes: ChildResult[];
  /** Applied mutations by normalized key (ids replaced): what the tenant saw. */
  mutations: Record<string, number>;
  journalValid: boolean;
  finalStatus: string | undefined;
  lastRecordBeforeResume: string | undefined;
  outcomeStatuses: string[];
  verdicts: string[];
  /** type + instance id of every record (to explain a difference). */
  journalRecords?: string[];
  stateDir: string;
  durationMs: number;
  /** Faults the tenant injected (429, 5xx, resets). */
  injected: number;
  /** Secrets the journal declares void (lost with a killed process, then made again). */
  voided: number;
  /** Changes the journal says landed but were lost with the killed process (outcome `lost`), then made again. */
  remade: number;
  /** Failed steps the (scripted) operator chose to retry. */
  operatorRetries: number;
}

/** A run or resume still going after this long is hung (the slowest clean run takes ~15 s). */
const CHILD_LIMIT_MS = 90_000;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Mutation keys with object ids replaced: ids of objects created during the run differ from run to run. */
export function normalizeMutations(byKey: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(byKey)) {
    const key = k.replace(GUID, '<id>');
    out[key] = (out[key] ?? 0) + n;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export async function experiment(
  c: RunbookCase,
  signers: Signer[],
  kill: KillPoint | undefined,
  opts: { faults?: FaultConfig; retryFailures?: boolean } = {},
): Promise<Experiment> {
  const t0 = performance.now();
  const dir = scratchDir(c.id);
  const stateDir = join(dir, 'state');
  const answers = answersFile(c, signers, dir, opts.retryFailures ? { retryFailures: true } : {});
  const server = await startServer(c.scenario, opts.faults ? { faults: opts.faults } : {});
  try {
    const env = practiceEnv(server);
    const args = ['run', c.file, ...inputArgs(c, dir), '--answers', answers, '--state-dir', stateDir];
    const killEnv: Record<string, string> = kill && 'seq' in kill ? killAfterSeqEnv(kill.seq) : {};
    const child = cli(args, { ...env, ...killEnv }, CHILD_LIMIT_MS);
    let timer: NodeJS.Timeout | undefined;
    if (kill && 'mutation' in kill) {
      // Kill in the tenant's own mutation hook: the change is applied, its response not yet sent.
      const store = server.counterStore;
      const orig = store.mutation.bind(store);
      let seen = 0;
      store.mutation = (route: string, key: string) => {
        orig(route, key);
        if (++seen === kill.mutation) child.kill();
      };
    } else if (kill && 'afterMs' in kill) {
      timer = setTimeout(() => child.kill(), kill.afterMs);
    }
    const first = await child.done;
    if (timer) clearTimeout(timer);
    const killed = first.signal === 'SIGKILL' && !first.timedOut;
    let lastRecordBeforeResume: string | undefined;
    const resumes: ChildResult[] = [];
    if (killed) {
      let runId: string | undefined;
      try {
        const runDir = runDirOf(stateDir);
        runId = runDir.split('/').at(-1);
        lastRecordBeforeResume = journalOf(stateDir).records.at(-1)?.type;
      } catch {
        // killed before the run directory existed: nothing to resume, start again
      }
      if (runId) {
        resumes.push(
          await cli(['resume', runId, '--answers', answers, '--state-dir', stateDir], env, CHILD_LIMIT_MS).done,
        );
      } else {
        resumes.push(await cli(args, env, CHILD_LIMIT_MS).done);
      }
    }
    let j: ReturnType<typeof journalOf>;
    try {
      j = journalOf(stateDir);
    } catch (e) {
      // No run at all (e.g. killed before the run directory existed, and the restart failed too): say why.
      const last = resumes.at(-1) ?? first;
      return {
        killed,
        first,
        resumes,
        mutations: normalizeMutations(server.counters().mutationsByKey),
        journalValid: false,
        finalStatus: `no journal (${(e as Error).message}; exit ${last.code ?? last.signal}: ${last.stderr.trim().slice(0, 200)})`,
        lastRecordBeforeResume,
        outcomeStatuses: [],
        verdicts: [],
        stateDir,
        durationMs: performance.now() - t0,
        injected: 0,
        voided: 0,
        remade: 0,
        operatorRetries: 0,
      };
    }
    const last = j.records.at(-1) as JournalRecord<'run-finished'> | undefined;
    return {
      killed,
      first,
      resumes,
      mutations: normalizeMutations(server.counters().mutationsByKey),
      journalValid: j.valid,
      finalStatus: last?.type === 'run-finished' ? last.data.status : undefined,
      lastRecordBeforeResume,
      outcomeStatuses: j.records
        .filter((r) => r.type === 'outcome')
        .map((r) => (r as JournalRecord<'outcome'>).data.status),
      verdicts: stepVerdicts(stateDir),
      journalRecords: j.records.map(
        (r) =>
          `${r.type}${(r.data as { instanceId?: string }).instanceId ? ' ' + (r.data as { instanceId: string }).instanceId : ''}`,
      ),
      stateDir,
      durationMs: performance.now() - t0,
      injected: Object.values(server.counters().faults).reduce((a, b) => a + b, 0),
      voided: j.records.filter((r) => r.type === 'secret-voided').length,
      remade: j.records.filter((r) => r.type === 'outcome' && (r as JournalRecord<'outcome'>).data.lost).length,
      operatorRetries: j.records.filter(
        (r) => r.type === 'answer' && (r as JournalRecord<'answer'>).data.prompt === 'failure',
      ).length,
    };
  } finally {
    await server.close();
  }
}
