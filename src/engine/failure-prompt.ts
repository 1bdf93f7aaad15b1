/**
 * The operator's answer to a failed step: retry, override with a typed justification (recorded), abort,
 * or correct the run's inputs and retry. Each answer is journaled before the engine acts on it; a
 * corrected input changes what the steps still to run see.
 */
import type { Prompt, StepResult } from '../core/events.js';
import { OperatorQuit } from '../core/events.js';
import { correctInputs, inputFields } from './inputs.js';
import { shortValue, type RunCore } from './run-core.js';

const MAX_EMPTY_JUSTIFICATIONS = 3;

export type FailureDecision = { choice: 'retry' | 'abort' } | { choice: 'override'; justification: string };

export class FailurePrompt {
  /** `inputs` is the run's inputs as they are now; a correction changes it in place (the scope holds it). */
  constructor(
    private readonly run: RunCore,
    private readonly inputs: Record<string, unknown>,
  ) {}

  async decide(instanceId: string, result: StepResult): Promise<FailureDecision> {
    const fields = inputFields(this.run.runbook, this.inputs).filter((f) => !f.secret);
    for (let empty = 0; ;) {
      const prompt: Extract<Prompt, { type: 'failure' }> = { type: 'failure', instanceId, result, canRetry: true };
      if (fields.length) prompt.inputs = fields;
      const answer = await this.run.opts.operator.ask(prompt, this.run.abort.signal);
      if (answer.choice === 'correct') {
        if (this.correct(instanceId, answer.inputs ?? {})) {
          this.run.write('answer', { instanceId, prompt: 'failure', value: { choice: 'correct' } });
          return { choice: 'retry' };
        }
        continue;
      }
      if (answer.choice === 'override') {
        const justification = (answer.justification ?? '').trim();
        if (!justification) {
          empty++;
          this.run.emit({
            type: 'notice',
            level: 'warn',
            message: 'To override, type why the procedure may go on (it is recorded in the report).',
          });
          if (empty >= MAX_EMPTY_JUSTIFICATIONS) throw new OperatorQuit();
          continue;
        }
        this.run.write('answer', { instanceId, prompt: 'failure', value: { choice: 'override', justification } });
        return { choice: 'override', justification };
      }
      const choice = answer.choice === 'retry' ? 'retry' : 'abort';
      this.run.write('answer', { instanceId, prompt: 'failure', value: { choice } });
      return { choice };
    }
  }

  /**
   * The operator corrected inputs at a failed step: journal each change before the retry uses it.
   * False (and said why) when a value is not valid — the failure is asked again, nothing changed.
   */
  private correct(instanceId: string, wanted: Record<string, unknown>): boolean {
    const { changes, errors } = correctInputs(this.run.runbook, this.inputs, wanted);
    if (errors.length) {
      for (const message of errors) this.run.emit({ type: 'notice', level: 'warn', message });
      return false;
    }
    for (const c of changes) {
      this.run.write('input-corrected', { instanceId, ...c });
      this.inputs[c.name] = c.to;
      this.run.emit({
        type: 'notice',
        level: 'info',
        message: `Input ${this.run.runbook.inputs[c.name]?.label ?? c.name} corrected: ${shortValue(c.from)} → ${shortValue(c.to)}. Retrying from this step.`,
      });
    }
    if (!changes.length) this.run.emit({ type: 'notice', level: 'info', message: 'No input changed. Retrying.' });
    return true;
  }
}
