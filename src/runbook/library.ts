/**
 * Where runbooks come from: the ones shipped in the package's runbooks/
 * folder, and the user's own in `<config dir>/runbooks` (or
 * $BREAKGLASS_RUNBOOKS_DIR). `list` parses and validates every one
 * (listRunbooks); the home screen lists them from the front-matter index
 * (indexRunbooks, front-matter-index.ts) and `run <id>` finds one there and
 * parses only that one (resolveRunbook).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { packageRoot } from '../util/package-root.js';
import type { Catalog } from '../core/catalog.js';
import type { Runbook, RunbookDiagnostic } from '../core/runbook.js';
import type { ParseResult } from './parse.js';
import { makeDiagnostic } from './draft.js';
import { indexRunbookFiles, type IndexedRunbook } from './front-matter-index.js';

/** The full parser (and with it zod, the markdown and YAML readers) loads only when a runbook is opened. */
async function loadRunbook(path: string, catalog: Catalog): Promise<ParseResult> {
  return (await import('./parse.js')).loadRunbook(path, catalog);
}

export interface RunbookEntry {
  id: string;
  title: string;
  version: string;
  cadence?: string;
  purpose?: string;
  path: string;
  source: 'shipped' | 'user';
  summary: string;
  diagnostics: RunbookDiagnostic[];
  /** The parsed runbook when it validates (no errors). */
  runbook?: Runbook;
}

export { packageRoot };

export function shippedRunbooksDir(): string {
  return join(packageRoot(), 'runbooks');
}

export function userRunbooksDir(): string {
  const env = process.env.BREAKGLASS_RUNBOOKS_DIR;
  if (env) return resolve(env);
  return join(envPaths('breakglass', { suffix: '' }).config, 'runbooks');
}

async function markdownFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((n) => n.toLowerCase().endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md')
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return []; // a missing user folder is normal
  }
}

function entryFrom(path: string, source: 'shipped' | 'user', r: ParseResult): RunbookEntry {
  const rb = r.runbook;
  const fallbackId = path.replace(/^.*[\\/]/, '').replace(/\.md$/i, '');
  return {
    id: rb?.id || fallbackId,
    title: rb?.title ?? '',
    version: rb?.version ?? '',
    ...(rb?.cadence ? { cadence: rb.cadence } : {}),
    ...(rb?.purpose ? { purpose: rb.purpose } : {}),
    path,
    source,
    summary: rb?.summary.trim() ?? '',
    diagnostics: r.diagnostics,
    ...(rb ? { runbook: rb } : {}),
  };
}

/**
 * One runbook file, whatever it holds: a failure while loading it (a bug the
 * file triggers) becomes that file's diagnostic, so one broken or hostile
 * runbook cannot take `list`, the home screen or the run of another runbook
 * down with it. Slowness is bounded where it could arise: the size and
 * nesting caps in limits.ts, and patterns on RE2 (pattern.ts).
 */
async function loadIsolated(file: string, catalog: Catalog): Promise<ParseResult> {
  try {
    return await loadRunbook(file, catalog);
  } catch (e) {
    const what = e instanceof Error ? e.message : String(e);
    return {
      diagnostics: [
        makeDiagnostic(
          file,
          { line: 1, col: 1 },
          `this runbook could not be loaded: ${what}`,
          'other runbooks are not affected; `breakglass validate` on this file shows what it can',
        ),
      ],
      unreadable: true,
    };
  }
}

/** Every shipped and user runbook, each parsed and validated (invalid ones carry their diagnostics). */
export async function listRunbooks(catalog: Catalog): Promise<RunbookEntry[]> {
  const out: RunbookEntry[] = [];
  for (const [source, dir] of [
    ['shipped', shippedRunbooksDir()],
    ['user', userRunbooksDir()],
  ] as const) {
    for (const file of await markdownFiles(dir)) out.push(entryFrom(file, source, await loadIsolated(file, catalog)));
  }
  return markShadowing(out);
}

/** A user runbook may not silently stand in for a shipped one of the same id. */
function markShadowing<E extends Pick<RunbookEntry, 'id' | 'path' | 'source' | 'diagnostics'>>(out: E[]): E[] {
  const shippedIds = new Set(out.filter((e) => e.source === 'shipped').map((e) => e.id));
  for (const e of out) {
    if (e.source === 'user' && shippedIds.has(e.id)) {
      e.diagnostics = [
        ...e.diagnostics,
        makeDiagnostic(
          e.path,
          { line: 1, col: 1 },
          `id \`${e.id}\` is also the id of a shipped runbook`,
          'give your runbook a different id; `run` asks for a path when ids clash',
          'warning',
        ),
      ];
    }
  }
  return out;
}

export interface IndexedEntry extends IndexedRunbook {
  source: 'shipped' | 'user';
}

/**
 * Every shipped and user runbook from the front-matter index: id, title,
 * version, cadence, summary, and front-matter problems only. Nothing is
 * validated; open one with loadRunbook. `indexFile` (in the state folder)
 * keeps the index between starts; without it every file's front matter is read.
 */
export async function indexRunbooks(indexFile?: string): Promise<IndexedEntry[]> {
  const dirs = [
    ['shipped', shippedRunbooksDir()],
    ['user', userRunbooksDir()],
  ] as const;
  const listed = await Promise.all(dirs.map(async ([source, dir]) => ({ source, files: await markdownFiles(dir) })));
  const files = listed.flatMap((l) => l.files);
  const sourceOf = new Map(listed.flatMap((l) => l.files.map((f) => [f, l.source] as const)));
  const entries = await indexRunbookFiles(files, indexFile);
  return markShadowing(entries.map((e) => ({ ...e, source: sourceOf.get(e.path)! })));
}

export interface ResolveResult extends ParseResult {
  path?: string;
  source?: 'shipped' | 'user' | 'path';
}

/**
 * A runbook from a path (anything with a slash, or an existing .md file) or
 * an id from the library. Two runbooks with the same id → ask for a path.
 */
export async function resolveRunbook(
  idOrPath: string,
  catalog: Catalog,
  opts: { indexFile?: string } = {},
): Promise<ResolveResult> {
  const looksLikePath = /[\\/]/.test(idOrPath) || idOrPath.toLowerCase().endsWith('.md');
  if (looksLikePath) {
    const path = resolve(idOrPath);
    return { ...(await loadRunbook(path, catalog)), path, source: 'path' };
  }
  let all = await indexRunbooks(opts.indexFile);
  let matches = all.filter((e) => e.id === idOrPath);
  if (matches.length === 1) {
    const m = matches[0]!;
    const r = await loadIsolated(m.path, catalog);
    // The index only points at the file; the id that counts is the one the file holds now.
    // If they differ (a file changed while it was read), look again without the cache.
    if (!r.runbook || r.runbook.id === idOrPath)
      return {
        ...r,
        diagnostics: [...r.diagnostics, ...m.diagnostics.filter((d) => d.severity === 'warning')],
        path: m.path,
        source: m.source,
      };
    all = await indexRunbooks();
    matches = all.filter((e) => e.id === idOrPath);
    const again = matches.length === 1 ? await loadIsolated(matches[0]!.path, catalog) : undefined;
    if (again?.runbook?.id === idOrPath) return { ...again, path: matches[0]!.path, source: matches[0]!.source };
  }
  if (matches.length > 1) {
    return {
      diagnostics: [
        makeDiagnostic(
          idOrPath,
          { line: 1, col: 1 },
          `more than one runbook has the id \`${idOrPath}\`: ${matches.map((m) => m.path).join(', ')}`,
          'give the path of the one you mean',
        ),
      ],
      unreadable: true,
    };
  }
  // Maybe a file in the current folder without the .md extension.
  const guess = resolve(`${idOrPath}.md`);
  try {
    if ((await stat(guess)).isFile()) return { ...(await loadRunbook(guess, catalog)), path: guess, source: 'path' };
  } catch {
    /* not a file */
  }
  const ids = all.map((e) => e.id);
  const { didYouMean } = await import('./suggest.js');
  return {
    diagnostics: [
      makeDiagnostic(
        idOrPath,
        { line: 1, col: 1 },
        `no runbook with the id \`${idOrPath}\`${didYouMean(idOrPath, ids)}`,
        `\`breakglass list\` shows them; or give a path to a .md file`,
      ),
    ],
    unreadable: true,
  };
}
