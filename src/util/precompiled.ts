/**
 * Files the build derives from shipped inputs (a practice scenario's validated
 * form, a runbook's overview): dist/<kind>/<name>.json, each holding the
 * sha256 of the exact input it came from and the key of the compiler that
 * read it. Code uses an entry only while the input still has that sha256
 * and, run from the TypeScript sources, while the sources still give that
 * key. Otherwise it reads the input itself, as if there were no entry.
 *
 * The bundle needs no key check: the build writes it and the entries together.
 * From the sources (the tests, a developer's edit before `npm run build`),
 * an entry made by other code would hand the caller a stale shape.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What every entry carries besides its payload. */
export interface PrecompiledStamp {
  /** sha256 (hex) of the input's exact bytes. */
  sha256: string;
  /** The compiler key of the sources the build compiled it with (null when they could not be read). */
  compiler: string | null;
}

/** Running from the TypeScript sources (a module URL ending in .ts/.tsx), not the bundle. */
export function fromSources(moduleUrl: string): boolean {
  return /\.tsx?$/.test(moduleUrl);
}

/**
 * The compiler key an entry must carry to be used by code at `moduleUrl`: from the bundle,
 * undefined (any: the build wrote both); from the sources, `compute()`'s key, computed at the
 * first call and kept (null when the sources cannot be read, so no entry is used).
 */
export function expectedKeyFor(moduleUrl: string, compute: () => string): () => string | null | undefined {
  if (!fromSources(moduleUrl)) return () => undefined;
  let key: string | null | undefined;
  return () => {
    if (key === undefined) {
      try {
        key = compute();
      } catch {
        key = null;
      }
    }
    return key;
  };
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Source files below a folder, sorted; tests are not part of any compiler. */
function sourcesUnder(root: string, rel: string): string[] {
  return readdirSync(join(root, rel), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
    .map((d) =>
      join(d.parentPath, d.name)
        .slice(root.length + 1)
        .replaceAll('\\', '/'),
    )
    .sort();
}

/**
 * The digest of what a compiler is made of, under `root`: each listed file
 * (a package.json counts by its version only), and each listed folder (ending
 * in "/") by every source file in it. Throws when one cannot be read.
 */
export function compilerKey(root: string, sources: readonly string[]): string {
  const h = createHash('sha256');
  const files = sources.flatMap((rel) => (rel.endsWith('/') ? sourcesUnder(root, rel.slice(0, -1)) : [rel]));
  for (const rel of files) {
    const text = readFileSync(join(root, rel), 'utf8');
    // A package's package.json: only its version speaks to what the code does.
    const part = rel.endsWith('package.json') ? String((JSON.parse(text) as { version?: unknown }).version) : text;
    h.update(`${rel}\0${part}\0`);
  }
  return h.digest('hex');
}

/**
 * The entry in `file` when it was made from an input with sha256 `digest` and,
 * when `want` is a string, by that compiler; undefined otherwise (no entry,
 * unreadable, another input or compiler). `want` null: no entry may be used;
 * undefined: any compiler (the bundle).
 */
export function readPrecompiled<E extends PrecompiledStamp>(
  file: string,
  digest: string,
  want: string | null | undefined,
): Partial<E> | undefined {
  if (want === null) return undefined;
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Partial<E>;
    if (want !== undefined && p.compiler !== want) return undefined;
    return p.sha256 === digest ? p : undefined;
  } catch {
    return undefined;
  }
}
