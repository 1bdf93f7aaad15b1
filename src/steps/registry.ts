/**
 * Step kinds by name. Each kind lives in its own file (src/steps/<kind>.ts)
 * and exports `kind`. Loaded eagerly: kinds are small and import no SDK.
 */
import type { StepKindName } from '../core/runbook.js';
import type { StepKind } from '../core/step.js';

const kinds = new Map<StepKindName, StepKind<any>>();

export function registerStepKind(kind: StepKind<any>): void {
  kinds.set(kind.name, kind);
}

export function getStepKind(name: StepKindName): StepKind<any> | undefined {
  return kinds.get(name);
}

export function allStepKinds(): StepKind<any>[] {
  return [...kinds.values()];
}
