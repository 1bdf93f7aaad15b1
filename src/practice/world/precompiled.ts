/**
 * Shipped scenarios as the build parsed and validated them
 * (scripts/build.mjs writes dist/scenarios/<name>.json with the scenario, the
 * sha256 of the YAML it came from and the key of the compiler that read it:
 * ./compiler-key.ts). Reading the YAML and validating it with zod was most of
 * a practice tenant's start; this module loads neither, so a practice tenant
 * started from a shipped scenario does not either. The entry itself is read
 * by ./precompiled-entry.ts.
 */
import { readFileSync } from 'node:fs';
import { buildWorld, ScenarioRefError } from './build.js';
import { precompiledScenario } from './precompiled-entry.js';
import { shippedScenarioFile } from './scenario-files.js';
import type { World } from './world.js';
import type { WorldOptions } from './world-state.js';

export {
  expectedCompilerKey,
  precompiledScenario,
  precompiledScenarioFile,
  type PrecompiledScenario,
} from './precompiled-entry.js';

/**
 * The world of shipped scenario `name` from its precompiled form, or
 * undefined when there is none (not a shipped name, the YAML was edited
 * since the build, or the scenario refers to something it does not hold):
 * then load.ts reads the YAML and reports any problem at its line.
 */
export function loadPrecompiledWorld(name: string, opts: WorldOptions = {}): World | undefined {
  const file = shippedScenarioFile(name);
  if (!file) return undefined;
  const sc = precompiledScenario(name, readFileSync(file, 'utf8'));
  if (!sc) return undefined;
  try {
    return buildWorld(sc, opts);
  } catch (e) {
    if (e instanceof ScenarioRefError) return undefined;
    throw e;
  }
}
