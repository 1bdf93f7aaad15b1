/**
 * What `${…}` sees at each step: the run's inputs, every finished step's outputs, and inside a foreach
 * group the current item, the loop position and the iteration's own children by local id. Outputs of a
 * group's children are kept per iteration, as in `${steps.enroll[0].create-tap.id}`.
 */
import { resolveString, type Scope } from '../expr/index.js';
import { StepConfigError } from '../core/step-config-error.js';
import type { RunbookStep } from '../core/runbook.js';
import type { StepResult } from '../core/events.js';
import type { Iteration } from './run-core.js';
import type { ReplayState } from './replay.js';

/** A child's id within its group: `enroll.create-tap` → `create-tap`. */
export function localId(group: RunbookStep, child: RunbookStep): string {
  return child.id.startsWith(group.id + '.') ? child.id.slice(group.id.length + 1) : child.id;
}

export class StepScope {
  private readonly stepOutputs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** The scope outside any group. */
  readonly base: Scope;

  constructor(base: Omit<Scope, 'steps'>) {
    this.base = { ...base, steps: this.stepOutputs };
  }

  scopeFor(iter: Iteration | undefined): Scope {
    if (!iter) return this.base;
    const steps: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    Object.assign(steps, this.stepOutputs, iter.local);
    return { ...this.base, steps, [iter.as]: iter.item, loop: { index: iter.index, number: iter.index + 1 } };
  }

  recordOutputs(
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

  /** A group that ended other than `done` exposes its own outputs; a done one its children's, per iteration. */
  groupEnded(group: RunbookStep, result: StepResult): void {
    if (result.status !== 'done') this.stepOutputs[group.id] = result.outputs;
    else if (!Array.isArray(this.stepOutputs[group.id])) this.stepOutputs[group.id] = [];
  }

  /** A group finished in an earlier process: put its children's outputs back into scope. */
  restoreGroup(group: RunbookStep, result: StepResult, replayed: ReplayState | undefined): void {
    const count = typeof result.outputs['count'] === 'number' ? result.outputs['count'] : 0;
    const arr: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const slot = Object.create(null) as Record<string, unknown>;
      for (const child of group.children) {
        const r = replayed?.results.get(`${group.id}[${i + 1}].${localId(group, child)}`);
        if (r) slot[localId(group, child)] = r.outputs;
      }
      arr.push(slot);
    }
    this.stepOutputs[group.id] = count > 0 ? arr : result.outputs;
  }
}

/** The items a group runs its children for: one pass (no item) without `foreach`. */
export function foreachItems(group: RunbookStep, scope: Scope): unknown[] {
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
