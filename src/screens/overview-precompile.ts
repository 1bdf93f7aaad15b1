/**
 * The build's half of ./precompiled-overview.ts: a shipped runbook parsed and
 * validated with the built-in catalog, described as the overview shows it,
 * and stamped with the sha256 of its bytes. scripts/build.mjs calls it, from
 * the bundle it has just written, for every file in runbooks/; a shipped
 * runbook that does not validate fails the build.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { builtInCatalog } from '../steps/catalog.js';
import { parseRunbook } from '../runbook/parse.js';
import { decodeRunbookBytes } from '../runbook/text.js';
import { formatDiagnostic } from '../runbook/diagnostics.js';
import { sha256Hex } from '../util/precompiled.js';
import { describeRunbook } from './overview-model.js';
import type { PrecompiledOverview } from './precompiled-overview.js';

export { runbookCompilerKey } from './precompiled-overview.js';

/** Thrown when a shipped runbook does not validate; the message holds its diagnostics (file:line:col). */
export class ShippedRunbookInvalid extends Error {}

/** The entry for the runbook file `file` (under the package root `root`), made with `compiler`. */
export function precompileOverview(root: string, file: string, compiler: string | null): PrecompiledOverview {
  const bytes = readFileSync(file);
  const sha256 = sha256Hex(bytes);
  const decoded = decodeRunbookBytes(bytes);
  if (!decoded.ok) throw new ShippedRunbookInvalid(`${file}:${decoded.line}:${decoded.col}: ${decoded.message}`);
  const catalog = builtInCatalog();
  const r = parseRunbook(decoded.text, file, catalog, sha256);
  if (!r.runbook)
    throw new ShippedRunbookInvalid(
      r.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => formatDiagnostic(d))
        .join('\n'),
    );
  const model = describeRunbook(r.runbook, catalog);
  return {
    sha256,
    compiler,
    id: r.runbook.id,
    ...(r.runbook.practice?.scenario ? { scenario: r.runbook.practice.scenario } : {}),
    // Relative: the package is installed elsewhere; the reader puts the runbook's own path back.
    model: { ...model, path: relative(root, file).replaceAll('\\', '/') },
  };
}
