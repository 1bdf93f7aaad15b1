/**
 * Guard: code, runbooks, docs and examples must stand on their own. Nothing in
 * them may cite documents that live outside this repository.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const ROOTS = ['src', 'runbooks', 'docs', 'examples', 'README.md', 'CONTRIBUTING.md'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);
const TEXT_EXT = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.jsonl',
  '.md',
  '.yaml',
  '.yml',
  '.txt',
  '.html',
  '.css',
  '.kql',
  '.csv',
]);
const PATTERNS: RegExp[] = [/\bseed[ -]?0\d\d\b/i, /shared\/seeds/i, /\.\.\/shared/];

function walk(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) {
      if (SKIP_DIRS.has(name)) continue;
      walk(join(path, name), out);
    }
  } else if (st.isFile() && TEXT_EXT.has(extname(path).toLowerCase())) {
    out.push(path);
  }
}

describe('no references to documents outside the repository', () => {
  it('src, runbooks, docs, examples, README and CONTRIBUTING cite nothing outside the repo', () => {
    const files: string[] = [];
    for (const r of ROOTS) walk(join(ROOT, r), files);
    expect(files.length).toBeGreaterThan(0);
    const hits: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (PATTERNS.some((p) => p.test(line))) hits.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits, hits.join('\n')).toEqual([]);
  });
});
