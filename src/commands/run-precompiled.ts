/**
 * `run <id|path>` for a shipped runbook the build precompiled
 * (screens/precompiled-overview.ts): find the file without the parser, read
 * its bytes once, and when the build made an overview from exactly these bytes,
 * hand it to the front end as its first frame. The same bytes are then parsed
 * and validated in full, as `run` always does, while the operator reads; the
 * run starts from that validated runbook, never from the entry. What is
 * shown is what runs: the bytes hashed here are the bytes parsed there.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../core/catalog.js';
import type { Runbook, RunbookDiagnostic } from '../core/runbook.js';
import type { UsableOverview } from '../screens/precompiled-overview.js';

export interface PrecompiledRunbook {
  path: string;
  bytes: Uint8Array;
  overview: UsableOverview;
}

/**
 * The shipped runbook `idOrPath` names, with its precompiled overview; undefined
 * when anything is not plainly so (an id that is not exactly one runbook in
 * the index, a user's runbook, an edited file, no entry, an unreadable file):
 * then `run` takes its full path, which reports every problem as before.
 */
export async function findPrecompiledRunbook(
  idOrPath: string,
  indexFile?: string,
): Promise<PrecompiledRunbook | undefined> {
  const [{ indexRunbooks }, { readRunbookFile }, { precompiledOverview, precompiledOverviewFile }] = await Promise.all([
    import('../runbook/library.js'),
    import('../runbook/read-file.js'),
    import('../screens/precompiled-overview.js'),
  ]);
  // As resolveRunbook (runbook/library.ts) tells a path from an id.
  const looksLikePath = /[\\/]/.test(idOrPath) || idOrPath.toLowerCase().endsWith('.md');
  let path: string;
  if (looksLikePath) path = resolve(idOrPath);
  else {
    const matches = (await indexRunbooks(indexFile)).filter((e) => e.id === idOrPath);
    if (matches.length !== 1 || matches[0]!.source !== 'shipped') return undefined;
    path = matches[0]!.path;
  }
  if (!precompiledOverviewFile(path)) return undefined;
  const read = await readRunbookFile(path);
  if (!read.ok) return undefined;
  const overview = precompiledOverview(path, read.bytes);
  // The id that counts is the one the file holds (the entry's, for these bytes).
  if (!overview || (!looksLikePath && overview.id !== idOrPath)) return undefined;
  return { path, bytes: read.bytes, overview };
}

export type Validated =
  | { ok: true; runbook: Runbook; catalog: Catalog; diagnostics: RunbookDiagnostic[] }
  | { ok: false; diagnostics: RunbookDiagnostic[]; message: string };

/**
 * The full parse and validation of the very bytes whose overview is on screen,
 * with the built-in catalog, and a check that the overview made from it is the
 * one shown. Never rejects: a failure is a result, reported by the caller once
 * the front end has closed (writing to the terminal under Ink garbles it).
 */
export async function validatePrecompiled(rb: PrecompiledRunbook): Promise<Validated> {
  try {
    const [{ builtInCatalog }, { parseRunbook }, { decodeRunbookBytes }, { describeRunbook }, { sha256Hex }] =
      await Promise.all([
        import('../steps/catalog.js'),
        import('../runbook/parse.js'),
        import('../runbook/text.js'),
        import('../screens/overview-model.js'),
        import('../util/precompiled.js'),
      ]);
    const catalog = builtInCatalog();
    const decoded = decodeRunbookBytes(rb.bytes);
    if (!decoded.ok) return { ok: false, diagnostics: [], message: `${rb.path}: ${decoded.message}` };
    const r = parseRunbook(decoded.text, rb.path, catalog, sha256Hex(rb.bytes));
    if (!r.runbook) return { ok: false, diagnostics: r.diagnostics, message: 'fix the errors above' };
    const fresh = JSON.stringify(describeRunbook(r.runbook, catalog));
    if (fresh !== JSON.stringify(rb.overview.model))
      return {
        ok: false,
        diagnostics: r.diagnostics,
        message:
          'internal error: the overview shown differs from this runbook as validated now (a build problem: run `npm run build` again); nothing was run',
      };
    return { ok: true, runbook: r.runbook, catalog, diagnostics: r.diagnostics };
  } catch (e) {
    return { ok: false, diagnostics: [], message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
}
