/**
 * What every part of one run shares (./engine.ts and the modules it hands work to): the options, the
 * runbook, the journal and the operator, and the two ways a run is stopped from deep inside a step.
 */
import type { Runbook, RunbookStep } from '../core/runbook.js';
import type { EngineEvent } from '../core/events.js';
import type { JournalData, JournalType } from '../core/journal-types.js';
import type { Clock } from '../util/clock.js';
import type { CommonRunOptions } from './run-options.js';

export interface RunCore {
  readonly opts: CommonRunOptions;
  readonly runbook: Runbook;
  readonly header: JournalData['run-started'];
  readonly runDir: string;
  readonly clock: Clock;
  /** Aborted when the operator quits or the caller's signal fires. */
  readonly abort: AbortController;
  /** Whether the run is on the practice tenant. */
  readonly practice: boolean;
  /** Journal a record (fsync'd before the engine acts on it). */
  write<T extends JournalType>(type: T, data: JournalData[T]): void;
  /** Tell the operator. */
  emit(e: EngineEvent): void;
}

/** Internal: a reconciled step needs a secret the stopped process took with it; re-make it, then attempt again. */
export class RemakeFirst extends Error {}

/** The operator chose to abort at a failed step: the run ends `aborted`. */
export class AbortRun extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** One pass of a foreach group. */
export interface Iteration {
  groupId: string;
  as: string;
  item: unknown;
  /** 0-based, as in `${steps.enroll[0].create-tap.id}`. */
  index: number;
  /** Outputs of the children so far in this iteration, by local id. */
  local: Record<string, unknown>;
}

/** Where a step instance sits in the run, so it can be run again (see lost-secrets.ts). */
export interface Placement {
  step: RunbookStep;
  index: number;
  total: number;
  iter: Iteration | undefined;
  group: RunbookStep | undefined;
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An input's value as one line: a list joined, nothing as "(none)". */
export function shortValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(none)';
  return Array.isArray(v) ? v.join(', ') : String(v);
}
