/**
 * The runbook library's index: each file's front matter only (id, title,
 * version, cadence, summary), kept in the state folder so the home screen
 * and `run <id>` do not parse and validate every runbook to list them or to
 * find one. A runbook is parsed and validated in full when it is opened
 * (parse.ts); `list` and `validate` still validate everything.
 *
 * The cache (state/paths.ts runbookIndexFile, owner-only, written whole) holds, per
 * file path, the file's size, mtime, ctime and sha256. An entry is reused
 * when size, mtime and ctime are unchanged; when the file changed within
 * two seconds of being indexed (a clock tick some file systems cannot tell
 * apart), its bytes are hashed again first. A cache that is unreadable,
 * malformed, of another version, not owned by this user or writable by
 * others is ignored and rebuilt. Nothing in it is trusted beyond the
 * listing: opening a runbook reads the file itself.
 *
 * Each file is indexed on its own, inside try/catch and within the parser's
 * limits (size cap, bounded YAML), so one broken or hostile runbook never
 * affects another.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunbookDiagnostic } from '../core/runbook.js';
import { makeDiagnostic } from './draft.js';
import { readRunbookFile } from './read-file.js';
import { decodeRunbookBytes, normaliseRunbookText } from './text.js';
import { KEBAB_RE } from './formats.js';

const VERSION = 2;
/** A file changed this close to its indexing may share its mtime with a later edit: hash it again. */
const RACY_MS = 2_000;

/** What the index knows of one runbook file: enough to list it and find it by id. */
export interface IndexedRunbook {
  id: string;
  title: string;
  version: string;
  cadence?: string;
  /** `purpose:` from the front matter (home screen order). */
  purpose?: string;
  summary: string;
  path: string;
  /** Front-matter problems only; the body is checked when the runbook is opened. */
  diagnostics: RunbookDiagnostic[];
}

interface CacheEntry extends Omit<IndexedRunbook, 'path'> {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  sha256: string;
  indexedAt: number;
}

interface CacheFile {
  version: typeof VERSION;
  entries: Record<string, CacheEntry>;
}

function fallbackId(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.md$/i, '');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The front matter of one file's bytes, never throwing: problems become diagnostics. */
export async function indexBytes(path: string, bytes: Uint8Array): Promise<Omit<IndexedRunbook, 'path'>> {
  const empty = { id: fallbackId(path), title: '', version: '', summary: '' };
  const decoded = decodeRunbookBytes(bytes);
  const norm = decoded.ok ? normaliseRunbookText(decoded.text) : decoded;
  if (!norm.ok) return { ...empty, diagnostics: [makeDiagnostic(path, norm, norm.message, norm.hint)] };
  if (norm.text.trim() === '')
    return {
      ...empty,
      diagnostics: [
        makeDiagnostic(
          path,
          { line: 1, col: 1 },
          'empty file',
          'a runbook starts with YAML front matter between `---` lines, then `##` step headings',
        ),
      ],
    };
  // The YAML reader loads only when a file must be read again: a listing from the cache never needs it.
  const { splitFrontMatter } = await import('./front-matter.js');
  const fm = splitFrontMatter(norm.text.split('\n'));
  const diagnostics = fm.problems.map((p) => makeDiagnostic(path, p.pos, p.message, p.hint));
  const m = fm.map ?? {};
  const id = typeof m.id === 'string' && KEBAB_RE.test(m.id) ? m.id : empty.id;
  return {
    id,
    title: str(m.title),
    version: str(m.version),
    ...(typeof m.cadence === 'string' ? { cadence: m.cadence } : {}),
    ...(typeof m.purpose === 'string' ? { purpose: m.purpose } : {}),
    summary: str(m.summary).trim(),
    diagnostics,
  };
}

function isEntry(e: unknown): e is CacheEntry {
  if (!e || typeof e !== 'object') return false;
  const x = e as Record<string, unknown>;
  return (
    ['id', 'title', 'version', 'summary', 'sha256'].every((k) => typeof x[k] === 'string') &&
    ['size', 'mtimeMs', 'ctimeMs', 'indexedAt'].every((k) => typeof x[k] === 'number') &&
    (x.cadence === undefined || typeof x.cadence === 'string') &&
    (x.purpose === undefined || typeof x.purpose === 'string') &&
    Array.isArray(x.diagnostics) &&
    x.diagnostics.every(isDiagnostic)
  );
}

function isDiagnostic(d: unknown): boolean {
  if (!d || typeof d !== 'object') return false;
  const x = d as Record<string, unknown>;
  return (
    (x.severity === 'error' || x.severity === 'warning') &&
    typeof x.message === 'string' &&
    typeof x.path === 'string' &&
    typeof x.line === 'number' &&
    typeof x.col === 'number'
  );
}

/** The cached entries, or none when the cache may not be used (see the header). */
function readCache(file: string): Map<string, CacheEntry> {
  const out = new Map<string, CacheEntry>();
  try {
    const st = statSync(file);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return out;
    if (process.platform !== 'win32' && (st.mode & 0o022) !== 0) return out;
    const c = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (c.version !== VERSION || !c.entries || typeof c.entries !== 'object') return out;
    for (const [path, e] of Object.entries(c.entries)) if (isEntry(e)) out.set(path, e);
  } catch {
    // missing, unreadable or malformed: rebuilt below
  }
  return out;
}

function writeCache(file: string, entries: Map<string, CacheEntry>): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const body: CacheFile = { version: VERSION, entries: Object.fromEntries(entries) };
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify(body) + '\n', { mode: 0o600, flag: 'wx' });
    try {
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  } catch {
    // A read-only state folder only costs the next listing a re-read.
  }
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function indexOne(path: string, cached: CacheEntry | undefined): Promise<CacheEntry> {
  const st = await stat(path);
  const same = cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs && cached.ctimeMs === st.ctimeMs;
  if (same && st.mtimeMs < cached.indexedAt - RACY_MS) return cached;
  const read = await readRunbookFile(path);
  const indexedAt = Date.now();
  const base = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, indexedAt };
  if (!read.ok) {
    return {
      ...base,
      sha256: '',
      id: fallbackId(path),
      title: '',
      version: '',
      summary: '',
      diagnostics: [read.diagnostic],
    };
  }
  const digest = sha256(read.bytes);
  if (cached && cached.sha256 === digest) return { ...cached, ...base };
  return { ...base, sha256: digest, ...(await indexBytes(path, read.bytes)) };
}

/**
 * The index entries of `files`, in order. With `cacheFile`, entries are
 * reused from it when their file is unchanged, and it is rewritten when
 * anything changed (files no longer listed are dropped from it).
 */
export async function indexRunbookFiles(files: readonly string[], cacheFile?: string): Promise<IndexedRunbook[]> {
  const cache = cacheFile ? readCache(cacheFile) : new Map<string, CacheEntry>();
  const next = new Map<string, CacheEntry>();
  let changed = false;
  const out: IndexedRunbook[] = [];
  // Every file at once: each is a stat (and a read only when it changed), and awaiting them one by
  // one would add a turn of the event loop per runbook to the time before the list can be shown.
  const indexed = await Promise.all(
    files.map((path) =>
      indexOne(path, cache.get(path)).then(
        (entry) => ({ entry }),
        (error: unknown) => ({ error }),
      ),
    ),
  );
  for (const [i, path] of files.entries()) {
    const cached = cache.get(path);
    const r = indexed[i]!;
    if ('error' in r) {
      const e = r.error;
      // One file that cannot be indexed is that file's problem only; it is not cached.
      const what = e instanceof Error ? e.message : String(e);
      out.push({
        path,
        id: fallbackId(path),
        title: '',
        version: '',
        summary: '',
        diagnostics: [
          makeDiagnostic(
            path,
            { line: 1, col: 1 },
            `this runbook could not be read: ${what}`,
            'other runbooks are not affected; `breakglass validate` on this file shows what it can',
          ),
        ],
      });
      changed = true;
      continue;
    }
    const { entry } = r;
    if (entry !== cached) changed = true;
    next.set(path, entry);
    const { size: _s, mtimeMs: _m, ctimeMs: _c, sha256: _h, indexedAt: _i, ...listed } = entry;
    out.push({ ...listed, path });
  }
  if (cacheFile && (changed || next.size !== cache.size)) writeCache(cacheFile, next);
  return out;
}
