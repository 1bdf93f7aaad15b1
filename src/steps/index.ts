/**
 * The built-in step kinds, one file each. Kinds are small and import no SDK;
 * the actions, checks and queries they use come from the catalogue they are
 * given (./catalog.ts builds the built-in one).
 */
import type { AnyStepKind } from '../core/catalog.js';
import { kind as manual } from './manual.js';
import { kind as input } from './input.js';
import { kind as check } from './check.js';
import { kind as action } from './action.js';
import { kind as query } from './query.js';
import { kind as secret } from './secret.js';
import { kind as show } from './show.js';
import { kind as wait } from './wait.js';
import { kind as signoff } from './signoff.js';

export const BUILT_IN_STEP_KINDS: readonly AnyStepKind[] = [
  manual,
  input,
  check,
  action,
  query,
  secret,
  show,
  wait,
  signoff,
];

export { StepConfigError } from '../core/step-config-error.js';
