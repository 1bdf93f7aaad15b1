/**
 * What a precompiled scenario (dist/scenarios/<name>.json) was compiled
 * with, as one digest: the sources that decide what parseScenario gives for a
 * YAML text (the zod schema, what it imports, the parser) and zod's version.
 * The build records it beside each scenario; code running from these
 * TypeScript sources (the tests, a developer's edit before `npm run build`)
 * recomputes it and ignores an entry made by another compiler, so a schema
 * change reads the YAML instead of handing the world a stale shape. The
 * bundle needs no such check: the build writes it and the entries together.
 */
import { compilerKey } from '../../util/precompiled.js';

/** Paths from the package root. The schema's own imports are on the list (a test keeps it so). */
export const SCENARIO_COMPILER_SOURCES = [
  'src/practice/world/schema.ts',
  'src/config/licences.ts',
  'src/practice/world/load.ts',
  'node_modules/zod/package.json',
] as const;

/** The digest of the compiler sources under `root`; throws when one cannot be read. */
export function scenarioCompilerKey(root: string): string {
  return compilerKey(root, SCENARIO_COMPILER_SOURCES);
}
