/**
 * Where the shipped practice scenarios are, by name. Its own module (no YAML
 * reader, no schema) so that starting a shipped scenario from its
 * precompiled form (./precompiled.ts) loads neither.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the shipped scenarios live (beside the sources; the build copies them next to the compiled files). */
export function scenarioDirs(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const dirs = [resolve(here, '../scenarios')];
  // dist/src/practice/world → <package root>/src/practice/scenarios
  let d = here;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(d, 'package.json'))) {
      dirs.push(join(d, 'src/practice/scenarios'));
      break;
    }
    d = dirname(d);
  }
  return dirs;
}

export function listScenarios(): string[] {
  return ['smb-security-defaults', 'conditional-access-new', 'healthy', 'drifted'];
}

/** The YAML file of a shipped scenario `name`, or undefined when there is none. */
export function shippedScenarioFile(name: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  for (const dir of scenarioDirs()) {
    const f = join(dir, `${name}.yaml`);
    if (existsSync(f)) return f;
  }
  return undefined;
}
