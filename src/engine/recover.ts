/**
 * Resume recovery for one step instance, before it runs again after a crash.
 * In journal order: a change journaled as landed finishes the step from the
 * journal (never re-sent); secrets shown or made by the interrupted attempt
 * are declared void; an intent without an outcome is reconciled by reading
 * the tenant. The answer is "finished" (the step's result, nothing to run)
 * or "proceed" (run the step; `reconciled` when a pending intent was found
 * not applied, so the engine checks first whether a lost secret must be
 * made again).
 */
import type { AnyStepKind } from '../core/catalog.js';
import type { EngineEvent, StepResult } from '../core/events.js';
import type { JournalData, JournalType } from '../core/journal-types.js';
import type { StepContext } from '../core/step.js';
import type { RequestEvidence } from '../core/tenant.js';
import type { ReplayState } from './replay.js';

export type Recovery =
  | { status: 'finished'; result: Omit<StepResult, 'startedAt' | 'finishedAt'> }
  | { status: 'proceed'; reconciled: boolean };

export interface RecoveryDeps {
  /** What the journal of the interrupted run says (undefined for a fresh run). */
  replayed: ReplayState | undefined;
  /** Secrets made (and kept by name) before the interruption whose values died with the old process. */
  lost: Map<string, JournalData['secret-kept']>;
  write<T extends JournalType>(type: T, data: JournalData[T]): void;
  emit(e: EngineEvent): void;
  evidenceOf(instanceId: string): RequestEvidence[];
}

export async function recoverStep(
  instanceId: string,
  kind: AnyStepKind,
  ctx: StepContext<unknown>,
  deps: RecoveryDeps,
): Promise<Recovery> {
  // The step's change was journaled as done, only step-finished is missing: finish it from the journal
  // (re-running would send a non-idempotent change, e.g. a password or a TAP, a second time).
  const landed = kind.mayMutate ? deps.replayed?.landed.get(instanceId) : undefined;
  if (landed && !deps.replayed?.pendingIntents.get(instanceId)?.length) {
    deps.replayed!.landed.delete(instanceId);
    return {
      status: 'finished',
      result: {
        status: 'done',
        summary: `${landed.actionId} was ${landed.status === 'already-done' ? 'already done' : 'applied'} before the interruption (journaled)`,
        outputs: landed.outputs ?? {},
        evidence: [],
      },
    };
  }

  // Secrets shown by an attempt that never finished are gone from memory: void them, make new ones.
  const exposed = deps.replayed?.exposedSecrets.get(instanceId);
  if (exposed?.length) {
    for (const s of exposed) {
      deps.write('secret-voided', {
        instanceId,
        fingerprint: s.fingerprint,
        reason: 'the run stopped before the step finished; the secret was never stored',
      });
    }
    deps.replayed!.exposedSecrets.delete(instanceId);
    const envelopes = exposed.map((s) => `${s.label}${s.envelope ? ` (envelope ${s.envelope})` : ''} ${s.fingerprint}`);
    deps.emit({
      type: 'notice',
      level: 'warn',
      message: `Void and destroy what was shown before the interruption: ${envelopes.join('; ')}. New values follow.`,
    });
  }

  // Made by this step before the interruption but never shown (e.g. a TAP whose outcome was journaled
  // just before the kill): nobody has it, so it is void; running the step again makes a new one.
  for (const [name, kept] of deps.lost) {
    if (kept.instanceId !== instanceId) continue;
    deps.lost.delete(name);
    if (exposed?.some((s) => s.fingerprint === kept.fingerprint)) continue; // voided above
    deps.write('secret-voided', {
      instanceId,
      fingerprint: kept.fingerprint,
      reason: `"${name}" was made before the run stopped and never shown; a new one is made`,
    });
  }

  // An intent without an outcome: the change may or may not have reached the tenant. Read, never re-send blindly.
  const pending = deps.replayed?.pendingIntents.get(instanceId);
  if (pending?.length) {
    const intent = pending[pending.length - 1]!;
    if (!kind.reconcile) {
      deps.write('outcome', {
        instanceId,
        actionId: intent.actionId,
        key: intent.key,
        status: 'reconciled-not-applied',
      });
      pending.length = 0;
    } else {
      ctx.progress(`Checking whether ${intent.actionId} reached the tenant before the interruption…`);
      const state = await kind.reconcile(ctx, intent); // throws → error result; the intent stays pending for a retry
      pending.length = 0;
      if (state.applied) {
        const outcome: JournalData['outcome'] = {
          instanceId,
          actionId: intent.actionId,
          key: intent.key,
          status: 'reconciled-applied',
        };
        if (state.outputs) outcome.outputs = state.outputs;
        deps.write('outcome', outcome);
        const evidence = deps.evidenceOf(instanceId);
        return {
          status: 'finished',
          result: {
            status: 'done',
            summary: `${intent.actionId} was applied before the interruption (confirmed by reading the tenant)`,
            outputs: state.outputs ?? {},
            evidence,
          },
        };
      }
      if (state.lost) {
        deps.write('outcome', {
          instanceId,
          actionId: intent.actionId,
          key: intent.key,
          status: 'reconciled-not-applied',
          lost: state.lost,
        });
        deps.emit({
          type: 'step-log',
          instanceId,
          level: 'warn',
          message: `${intent.actionId} reached the tenant before the interruption, but ${state.lost}; asking again before sending it.`,
        });
      } else if (state.unknown) {
        deps.write('outcome', {
          instanceId,
          actionId: intent.actionId,
          key: intent.key,
          status: 'reconciled-not-applied',
        });
        deps.emit({
          type: 'step-log',
          instanceId,
          level: 'warn',
          message: `Could not tell whether ${intent.actionId} reached the tenant before the interruption: ${state.unknown}; asking again before sending it.`,
        });
      } else {
        deps.write('outcome', {
          instanceId,
          actionId: intent.actionId,
          key: intent.key,
          status: 'reconciled-not-applied',
        });
        deps.emit({
          type: 'step-log',
          instanceId,
          level: 'info',
          message: `${intent.actionId} had not reached the tenant; asking again before sending it.`,
        });
      }
    }
    return { status: 'proceed', reconciled: true };
  }
  return { status: 'proceed', reconciled: false };
}
