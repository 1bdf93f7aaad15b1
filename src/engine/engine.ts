/**
 * One run, step by step: the Engine walks the runbook's steps and foreach groups, skips what an earlier
 * process finished (restoring its outputs), re-makes secrets the stopped process took with it, and runs
 * each step instance through its attempts (./step-attempts.ts). Its parts, each in its own module:
 * what `${…}` sees (./step-scope.ts), the tenant sessions (./identity-sessions.ts), what a step kind is
 * handed (./step-context.ts), crash recovery (./recover.ts) and the end of the run (./run-finish.ts).
 */
import { evaluateCondition, resolveValue } from '../expr/index.js';
import type { Runbook, RunbookStep } from '../core/runbook.js';
import type { AnyStepKind } from '../core/catalog.js';
import { describeStep, mutationOf } from '../runbook/describe.js';
import { StepConfigError } from '../core/step-config-error.js';
import type { Signer } from '../core/step.js';
import { realClock } from '../util/clock.js';
import { OperatorQuit, type EngineEvent, type StepResult } from '../core/events.js';
import { remembersForms } from './form-memory.js';
import { refNamer } from './ref-names.js';
import { skippedSentence } from '../expr/describe.js';
import { stepCount } from '../runbook/step-numbers.js';
import type { JournalWriter } from '../journal/journal.js';
import type { JournalData, JournalType } from '../core/journal-types.js';
import type { ReplayState } from './replay.js';
import { MemoryVault } from './vault.js';
import { recoverStep } from './recover.js';
import { planRemake, type RemakePlan, type Walked } from './lost-secrets.js';
import { AbortRun, RemakeFirst, type Iteration, type Placement, type RunCore } from './run-core.js';
import type { CommonRunOptions, RunOutcome } from './run-options.js';
import { StepScope, foreachItems, localId } from './step-scope.js';
import { IdentitySessions } from './identity-sessions.js';
import { FailurePrompt } from './failure-prompt.js';
import { StepAttempts } from './step-attempts.js';
import { stepContext, type StepContextParts } from './step-context.js';
import { finishRun } from './run-finish.js';

export class Engine {
  private readonly run: RunCore;
  private readonly vault = new MemoryVault();
  private readonly signers: Signer[] = [];
  private readonly scope: StepScope;
  private readonly sessions: IdentitySessions;
  private readonly attempts: StepAttempts;
  private readonly contextParts: StepContextParts;
  /** Every step instance reached in this process, in run order (skipped-as-done ones too). */
  private readonly walked = new Map<string, Walked<Placement>>();
  /** Secrets an earlier process made and this one has not made again: vault name → who made it. */
  private readonly lost: Map<string, JournalData['secret-kept']>;

  constructor(
    private readonly opts: CommonRunOptions,
    private readonly runbook: Runbook,
    private readonly journal: JournalWriter,
    runDir: string,
    header: JournalData['run-started'],
    private readonly replayed: ReplayState | undefined,
  ) {
    const abort = new AbortController();
    this.run = {
      opts,
      runbook,
      header,
      runDir,
      clock: opts.clock ?? realClock,
      abort,
      practice: header.tenant.mode === 'practice',
      write: <T extends JournalType>(type: T, data: JournalData[T]) => void journal.append(type, data),
      emit: (e: EngineEvent) => opts.operator.emit(e),
    };
    this.lost = new Map(replayed?.keptSecrets ?? []);
    /** The run's inputs as they are now (a correction at a failed step changes them for what follows). */
    const inputs = { ...header.inputs };
    this.scope = new StepScope({
      inputs,
      run: {
        id: header.run.runId,
        practice: header.tenant.mode === 'practice',
        tenant: { ...header.tenant },
        runbook: { id: header.run.runbookId, version: header.run.runbookVersion },
      },
    });
    this.sessions = new IdentitySessions(this.run);
    this.attempts = new StepAttempts(this.run, new FailurePrompt(this.run, inputs), replayed?.attempts);
    this.contextParts = {
      run: this.run,
      // What steps ask: a form asked again on retry comes back with what was typed (./form-memory.ts).
      operator: remembersForms(opts.operator),
      sessions: this.sessions,
      vault: this.vault,
      lost: this.lost,
      signers: this.signers,
    };
    if (opts.signal) {
      if (opts.signal.aborted) abort.abort(opts.signal.reason);
      else opts.signal.addEventListener('abort', () => abort.abort(opts.signal!.reason), { once: true });
    }
  }

  private get runId(): string {
    return this.run.header.run.runId;
  }

  async go(): Promise<RunOutcome> {
    // The same count the overview and the report give (skipped steps included).
    const total = stepCount(this.runbook);
    try {
      for (const [i, step] of this.runbook.steps.entries()) {
        if (step.children.length > 0) await this.runGroup(step, i + 1, total);
        else await this.runInstance(step, step.id, i + 1, total, undefined);
      }
      return await this.finish('completed');
    } catch (err) {
      if (err instanceof AbortRun) return await this.finish('aborted', err.reason);
      if (err instanceof OperatorQuit || this.run.abort.signal.aborted) {
        this.run.write('notice', { level: 'info', message: 'operator quit; the run can be resumed' });
        this.journal.close();
        this.vault.clear();
        return { status: 'quit', runId: this.runId, runDir: this.run.runDir, signers: [] };
      }
      this.journal.close();
      throw err;
    }
  }

  private finish(status: 'completed' | 'aborted', reason?: string): Promise<RunOutcome> {
    return finishRun(this.run, this.journal, this.vault, this.signers, status, reason);
  }

  // ── groups ───────────────────────────────────────────────────────────────

  private async runGroup(group: RunbookStep, index: number, total: number): Promise<void> {
    const done = this.replayed?.results.get(group.id);
    if (done) {
      this.scope.restoreGroup(group, done, this.replayed);
      return;
    }
    const result = await this.attempts.withFailureHandling(group, group.id, index, total, false, async () => {
      const scope = this.scope.base;
      if (group.when !== undefined && !evaluateCondition(group.when, scope)) {
        return {
          status: 'skipped',
          summary: skippedSentence(group.when, scope, refNamer(this.runbook)),
          outputs: {},
          evidence: [],
        };
      }
      const items = foreachItems(group, scope);
      for (const [i, item] of items.entries()) {
        const iter: Iteration = {
          groupId: group.id,
          as: group.foreach?.as ?? 'item',
          item,
          index: i,
          local: Object.create(null) as Record<string, unknown>,
        };
        for (const child of group.children) {
          await this.runInstance(child, `${group.id}[${i + 1}].${localId(group, child)}`, index, total, iter, group);
        }
      }
      return {
        status: 'done',
        summary: `${items.length} item(s) done`,
        outputs: { count: items.length },
        evidence: [],
      };
    });
    this.scope.groupEnded(group, result);
  }

  // ── steps ────────────────────────────────────────────────────────────────

  private async runInstance(
    step: RunbookStep,
    instanceId: string,
    index: number,
    total: number,
    iter: Iteration | undefined,
    group?: RunbookStep,
  ): Promise<void> {
    const kind = this.opts.catalog.stepKind(step.kind);
    this.walked.set(instanceId, {
      instanceId,
      uses: () => this.secretsUsedBy(step, iter),
      entry: { step, index, total, iter, group },
    });
    const done = this.replayed?.results.get(instanceId);
    // Signers' keys and passphrases live only in memory, so a sign-off from an earlier process is asked again.
    if (done && !kind?.repeatsOnResume) {
      this.scope.recordOutputs(step, done.outputs, iter, group);
      return;
    }
    // Unresolved expressions may not parse yet (then a kind that may mutate counts as mutating); the real check happens in execute().
    const mutating = kind ? mutationOf(step, describeStep(step, this.opts.catalog)).mutating : false;
    const result = await this.attempts.withFailureHandling(
      step,
      instanceId,
      index,
      total,
      mutating,
      () => this.execute(step, instanceId, kind, iter),
      () => this.remakeLostSecrets(step, instanceId, iter),
    );
    this.scope.recordOutputs(step, result.outputs, iter, group);
  }

  /** Vault names a step instance reads, resolved in its own scope ([] when it reads none or cannot resolve yet). */
  private secretsUsedBy(step: RunbookStep, iter: Iteration | undefined): string[] {
    const kind = this.opts.catalog.stepKind(step.kind);
    if (!kind?.secretsUsed) return [];
    try {
      const scope = this.scope.scopeFor(iter);
      const parsed = kind.schema.safeParse(resolveValue(step.config, scope));
      if (!parsed.success) return [];
      return kind.secretsUsed(parsed.data, resolveValue(step.with, scope) as Record<string, unknown>, {
        practice: this.run.practice,
        catalog: this.opts.catalog,
      });
    } catch {
      return [];
    }
  }

  /** What must run again before this step can (see lost-secrets.ts); undefined when nothing it needs is lost. */
  private remakePlan(
    step: RunbookStep,
    instanceId: string,
    iter: Iteration | undefined,
  ): RemakePlan<Placement> | undefined {
    const replayed = this.replayed;
    if (!replayed || this.lost.size === 0) return undefined;
    const needs = this.secretsUsedBy(step, iter).filter((n) => !this.vault.has(n));
    return planRemake(instanceId, needs, [...this.walked.values()], {
      lost: this.lost,
      finished: (id) => replayed.results.has(id) || this.attempts.finishedHere.has(id),
      shown: (id) => replayed.shownSecrets.get(id) ?? [],
    });
  }

  /**
   * Before a step that needs a secret the last process made (and took with it):
   * void the old value, run its maker and the finished steps that used it again.
   * A step with a pending intent reconciles first; if the change must still be
   * sent, execute() throws RemakeFirst and the next attempt comes back here.
   */
  private async remakeLostSecrets(step: RunbookStep, instanceId: string, iter: Iteration | undefined): Promise<void> {
    const replayed = this.replayed;
    if (!replayed || replayed.pendingIntents.get(instanceId)?.length) return;
    const plan = this.remakePlan(step, instanceId, iter);
    if (!plan) return;
    const names = plan.names.map((n) => `"${n}"`).join(', ');
    const reason = `${names} lived only in the memory of the process that stopped; "${step.title}" needs it, so it is made again`;
    for (const v of plan.voids)
      this.run.write('secret-voided', { instanceId: v.instanceId, fingerprint: v.fingerprint, reason });
    for (const n of plan.names) this.lost.delete(n); // void now; the re-run makes them anew
    for (const w of plan.rerun) {
      replayed.results.delete(w.instanceId);
      replayed.shownSecrets.delete(w.instanceId);
    }
    const old = [...new Set(plan.voids.map((v) => v.fingerprint))].join(', ');
    this.run.emit({
      type: 'notice',
      level: 'warn',
      message: `${names} was lost when the run stopped (secrets are never written down) and "${step.title}" needs it. The old value is void: destroy anything holding it (${old}). Running again: ${plan.rerun.map((w) => `"${w.entry.step.title}"`).join(', ')}.`,
    });
    for (const w of plan.rerun) {
      const p = w.entry;
      await this.runInstance(p.step, w.instanceId, p.index, p.total, p.iter, p.group);
    }
  }

  private async execute(
    step: RunbookStep,
    instanceId: string,
    kind: AnyStepKind | undefined,
    iter: Iteration | undefined,
  ): Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>> {
    if (!kind) throw new StepConfigError(`unknown step kind "${step.kind}"`, []);
    const scope = this.scope.scopeFor(iter);
    if (step.when !== undefined && !evaluateCondition(step.when, scope)) {
      return {
        status: 'skipped',
        summary: skippedSentence(step.when, scope, refNamer(this.runbook)),
        outputs: {},
        evidence: [],
      };
    }
    const parsed = kind.schema.safeParse(resolveValue(step.config, scope));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StepConfigError(
        issue.message,
        issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      );
    }
    const config: unknown = parsed.data;
    kind.describe(config, step, this.opts.catalog);
    const args = resolveValue(step.with, scope) as Record<string, unknown>;
    const ctx = stepContext(this.contextParts, step, instanceId, config, args, scope);

    // After a crash: finish from the journal, void lost secrets, reconcile a pending intent (./recover.ts).
    const recovery = await recoverStep(instanceId, kind, ctx, {
      replayed: this.replayed,
      lost: this.lost,
      write: (type, data) => this.run.write(type, data),
      emit: (e) => this.run.emit(e),
      evidenceOf: (id) => this.sessions.of(id)?.drainEvidence() ?? [],
    });
    if (recovery.status === 'finished') return recovery.result;
    // To send the change now the step needs a secret that died with the old process: make that first.
    if (recovery.reconciled && this.remakePlan(step, instanceId, iter)) throw new RemakeFirst();
    return kind.run(ctx);
  }
}
