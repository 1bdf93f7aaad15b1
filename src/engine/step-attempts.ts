/**
 * One step's attempts: step-started → attempt → on fail/error ask the operator (./failure-prompt.ts):
 * retry | override | abort → step-finished. Each transition is journaled before it is acted on; an
 * attempt's exception becomes an `error` result a person can act on, never a crash of the run.
 */
import type { RunbookStep, StepStatus } from '../core/runbook.js';
import { StepConfigError } from '../core/step-config-error.js';
import { TenantError } from '../core/tenant.js';
import { OperatorQuit, type StepResult } from '../core/events.js';
import type { FailurePrompt } from './failure-prompt.js';
import { AbortRun, RemakeFirst, describeError, type RunCore } from './run-core.js';

const OK: ReadonlySet<StepStatus> = new Set(['pass', 'warn', 'done', 'skipped']);

export class StepAttempts {
  /** Step instances finished by this process. */
  readonly finishedHere = new Set<string>();

  constructor(
    private readonly run: RunCore,
    private readonly failurePrompt: FailurePrompt,
    /** Attempts an earlier process journaled, by instance (numbering goes on from there). */
    private readonly earlierAttempts: ReadonlyMap<string, number> | undefined,
  ) {}

  /** step-started → attempt → on fail/error: retry | override | abort → step-finished. */
  async withFailureHandling(
    step: RunbookStep,
    instanceId: string,
    index: number,
    total: number,
    mutating: boolean,
    attemptFn: () => Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>>,
    /** Runs before every attempt, before it is journaled (re-making lost secrets may run other steps). */
    prepare?: () => Promise<void>,
  ): Promise<StepResult> {
    let attempt = this.earlierAttempts?.get(instanceId) ?? 0;
    for (;;) {
      await prepare?.();
      attempt++;
      this.run.write('step-started', { instanceId, stepId: step.id, kind: step.kind, attempt });
      this.run.emit({
        type: 'step-started',
        instanceId,
        stepId: step.id,
        index,
        total,
        title: step.title,
        prose: step.prose,
        kind: step.kind,
        mutating,
      });
      const startedAt = this.run.clock.now().toISOString();
      let partial: Omit<StepResult, 'startedAt' | 'finishedAt'>;
      try {
        partial = await attemptFn();
      } catch (err) {
        if (err instanceof RemakeFirst) continue; // prepare() re-makes the secret before the next attempt
        if (err instanceof OperatorQuit || err instanceof AbortRun) throw err;
        if (this.run.abort.signal.aborted) throw new OperatorQuit();
        partial = this.errorOf(step, err);
      }
      let result: StepResult = { ...partial, startedAt, finishedAt: this.run.clock.now().toISOString() };
      if (OK.has(result.status) || result.status === 'overridden') {
        this.finishStep(instanceId, result);
        return result;
      }
      const decision = await this.failurePrompt.decide(instanceId, result);
      if (decision.choice === 'retry') {
        this.run.emit({ type: 'step-finished', instanceId, result });
        continue;
      }
      if (decision.choice === 'override') {
        result = {
          ...result,
          status: 'overridden',
          override: {
            justification: decision.justification,
            by: this.run.opts.operatorName ?? this.run.header.operator ?? 'operator',
            at: this.run.clock.now().toISOString(),
          },
        };
        this.finishStep(instanceId, result);
        return result;
      }
      this.finishStep(instanceId, result);
      throw new AbortRun(`aborted at ${instanceId}: ${result.summary}`);
    }
  }

  private finishStep(instanceId: string, result: StepResult): void {
    this.run.write('step-finished', { instanceId, result });
    this.finishedHere.add(instanceId);
    this.run.emit({ type: 'step-finished', instanceId, result });
  }

  private errorOf(step: RunbookStep, err: unknown): Omit<StepResult, 'startedAt' | 'finishedAt'> {
    if (err instanceof TenantError) {
      return { status: 'error', summary: err.explanation.what, outputs: {}, evidence: [], error: err.explanation };
    }
    if (err instanceof StepConfigError) {
      const at = err.path.length ? ` (at ${err.path.join('.')})` : '';
      return {
        status: 'error',
        summary: `Step "${step.title}" is misconfigured: ${err.message}${at}`,
        outputs: {},
        evidence: [],
        error: {
          what: `The runbook step "${step.id}" cannot run`,
          cause: err.message + at,
          todo: err.hint ?? 'Fix the runbook (breakglass validate shows where), then retry.',
        },
      };
    }
    const message = describeError(err);
    return {
      status: 'error',
      summary: `${step.title}: ${message}`,
      outputs: {},
      evidence: [],
      error: {
        what: `Step "${step.id}" failed`,
        cause: message,
        todo: 'Retry, or override with a justification if the procedure must go on.',
      },
    };
  }
}
