/**
 * Shipped scenarios as the build parsed and validated them
 * (scripts/build.mjs writes dist/scenarios/<name>.json with the scenario and
 * the sha256 of the YAML it came from). Reading the YAML and validating it
 * with zod was most of a practice tenant's start; this module loads neither,
 * so a practice tenant started from a shipped scenario does not either.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { buildWorld, ScenarioRefError } from './build.js';
import type { Scenario } from './schema.js';
import { shippedScenarioFile } from './scenario-files.js';
import type { World } from './world.js';
import type { WorldOptions } from './world-state.js';

/** What the build writes for each shipped scenario (scripts/build.mjs): its validated form and the YAML it came from. */
export interface PrecompiledScenario {
  sha256: string;
  scenario: Scenario;
}

/** Where the build keeps a shipped scenario, already parsed and validated. */
export function precompiledScenarioFile(name: string): string {
  return join(packageRoot(), 'dist', 'scenarios', `${name}.json`);
}

/**
 * A shipped scenario as the build parsed and validated it, when the YAML is
 * still the one it was made from (same sha256). Otherwise undefined, and the
 * YAML is read.
 */
export function precompiledScenario(name: string, text: string): Scenario | undefined {
  try {
    const p = JSON.parse(readFileSync(precompiledScenarioFile(name), 'utf8')) as Partial<PrecompiledScenario>;
    const digest = createHash('sha256').update(text).digest('hex');
    return p.sha256 === digest && p.scenario ? p.scenario : undefined;
  } catch {
    return undefined;
  }
}

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
