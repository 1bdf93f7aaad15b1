/**
 * A shipped scenario's precompiled entry (dist/scenarios/<name>.json, written by
 * scripts/build.mjs), read and checked against its YAML and compiler. Its own module, without
 * the world builder, so that a caller needing only the validated scenario (the home screen's
 * "is it set up?") loads neither the YAML reader and schema nor the practice tenant.
 */
import { join } from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { expectedKeyFor, readPrecompiled, sha256Hex, type PrecompiledStamp } from '../../util/precompiled.js';
import { scenarioCompilerKey } from './compiler-key.js';
import type { Scenario } from './schema.js';

/** What the build writes for each shipped scenario (scripts/build.mjs): its validated form and the YAML it came from. */
export interface PrecompiledScenario extends PrecompiledStamp {
  /** `compiler`: scenarioCompilerKey() of the sources the build compiled it with. */
  scenario: Scenario;
}

/**
 * The compiler key an entry must carry to be used: from the sources, theirs;
 * from the bundle, any (util/precompiled.ts expectedKeyFor).
 */
export const expectedCompilerKey = expectedKeyFor(import.meta.url, () => scenarioCompilerKey(packageRoot()));

/** Where the build keeps a shipped scenario, already parsed and validated. */
export function precompiledScenarioFile(name: string): string {
  return join(packageRoot(), 'dist', 'scenarios', `${name}.json`);
}

/**
 * A shipped scenario as the build parsed and validated it, when the YAML is
 * still the one it was made from (same sha256) and, from the sources, the
 * compiler is still the one that read it (a schema changed since the build
 * would otherwise meet an entry of the old shape). Otherwise undefined, and
 * the YAML is read. `from` is for tests: another entry file and expected key.
 */
export function precompiledScenario(
  name: string,
  text: string,
  from: { file?: string; compiler?: string | null } = {},
): Scenario | undefined {
  const want = 'compiler' in from ? from.compiler : expectedCompilerKey();
  const digest = sha256Hex(text);
  return readPrecompiled<PrecompiledScenario>(from.file ?? precompiledScenarioFile(name), digest, want)?.scenario;
}
