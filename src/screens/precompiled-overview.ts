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
import { compilerKey, fromSources, readPrecompiled, sha256Hex, type PrecompiledStamp } from '../util/precompiled.js';
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

const FROM_SOURCES = fromSources(import.meta.url);
let sourcesKey: string | null | undefined;

/** The key an entry must carry: from the bundle, any (undefined); from the sources, theirs (null: none usable). */
export function expectedRunbookCompilerKey(): string | null | undefined {
  if (!FROM_SOURCES) return undefined;
  if (sourcesKey === undefined) {
    try {
      sourcesKey = runbookCompilerKey(packageRoot());
    } catch {
      sourcesKey = null;
    }
  }
  return sourcesKey;
}

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
