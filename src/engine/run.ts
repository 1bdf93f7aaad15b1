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
 */
import { evaluateCondition, resolveValue, resolveString, type Scope } from '../expr/index.js';
import type { IdentitySpec, Runbook, RunbookStep, StepStatus } from '../core/runbook.js';
import type { AnyStepKind, Catalog } from '../core/catalog.js';
import { describeStep, mutationOf } from '../runbook/describe.js';
import { StepConfigError } from '../core/step-config-error.js';
import type { SecretVault } from '../core/action.js';
import type { PracticeHooks, Signer, StepContext } from '../core/step.js';
import {
  TenantError,
  type IdentityRequest,
  type TenantFactory,
  type TenantInfo,
  type TenantSession,
} from '../core/tenant.js';
import { realClock, type Clock } from '../util/clock.js';
import {
  OperatorQuit,
  type EngineEvent,
  type OperatorPort,
  type Prompt,
  type ReportVerdict,
  type RunSummary,
  type StepResult,
} from '../core/events.js';
import { collectInputs, correctInputs, inputFields, InputError, type SuggestInputs } from './inputs.js';
import { remembersForms } from './form-memory.js';
import { refNamer } from './ref-names.js';
import { skippedSentence } from '../expr/describe.js';
import { stepCount } from '../runbook/step-numbers.js';
import { JournalWriter } from '../journal/journal.js';
import type { JournalData, JournalType } from '../core/journal-types.js';
import { JOURNAL_FORMAT } from '../core/journal-types.js';
import { replay, type ReplayState } from './replay.js';
import { changedSteps } from './runbook-diff.js';
import { MemoryVault } from './vault.js';
import { recoverStep } from './recover.js';
import { planRemake, type RemakePlan, type Walked } from './lost-secrets.js';
import { createRunDir, journalPath, newRunId } from '../state/runs.js';

export interface CommonRunOptions {
  operator: OperatorPort;
  /** The step kinds, actions, checks and queries this run may use (commands pass the built-in catalogue). */
  catalog: Catalog;
  /**
   * Called lazily, at the first step that needs the tenant — once per identity
   * (per distinct resolved spec). `identity` is request.name, kept for simple factories.
   */
  tenantFactory: TenantFactory;
  stateDir: string;
  clock?: Clock;
  practiceHooks?: PracticeHooks;
  toolVersion: string;
  /** Who runs it (recorded on overrides); the signed-in user is journaled separately. */
  operatorName?: string;
  /**
   * Runs when the run ends (completed/aborted), after run-finished is durable; returns the report
   * path, or the path and what the report says (shown on the end screen).
   */
  onFinished?(run: FinishedRun): Promise<string | { reportPath: string; verdict?: ReportVerdict } | undefined>;
  signal?: AbortSignal;
  /** The private key files in the keys folder, for a sign-off form to offer (commands pass the real folder). */
  signingKeys?(): Promise<string[]>;
}

export interface StartRunOptions extends CommonRunOptions {
  runbook: Runbook;
  inputs?: Record<string, unknown>;
  tenant: TenantInfo;
  runId?: string;
  /** Reads the tenant's suggestions for inputs that declare `suggest:` (a person at a terminal only). */
  suggestInputs?: SuggestInputs;
}

export interface ResumeRunOptions extends CommonRunOptions {
  /** The runbook as it is now (re-loaded from its path). */
  runbook: Runbook;
  /**
   * The runbook as it was when the run began (the caller parses the run dir's runbook.md copy),
   * to name the changed steps and to offer continuing with the original.
   */
  originalRunbook?: Runbook;
  /**
   * Inputs the operator corrects on resuming (`resume --input name=value`): checked against the
   * runbook's specs and journaled as `input-corrected`; the steps still to run see the new value.
   */
  corrections?: Record<string, unknown>;
}

export interface FinishedRun {
  runId: string;
  runDir: string;
  status: 'completed' | 'aborted';
  signers: Signer[];
  practice: boolean;
}

export interface RunOutcome {
  status: 'completed' | 'aborted' | 'quit';
  runId: string;
  runDir: string;
  /** Key paths + passphrases, in memory only, for the report writer. */
  signers: Signer[];
  reason?: string;
  reportPath?: string;
}

const OK: ReadonlySet<StepStatus> = new Set(['pass', 'warn', 'done', 'skipped']);
const MAX_EMPTY_JUSTIFICATIONS = 3;

/** Internal: a reconciled step needs a secret the stopped process took with it; re-make it, then attempt again. */
class RemakeFirst extends Error {}

class AbortRun extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Where a step instance sits in the run, so it can be run again (see lost-secrets.ts). */
interface Placement {
  step: RunbookStep;
  index: number;
  total: number;
  iter: Iteration | undefined;
  group: RunbookStep | undefined;
}

interface Iteration {
  groupId: string;
  as: string;
  item: unknown;
  /** 0-based, as in `${steps.enroll[0].create-tap.id}`. */
  index: number;
  /** Outputs of the children so far in this iteration, by local id. */
  local: Record<string, unknown>;
}

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

function localId(group: RunbookStep, child: RunbookStep): string {
  return child.id.startsWith(group.id + '.') ? child.id.slice(group.id.length + 1) : child.id;
}

function shortValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(none)';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class Engine {
  private readonly clock: Clock;
  private readonly vault = new MemoryVault();
  private readonly signers: Signer[] = [];
  private readonly tenants = new Map<string, Promise<TenantSession>>();
  /** The session each step instance signed in with (for the evidence of a reconciled intent). */
  private readonly sessionOf = new Map<string, TenantSession>();
  private readonly abort = new AbortController();
  private readonly stepOutputs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly base: Scope;
  /** The run's inputs as they are now (a correction at a failed step changes them for what follows). */
  private readonly inputs: Record<string, unknown>;
  /** What steps ask: a form asked again on retry comes back with what was typed (./form-memory.ts). */
  private readonly stepOperator: OperatorPort;
  /** Every step instance reached in this process, in run order (skipped-as-done ones too). */
  private readonly walked = new Map<string, Walked<Placement>>();
  /** Secrets an earlier process made and this one has not made again: vault name → who made it. */
  private readonly lost: Map<string, JournalData['secret-kept']>;
  /** Step instances finished by this process. */
  private readonly finishedHere = new Set<string>();

  constructor(
    private readonly opts: CommonRunOptions,
    private readonly runbook: Runbook,
    private readonly journal: JournalWriter,
    private readonly runDir: string,
    private readonly header: JournalData['run-started'],
    private readonly replayed: ReplayState | undefined,
  ) {
    this.clock = opts.clock ?? realClock;
    this.lost = new Map(replayed?.keptSecrets ?? []);
    this.inputs = { ...header.inputs };
    this.stepOperator = remembersForms(opts.operator);
    this.base = {
      inputs: this.inputs,
      steps: this.stepOutputs,
      run: {
        id: header.run.runId,
        practice: header.tenant.mode === 'practice',
        tenant: { ...header.tenant },
        runbook: { id: header.run.runbookId, version: header.run.runbookVersion },
      },
    };
    if (opts.signal) {
      if (opts.signal.aborted) this.abort.abort(opts.signal.reason);
      else opts.signal.addEventListener('abort', () => this.abort.abort(opts.signal!.reason), { once: true });
    }
  }

  private get runId(): string {
    return this.header.run.runId;
  }

  private get practice(): boolean {
    return this.header.tenant.mode === 'practice';
  }

  private emit(e: EngineEvent): void {
    this.opts.operator.emit(e);
  }

  private write<T extends JournalType>(type: T, data: JournalData[T]): void {
    this.journal.append(type, data);
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
      if (err instanceof OperatorQuit || this.abort.signal.aborted) {
        this.write('notice', { level: 'info', message: 'operator quit; the run can be resumed' });
        this.journal.close();
        this.vault.clear();
        return { status: 'quit', runId: this.runId, runDir: this.runDir, signers: [] };
      }
      this.journal.close();
      throw err;
    }
  }

  private async finish(status: 'completed' | 'aborted', reason?: string): Promise<RunOutcome> {
    const data: JournalData['run-finished'] = { status };
    if (reason) data.reason = reason;
    this.write('run-finished', data);
    this.journal.close();
    this.vault.clear();
    let reportPath: string | undefined;
    let verdict: ReportVerdict | undefined;
    if (this.opts.onFinished) {
      try {
        const written = await this.opts.onFinished({
          runId: this.runId,
          runDir: this.runDir,
          status,
          signers: this.signers,
          practice: this.practice,
        });
        if (typeof written === 'string') reportPath = written;
        else if (written) ({ reportPath, verdict } = written);
      } catch (err) {
        this.emit({
          type: 'notice',
          level: 'error',
          message: `The report could not be written: ${describeError(err)}. The journal is complete; \`breakglass verify\` can rebuild it.`,
        });
      }
    }
    const ev: EngineEvent = { type: 'run-finished', status, runDir: this.runDir };
    if (reportPath) ev.reportPath = reportPath;
    if (verdict) ev.report = verdict;
    if (reason) ev.reason = reason;
    this.emit(ev);
    const out: RunOutcome = { status, runId: this.runId, runDir: this.runDir, signers: this.signers };
    if (reason) out.reason = reason;
    if (reportPath) out.reportPath = reportPath;
    return out;
  }

  // ── scope ────────────────────────────────────────────────────────────────

  private scopeFor(iter: Iteration | undefined): Scope {
    if (!iter) return this.base;
    const steps: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    Object.assign(steps, this.stepOutputs, iter.local);
    return { ...this.base, steps, [iter.as]: iter.item, loop: { index: iter.index, number: iter.index + 1 } };
  }

  private recordOutputs(
    step: RunbookStep,
    outputs: Record<string, unknown>,
    iter: Iteration | undefined,
    group?: RunbookStep,
  ): void {
    if (!iter || !group) {
      this.stepOutputs[step.id] = outputs;
      return;
    }
    const local = localId(group, step);
    iter.local[local] = outputs;
    let arr = this.stepOutputs[group.id] as Record<string, unknown>[] | undefined;
    if (!Array.isArray(arr)) {
      arr = [];
      this.stepOutputs[group.id] = arr;
    }
    const slot = (arr[iter.index] ??= Object.create(null) as Record<string, unknown>);
    slot[local] = outputs;
  }

  // ── tenant ───────────────────────────────────────────────────────────────

  /**
   * The session for a step's identity. A named identity's expression fields are
   * resolved NOW, against the scope of the step that needs it — its client id
   * and certificate may come from an earlier step's outputs. One session per
   * identity and resolved spec; each sign-in is journaled (who, never a token).
   */
  private async tenantFor(step: RunbookStep, instanceId: string, scope: Scope): Promise<TenantSession> {
    const name = step.identity;
    const spec = name === undefined ? undefined : this.resolveIdentity(name, scope);
    const key = name === undefined ? '' : `${name}\u0000${JSON.stringify(spec)}`;
    let pending = this.tenants.get(key);
    if (!pending) {
      pending = this.signIn(name, spec, instanceId);
      this.tenants.set(key, pending);
      // A failed sign-in is not cached: retry tries again.
      pending.catch(() => this.tenants.delete(key));
    }
    const session = await pending;
    this.sessionOf.set(instanceId, session);
    return session;
  }

  private resolveIdentity(name: string, scope: Scope): IdentitySpec {
    const declared = this.runbook.identities[name];
    if (!declared)
      throw new StepConfigError(`identity \`${name}\` is not declared under \`identities:\` in the front matter`, [
        'identity',
      ]);
    const out: IdentitySpec = { name, flow: declared.flow };
    for (const field of [
      'label',
      'clientId',
      'certificatePath',
      'secretEnv',
      'passphraseEnv',
      'practiceUpn',
    ] as const) {
      const raw = declared[field];
      if (raw === undefined) continue;
      let value: unknown;
      try {
        value = resolveString(raw, scope);
      } catch (err) {
        throw new StepConfigError(
          `identity \`${name}\`: ${field} \`${raw}\` cannot be resolved yet (${describeError(err)})`,
          ['identities', name, field],
        );
      }
      if (
        value === undefined ||
        value === null ||
        value === '' ||
        (typeof value !== 'string' && typeof value !== 'number')
      ) {
        throw new StepConfigError(
          `identity \`${name}\`: ${field} \`${raw}\` has no value at this step`,
          ['identities', name, field],
          'An earlier step must produce it first (was it skipped?). Fix the runbook or take the branch that provides it.',
        );
      }
      out[field] = String(value);
    }
    return out;
  }

  private async signIn(
    name: string | undefined,
    spec: IdentitySpec | undefined,
    instanceId: string,
  ): Promise<TenantSession> {
    const request: IdentityRequest = {
      instanceId,
      askSecret: async (label) => {
        // Asked here, answered by the operator, handed to MSAL — and deliberately never journaled.
        const answer = await this.opts.operator.ask(
          {
            type: 'form',
            instanceId: `identity.${name ?? 'default'}`,
            title: `Sign in${spec?.label ? ` as ${spec.label}` : ''}`,
            fields: [{ name: 'secret', type: 'string', label, required: true, secret: true }],
          },
          this.abort.signal,
        );
        const v = answer['secret'];
        return typeof v === 'string' ? v : '';
      },
      notify: (message) => this.emit({ type: 'notice', level: 'info', message }),
      signal: this.abort.signal,
    };
    if (name !== undefined) request.name = name;
    if (spec) request.spec = spec;
    const session = await this.opts.tenantFactory(name, request);
    const who = await session.identity();
    const rec: JournalData['signed-in'] = {
      tenantId: who.tenantId,
      oid: who.oid,
      kind: who.kind,
      granted: who.granted,
    };
    if (name) rec.identity = name;
    if (who.upn) rec.upn = who.upn;
    if (who.appId) rec.appId = who.appId;
    this.write('signed-in', rec);
    const as = spec?.label ? ` (${spec.label})` : '';
    this.emit({
      type: 'notice',
      level: 'info',
      message: `Signed in to ${session.label} as ${who.upn ?? who.appId ?? who.oid}${as}`,
    });
    return session;
  }

  // ── groups ───────────────────────────────────────────────────────────────

  private async runGroup(group: RunbookStep, index: number, total: number): Promise<void> {
    const done = this.replayed?.results.get(group.id);
    if (done) {
      this.restoreGroup(group, done);
      return;
    }
    const result = await this.withFailureHandling(group, group.id, index, total, false, async () => {
      const scope = this.base;
      if (group.when !== undefined && !evaluateCondition(group.when, scope)) {
        return {
          status: 'skipped',
          summary: skippedSentence(group.when, scope, refNamer(this.runbook)),
          outputs: {},
          evidence: [],
        };
      }
      const items = this.foreachItems(group, scope);
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
    if (result.status !== 'done') this.stepOutputs[group.id] = result.outputs;
    else if (!Array.isArray(this.stepOutputs[group.id])) this.stepOutputs[group.id] = [];
  }

  private foreachItems(group: RunbookStep, scope: Scope): unknown[] {
    if (!group.foreach) return [undefined];
    const expr = group.foreach.expr.includes('${') ? group.foreach.expr : `\${${group.foreach.expr}}`;
    const value = resolveString(expr, scope);
    if (!Array.isArray(value)) {
      throw new StepConfigError(
        `foreach: \`${group.foreach.expr}\` is not a list (got ${value === null ? 'null' : typeof value})`,
        ['foreach'],
      );
    }
    return value;
  }

  /** A group finished in an earlier process: put its children's outputs back into scope. */
  private restoreGroup(group: RunbookStep, result: StepResult): void {
    const count = typeof result.outputs['count'] === 'number' ? result.outputs['count'] : 0;
    const arr: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const slot = Object.create(null) as Record<string, unknown>;
      for (const child of group.children) {
        const r = this.replayed?.results.get(`${group.id}[${i + 1}].${localId(group, child)}`);
        if (r) slot[localId(group, child)] = r.outputs;
      }
      arr.push(slot);
    }
    this.stepOutputs[group.id] = count > 0 ? arr : result.outputs;
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
      this.recordOutputs(step, done.outputs, iter, group);
      return;
    }
    // Unresolved expressions may not parse yet (then a kind that may mutate counts as mutating); the real check happens in execute().
    const mutating = kind ? mutationOf(step, describeStep(step, this.opts.catalog)).mutating : false;
    const result = await this.withFailureHandling(
      step,
      instanceId,
      index,
      total,
      mutating,
      () => this.execute(step, instanceId, kind, iter),
      () => this.remakeLostSecrets(step, instanceId, iter),
    );
    this.recordOutputs(step, result.outputs, iter, group);
  }

  /** Vault names a step instance reads, resolved in its own scope ([] when it reads none or cannot resolve yet). */
  private secretsUsedBy(step: RunbookStep, iter: Iteration | undefined): string[] {
    const kind = this.opts.catalog.stepKind(step.kind);
    if (!kind?.secretsUsed) return [];
    try {
      const scope = this.scopeFor(iter);
      const parsed = kind.schema.safeParse(resolveValue(step.config, scope));
      if (!parsed.success) return [];
      return kind.secretsUsed(parsed.data, resolveValue(step.with, scope) as Record<string, unknown>, {
        practice: this.practice,
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
      finished: (id) => replayed.results.has(id) || this.finishedHere.has(id),
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
      this.write('secret-voided', { instanceId: v.instanceId, fingerprint: v.fingerprint, reason });
    for (const n of plan.names) this.lost.delete(n); // void now; the re-run makes them anew
    for (const w of plan.rerun) {
      replayed.results.delete(w.instanceId);
      replayed.shownSecrets.delete(w.instanceId);
    }
    const old = [...new Set(plan.voids.map((v) => v.fingerprint))].join(', ');
    this.emit({
      type: 'notice',
      level: 'warn',
      message: `${names} was lost when the run stopped (secrets are never written down) and "${step.title}" needs it. The old value is void: destroy anything holding it (${old}). Running again: ${plan.rerun.map((w) => `"${w.entry.step.title}"`).join(', ')}.`,
    });
    for (const w of plan.rerun) {
      const p = w.entry;
      await this.runInstance(p.step, w.instanceId, p.index, p.total, p.iter, p.group);
    }
  }

  /** step-started → attempt → on fail/error: retry | override | abort → step-finished. */
  private async withFailureHandling(
    step: RunbookStep,
    instanceId: string,
    index: number,
    total: number,
    mutating: boolean,
    attemptFn: () => Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>>,
    /** Runs before every attempt, before it is journaled (re-making lost secrets may run other steps). */
    prepare?: () => Promise<void>,
  ): Promise<StepResult> {
    let attempt = this.replayed?.attempts.get(instanceId) ?? 0;
    for (;;) {
      await prepare?.();
      attempt++;
      this.write('step-started', { instanceId, stepId: step.id, kind: step.kind, attempt });
      this.emit({
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
      const startedAt = this.clock.now().toISOString();
      let partial: Omit<StepResult, 'startedAt' | 'finishedAt'>;
      try {
        partial = await attemptFn();
      } catch (err) {
        if (err instanceof RemakeFirst) continue; // prepare() re-makes the secret before the next attempt
        if (err instanceof OperatorQuit || err instanceof AbortRun) throw err;
        if (this.abort.signal.aborted) throw new OperatorQuit();
        partial = this.errorOf(step, err);
      }
      let result: StepResult = { ...partial, startedAt, finishedAt: this.clock.now().toISOString() };
      if (OK.has(result.status) || result.status === 'overridden') {
        this.finishStep(instanceId, result);
        return result;
      }
      const decision = await this.decide(instanceId, result);
      if (decision.choice === 'retry') {
        this.emit({ type: 'step-finished', instanceId, result });
        continue;
      }
      if (decision.choice === 'override') {
        result = {
          ...result,
          status: 'overridden',
          override: {
            justification: decision.justification,
            by: this.opts.operatorName ?? this.header.operator ?? 'operator',
            at: this.clock.now().toISOString(),
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
    this.write('step-finished', { instanceId, result });
    this.finishedHere.add(instanceId);
    this.emit({ type: 'step-finished', instanceId, result });
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

  private async decide(
    instanceId: string,
    result: StepResult,
  ): Promise<{ choice: 'retry' | 'abort' } | { choice: 'override'; justification: string }> {
    const fields = inputFields(this.runbook, this.inputs).filter((f) => !f.secret);
    for (let empty = 0; ;) {
      const prompt: Extract<Prompt, { type: 'failure' }> = { type: 'failure', instanceId, result, canRetry: true };
      if (fields.length) prompt.inputs = fields;
      const answer = await this.opts.operator.ask(prompt, this.abort.signal);
      if (answer.choice === 'correct') {
        if (this.correct(instanceId, answer.inputs ?? {})) {
          this.write('answer', { instanceId, prompt: 'failure', value: { choice: 'correct' } });
          return { choice: 'retry' };
        }
        continue;
      }
      if (answer.choice === 'override') {
        const justification = (answer.justification ?? '').trim();
        if (!justification) {
          empty++;
          this.emit({
            type: 'notice',
            level: 'warn',
            message: 'To override, type why the procedure may go on (it is recorded in the report).',
          });
          if (empty >= MAX_EMPTY_JUSTIFICATIONS) throw new OperatorQuit();
          continue;
        }
        this.write('answer', { instanceId, prompt: 'failure', value: { choice: 'override', justification } });
        return { choice: 'override', justification };
      }
      const choice = answer.choice === 'retry' ? 'retry' : 'abort';
      this.write('answer', { instanceId, prompt: 'failure', value: { choice } });
      return { choice };
    }
  }

  /**
   * The operator corrected inputs at a failed step: journal each change before the retry uses it.
   * False (and said why) when a value is not valid — the failure is asked again, nothing changed.
   */
  private correct(instanceId: string, wanted: Record<string, unknown>): boolean {
    const { changes, errors } = correctInputs(this.runbook, this.inputs, wanted);
    if (errors.length) {
      for (const message of errors) this.emit({ type: 'notice', level: 'warn', message });
      return false;
    }
    for (const c of changes) {
      this.write('input-corrected', { instanceId, ...c });
      this.inputs[c.name] = c.to;
      this.emit({
        type: 'notice',
        level: 'info',
        message: `Input ${this.runbook.inputs[c.name]?.label ?? c.name} corrected: ${shortValue(c.from)} → ${shortValue(c.to)}. Retrying from this step.`,
      });
    }
    if (!changes.length) this.emit({ type: 'notice', level: 'info', message: 'No input changed. Retrying.' });
    return true;
  }

  private async execute(
    step: RunbookStep,
    instanceId: string,
    kind: AnyStepKind | undefined,
    iter: Iteration | undefined,
  ): Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>> {
    if (!kind) throw new StepConfigError(`unknown step kind "${step.kind}"`, []);
    const scope = this.scopeFor(iter);
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
    const ctx = this.context(step, instanceId, config, args, scope);

    // After a crash: finish from the journal, void lost secrets, reconcile a pending intent (./recover.ts).
    const recovery = await recoverStep(instanceId, kind, ctx, {
      replayed: this.replayed,
      lost: this.lost,
      write: (type, data) => this.write(type, data),
      emit: (e) => this.emit(e),
      evidenceOf: (id) => this.sessionOf.get(id)?.drainEvidence() ?? [],
    });
    if (recovery.status === 'finished') return recovery.result;
    // To send the change now the step needs a secret that died with the old process: make that first.
    if (recovery.reconciled && this.remakePlan(step, instanceId, iter)) throw new RemakeFirst();
    return kind.run(ctx);
  }

  /** The vault as one step instance sees it: what it puts is journaled by name and fingerprint (never the value). */
  private vaultFor(instanceId: string): SecretVault {
    const vault = this.vault;
    return {
      put: (name, value) => {
        const fingerprint = vault.put(name, value);
        this.lost.delete(name);
        this.write('secret-kept', { instanceId, name, fingerprint });
        return fingerprint;
      },
      get: (name) => vault.get(name),
      has: (name) => vault.has(name),
      toJSON: () => vault.toJSON(),
    } as SecretVault;
  }

  private context(
    step: RunbookStep,
    instanceId: string,
    config: unknown,
    args: Record<string, unknown>,
    scope: Scope,
  ): StepContext<unknown> {
    const ctx: StepContext<unknown> = {
      runbook: this.runbook,
      step,
      instanceId,
      config,
      args,
      catalog: this.opts.catalog,
      operator: this.stepOperator,
      tenant: () => this.tenantFor(step, instanceId, scope),
      secrets: this.vaultFor(instanceId),
      journal: {
        intent: async (d) => this.write('intent', { instanceId, ...d }),
        outcome: async (d) => this.write('outcome', { instanceId, ...d }),
        secretShown: async (d) => this.write('secret-shown', { instanceId, ...d }),
        answer: async (prompt, value) => this.write('answer', { instanceId, prompt, value }),
        signoff: async (d) => this.write('signoff', { instanceId, ...d }),
      },
      progress: (message, fraction, deadline) => {
        const e: EngineEvent = { type: 'step-progress', instanceId, message };
        if (fraction !== undefined) e.fraction = Math.max(0, Math.min(1, fraction));
        if (deadline) e.deadline = deadline.toISOString();
        this.emit(e);
      },
      log: (level, message) => this.emit({ type: 'step-log', instanceId, level, message }),
      signal: this.abort.signal,
      clock: this.clock,
      signers: {
        add: (s) => {
          const i = this.signers.findIndex((x) => x.role === s.role);
          if (i >= 0) this.signers.splice(i, 1, s);
          else this.signers.push(s);
        },
      },
    };
    if (this.practice && this.opts.practiceHooks) ctx.practice = this.opts.practiceHooks;
    if (this.opts.signingKeys) ctx.signingKeys = this.opts.signingKeys;
    return ctx;
  }
}
