/**
 * Whether a scenario declares a break-glass set-up (`breakGlass:`): the home screen's "has this
 * tenant been set up?" for the practice tenant. Reads the file only (no world is built); a
 * scenario that does not load says no.
 *
 * A shipped scenario is answered from the copy the build parsed and validated
 * (./precompiled-entry.ts) while that copy still matches its YAML and compiler: the home screen
 * then loads neither the YAML reader nor the schema. Parsing and validating the YAML took about
 * 0.15 s of CPU and 0.6 MB of modules, before the runbooks were listed.
 */
import { readFileSync } from 'node:fs';
import { precompiledScenario } from './precompiled-entry.js';
import { shippedScenarioFile } from './scenario-files.js';

function fromPrecompiled(name: string): boolean | undefined {
  const file = shippedScenarioFile(name);
  if (!file) return undefined;
  try {
    const scenario = precompiledScenario(name, readFileSync(file, 'utf8'));
    return scenario ? Boolean(scenario.breakGlass) : undefined;
  } catch {
    return undefined;
  }
}

export async function scenarioDeclaresBreakGlass(nameOrPath: string): Promise<boolean> {
  const known = fromPrecompiled(nameOrPath);
  if (known !== undefined) return known;
  return (await import('./load.js')).scenarioDeclaresBreakGlass(nameOrPath);
}
