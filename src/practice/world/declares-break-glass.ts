/**
 * Whether a scenario declares a break-glass set-up (`breakGlass:`): the home screen's "has this
 * tenant been set up?" for the practice tenant. Reads the file only (no world is built); a
 * scenario that does not load says no.
 *
 * A shipped scenario is answered from the copy the build parsed and validated
 * (dist/scenarios/<name>.json, scripts/build.mjs) while that copy was made from the YAML on disk
 * (same sha256): the home screen then loads neither the YAML reader nor the schema. Parsing and
 * validating the YAML took about 0.15 s of CPU and 0.6 MB of modules, before the runbooks were listed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { shippedScenarioFile } from './scenario-files.js';

function fromPrecompiled(name: string): boolean | undefined {
  const yamlFile = shippedScenarioFile(name);
  if (!yamlFile) return undefined;
  try {
    const copy = JSON.parse(readFileSync(join(packageRoot(), 'dist', 'scenarios', `${name}.json`), 'utf8')) as {
      sha256?: unknown;
      scenario?: { breakGlass?: unknown };
    };
    const digest = createHash('sha256').update(readFileSync(yamlFile, 'utf8')).digest('hex');
    return copy.sha256 === digest && copy.scenario ? Boolean(copy.scenario.breakGlass) : undefined;
  } catch {
    return undefined;
  }
}

export async function scenarioDeclaresBreakGlass(nameOrPath: string): Promise<boolean> {
  const known = fromPrecompiled(nameOrPath);
  if (known !== undefined) return known;
  return (await import('./load.js')).scenarioDeclaresBreakGlass(nameOrPath);
}
