/**
 * The run state machine. UI-agnostic: it talks to the operator only through
 * an OperatorPort (events out, prompts in) and to the tenant only through the
 * step kinds. Every transition is journaled (fsync'd) before the engine acts
 * on it, so a run killed at any point can be resumed exactly where it was:
 *
 *   startRun  → run-started → for each step: step-started → [intent → outcome] → step-finished … → run-finished
 *   resumeRun → resumed → replays finished steps (outputs restored) → continues at the first unfinished one
 *
 * Failure policy: a step that ends fail/error asks the operator to retry,
 * override (typed justification, recorded → `overridden`) or abort. Verdicts
 * fail closed; procedures never block — the override path works even when
 * the tenant cannot be reached at all.
 *
 * This file starts and resumes runs; the walk itself is the Engine (./engine.ts).
 */
import type { Runbook } from '../core/runbook.js';
import { realClock } from '../util/clock.js';
import type { EngineEvent, RunSummary } from '../core/events.js';
import { collectInputs, correctInputs, InputError } from './inputs.js';
import { JournalWriter } from '../journal/journal.js';
import type { JournalData } from '../core/journal-types.js';
import { JOURNAL_FORMAT } from '../core/journal-types.js';
import { replay, type ReplayState } from './replay.js';
import { changedSteps } from './runbook-diff.js';
import { stepCount } from '../runbook/step-numbers.js';
import { createRunDir, journalPath, newRunId } from '../state/runs.js';
import { Engine } from './engine.js';
import { shortValue } from './run-core.js';
import type { ResumeRunOptions, RunOutcome, StartRunOptions } from './run-options.js';

export type { CommonRunOptions, FinishedRun, ResumeRunOptions, RunOutcome, StartRunOptions } from './run-options.js';

/** Starts a new run. Asks for missing inputs before anything is written. */
export async function startRun(opts: StartRunOptions): Promise<RunOutcome> {
  const clock = opts.clock ?? realClock;
  const inputs = await collectInputs(opts.runbook, opts.inputs ?? {}, opts.operator, opts.suggestInputs);
  const runId = opts.runId ?? newRunId(opts.runbook.id, clock.now());
  const runDir = createRunDir(opts.stateDir, runId, opts.runbook.source.text);
  const journal = JournalWriter.create(journalPath(runDir), () => clock.now());
  const summary: RunSummary = {
    runId,
    runbookId: opts.runbook.id,
    runbookTitle: opts.runbook.title,
    runbookVersion: opts.runbook.version,
    runbookSha256: opts.runbook.source.sha256,
    tenantLabel: opts.tenant.label,
    practice: opts.tenant.mode === 'practice',
    totalSteps: stepCount(opts.runbook),
  };
  const header: JournalData['run-started'] = {
    format: JOURNAL_FORMAT,
    run: summary,
    runbookPath: opts.runbook.source.path,
    toolVersion: opts.toolVersion,
    inputs,
    tenant: opts.tenant,
  };
  if (opts.operatorName) header.operator = opts.operatorName;
  journal.append('run-started', header);
  const engine = new Engine(opts, opts.runbook, journal, runDir, header, undefined);
  opts.operator.emit({ type: 'run-started', run: summary, resumed: false });
  return engine.go();
}

/** Continues an unfinished run from its journal. */
export async function resumeRun(runDir: string, opts: ResumeRunOptions): Promise<RunOutcome> {
  const clock = opts.clock ?? realClock;
  const { writer: journal, read } = JournalWriter.resume(journalPath(runDir), () => clock.now());
  try {
    const state = replay(read.records);
    if (state.finished) {
      throw new Error(
        `run ${state.header.run.runId} already finished (${state.finished.status}); there is nothing to resume`,
      );
    }
    // A correction either takes effect or is refused here, before anything is written.
    const corrected = correctInputs(opts.runbook, state.header.inputs, opts.corrections ?? {});
    if (corrected.errors.length) throw new InputError(corrected.errors.join('\n'));
    if (read.truncatedTail) {
      journal.append('notice', {
        level: 'warn',
        message: `discarded a partial record on line ${read.truncatedTail.line} (the previous process stopped mid-write; it was never acted on)`,
      });
    }
    let runbook = opts.runbook;
    const header = state.header;
    const changed = runbook.source.sha256 !== header.run.runbookSha256;
    let changedList: string[] | undefined;
    if (changed) {
      const original = opts.originalRunbook;
      changedList = original
        ? changedSteps(original, runbook)
        : ['(the original copy could not be read; compare by hand)'];
      opts.operator.emit({
        type: 'notice',
        level: 'warn',
        message: `The runbook changed since this run began (sha256 ${header.run.runbookSha256.slice(0, 12)} → ${runbook.source.sha256.slice(0, 12)}). Changed: ${changedList.join(', ') || 'nothing step-level'}`,
      });
      const choices = [
        ...(original
          ? [
              {
                value: 'original',
                label: 'Continue with the runbook as it was when the run began',
                hint: 'recommended',
              },
            ]
          : []),
        { value: 'changed', label: 'Continue with the changed runbook', hint: changedList.join(', ') },
        { value: 'quit', label: 'Stop here (the run stays resumable)' },
      ];
      const choice = await opts.operator.ask({
        type: 'choice',
        instanceId: 'resume',
        message: 'The runbook changed. How do you want to continue?',
        choices,
      });
      journal.append('answer', { instanceId: 'resume', prompt: 'runbook-changed', value: choice });
      if (choice === 'quit') {
        journal.close();
        return { status: 'quit', runId: header.run.runId, runDir, signers: [] };
      }
      if (choice === 'original' && original) runbook = original;
    }
    const resumed: JournalData['resumed'] = { runbookSha256: runbook.source.sha256, runbookChanged: changed };
    if (changedList) resumed.changedSteps = changedList;
    journal.append('resumed', resumed);
    for (const c of corrected.changes) {
      journal.append('input-corrected', { instanceId: 'resume', ...c });
      state.header = { ...state.header, inputs: { ...state.header.inputs, [c.name]: c.to } };
      opts.operator.emit({
        type: 'notice',
        level: 'warn',
        message: `Input ${runbook.inputs[c.name]?.label ?? c.name} corrected: ${shortValue(c.from)} → ${shortValue(c.to)} (steps already finished keep what they did).`,
      });
    }
    const engine = new Engine(opts, runbook, journal, runDir, state.header, state);
    const resumeAt = firstUnfinished(runbook, state);
    const ev: EngineEvent = {
      type: 'run-started',
      run: { ...header.run, runbookSha256: runbook.source.sha256 },
      resumed: true,
    };
    if (resumeAt) ev.resumeAt = resumeAt;
    opts.operator.emit(ev);
    return await engine.go();
  } catch (err) {
    journal.close();
    throw err;
  }
}

function firstUnfinished(runbook: Runbook, state: ReplayState): string | undefined {
  for (const s of runbook.steps) if (!state.results.has(s.id)) return s.id;
  return undefined;
}
