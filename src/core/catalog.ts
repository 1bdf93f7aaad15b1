/**
 * A catalogue: the step kinds, actions, checks and queries a run, a
 * validation or an overview may use. It is a value passed in, not a registry
 * filled by import side effects, so parsing a runbook loads nothing, tests
 * add their own actions to a copy, and every caller says what it uses.
 * Commands build the built-in one at the edge (src/steps/catalog.ts).
 */
import type { Action } from './action.js';
import type { CheckDefinition } from './check.js';
import type { Query } from './query.js';
import type { StepCatalog, StepKind } from './step.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- a catalogue holds entries of different config/arg types; each entry parses its own input with its own schema */
export type AnyStepKind = StepKind<any>;
export type AnyAction = Action<any>;
export type AnyCheck = CheckDefinition;
export type AnyQuery = Query<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface CatalogParts {
  stepKinds: readonly AnyStepKind[];
  actions: readonly AnyAction[];
  checks: readonly AnyCheck[];
  queries: readonly AnyQuery[];
}

export interface Catalog extends StepCatalog {
  stepKind(name: string): AnyStepKind | undefined;
  stepKinds(): readonly AnyStepKind[];
  /** A new catalogue with these entries added (an entry with the same name or id replaces the old one). */
  with(extra: Partial<CatalogParts>): Catalog;
}

function byKey<T>(items: readonly T[], key: (t: T) => string): Map<string, T> {
  return new Map(items.map((t) => [key(t), t]));
}

export function makeCatalog(parts: CatalogParts): Catalog {
  const kinds = byKey(parts.stepKinds, (k) => k.name);
  const actions = byKey(parts.actions, (a) => a.id);
  const checks = byKey(parts.checks, (c) => c.id);
  const queries = byKey(parts.queries, (q) => q.id);
  return {
    stepKind: (name) => kinds.get(name),
    stepKinds: () => [...kinds.values()],
    action: (id) => actions.get(id),
    actions: () => [...actions.values()],
    check: (id) => checks.get(id),
    checks: () => [...checks.values()],
    query: (id) => queries.get(id),
    queries: () => [...queries.values()],
    with: (extra) =>
      makeCatalog({
        stepKinds: [...kinds.values(), ...(extra.stepKinds ?? [])],
        actions: [...actions.values(), ...(extra.actions ?? [])],
        checks: [...checks.values(), ...(extra.checks ?? [])],
        queries: [...queries.values(), ...(extra.queries ?? [])],
      }),
  };
}
