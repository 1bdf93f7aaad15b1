/**
 * A shipped runbook's overview as the build made it (dist/runbooks/<name>.json,
 * written by scripts/build.mjs with ./overview-precompile.ts): the runbook
 * parsed and validated with the built-in catalog, then describeRunbook().
 * Shown as the first frame of `breakglass run <id>` while the file's bytes
 * still have the entry's sha256 (and, from the sources, while the compiler key
 * matches: util/precompiled.ts). Loading zod, the YAML and markdown readers
 * and every action's argument schema took most of the time before that frame;
 * this module loads none of them. The run still parses and validates the file
 * in full before anything starts (commands/run.ts).
 */
import { basename, dirname, join, resolve } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { compilerKey, expectedKeyFor, readPrecompiled, sha256Hex, type PrecompiledStamp } from '../util/precompiled.js';
import type { OverviewModel } from './overview-model.js';

/** What the build writes for each shipped runbook. */
export interface PrecompiledOverview extends PrecompiledStamp {
  /** The runbook's id (what `run <id>` finds it by). */
  id: string;
  /** `practice.scenario` of its front matter: the practice tenant's header label needs it. */
  scenario?: string;
  /** describeRunbook() of the validated runbook; `path` relative to the package root. */
  model: OverviewModel;
}

/**
 * What decides an overview for given bytes: the parser, the validator, the
 * built-in catalog (every action's argument schema), describeRunbook, what
 * they import, and the packages they use. Which of src/ that is changes with
 * every refactor, so all of it counts (tests excluded), with the lockfile for
 * the packages' versions. Read only when running from the sources.
 */
export const RUNBOOK_COMPILER_SOURCES = ['src/', 'package-lock.json'] as const;

export function runbookCompilerKey(root: string): string {
  return compilerKey(root, RUNBOOK_COMPILER_SOURCES);
}

/** The key an entry must carry: from the bundle, any (undefined); from the sources, theirs (null: none usable). */
export const expectedRunbookCompilerKey = expectedKeyFor(import.meta.url, () => runbookCompilerKey(packageRoot()));

/** The shipped runbooks' folder and where the build keeps their overviews. */
export function shippedRunbooksFolder(): string {
  return join(packageRoot(), 'runbooks');
}

/** The entry file for a runbook path, when the path is a shipped runbook; else undefined. */
export function precompiledOverviewFile(path: string): string | undefined {
  const abs = resolve(path);
  if (dirname(abs) !== shippedRunbooksFolder() || !/\.md$/i.test(abs)) return undefined;
  return join(packageRoot(), 'dist', 'runbooks', basename(abs).replace(/\.md$/i, '.json'));
}

export interface UsableOverview {
  id: string;
  scenario?: string;
  /** The overview, with `path` the runbook's absolute path (as the parser gives it). */
  model: OverviewModel;
}

/**
 * The precompiled overview of the runbook at `path` whose bytes are `bytes`,
 * when the build made one from exactly these bytes (and this compiler).
 * `from` is for tests: another entry file and expected key.
 */
export function precompiledOverview(
  path: string,
  bytes: Uint8Array,
  from: { file?: string; compiler?: string | null } = {},
): UsableOverview | undefined {
  const file = from.file ?? precompiledOverviewFile(path);
  if (!file) return undefined;
  const want = 'compiler' in from ? from.compiler : expectedRunbookCompilerKey();
  const p = readPrecompiled<PrecompiledOverview>(file, sha256Hex(bytes), want);
  if (!p || typeof p.id !== 'string' || !p.model || p.model.sha256 !== p.sha256) return undefined;
  return {
    id: p.id,
    ...(typeof p.scenario === 'string' ? { scenario: p.scenario } : {}),
    model: { ...p.model, path: resolve(path) },
  };
}

/**
 * The overview of the runbook file at `path` when the build precompiled it from the bytes it
 * holds now (the home screen opening a shipped runbook); undefined otherwise, and the caller
 * parses the file. Whatever starts from it is validated in full first (commands/run.ts).
 */
export async function precompiledOverviewAt(path: string): Promise<OverviewModel | undefined> {
  if (!precompiledOverviewFile(path)) return undefined;
  const read = await (await import('../runbook/read-file.js')).readRunbookFile(path);
  return read.ok ? precompiledOverview(path, read.bytes)?.model : undefined;
}
