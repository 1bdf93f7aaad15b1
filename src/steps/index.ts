/**
 * Registers every step kind. Import for the side effect before using
 * ./registry.ts. Kinds are small and import no SDK (checks/actions/queries
 * registries are plain data), so this is cheap.
 */
import { registerStepKind } from './registry.js';
import { kind as manual } from './manual.js';
import { kind as input } from './input.js';
import { kind as check } from './check.js';
import { kind as action } from './action.js';
import { kind as query } from './query.js';
import { kind as secret } from './secret.js';
import { kind as show } from './show.js';
import { kind as wait } from './wait.js';
import { kind as signoff } from './signoff.js';

for (const k of [manual, input, check, action, query, secret, show, wait, signoff]) registerStepKind(k);

export { StepConfigError } from './errors.js';
