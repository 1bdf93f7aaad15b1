/**
 * The build describes each shipped runbook once (dist/runbooks/<name>.json)
 * so `run <id>` can show its overview before the parser, zod and the catalog
 * load. The entry must be exactly what a fresh parse and describeRunbook()
 * give, tied to the file's exact bytes and to the compiler (all of src/ and
 * the lockfile) that made it; otherwise it is not used and the file is parsed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../src/steps/catalog.js';
import { loadRunbook } from '../src/runbook/parse.js';
import { describeRunbook } from '../src/screens/overview-model.js';
import {
  precompiledOverview,
  precompiledOverviewFile,
  runbookCompilerKey,
  type PrecompiledOverview,
} from '../src/screens/precompiled-overview.js';
import { findPrecompiledRunbook, validatePrecompiled } from '../src/commands/run-precompiled.js';
import { compilerKey } from '../src/util/precompiled.js';

const root = resolve(import.meta.dirname, '..');
const shipped = readdirSync(join(root, 'runbooks'))
  .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
  .map((f) => join(root, 'runbooks', f));
const catalog = builtInCatalog();
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('precompiled runbook overviews', () => {
  it.each(shipped)(
    '%s: the build wrote describeRunbook() of a fresh parse, with the sha256 of its bytes',
    async (file) => {
      const entryFile = precompiledOverviewFile(file)!;
      expect(existsSync(entryFile), `${entryFile} (run npm run build)`).toBe(true);
      const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as PrecompiledOverview;
      const bytes = readFileSync(file);
      expect(entry.sha256).toBe(sha(bytes));
      expect(entry.compiler, `${entryFile} was made by other sources (run npm run build)`).toBe(
        runbookCompilerKey(root),
      );
      const r = await loadRunbook(file, catalog);
      expect(r.runbook, `${file} validates`).toBeDefined();
      const fresh = describeRunbook(r.runbook!, catalog);
      expect(entry.id).toBe(r.runbook!.id);
      expect(entry.scenario).toBe(r.runbook!.practice?.scenario);
      expect(entry.model).toEqual({ ...fresh, path: `runbooks/${file.replace(/^.*[\\/]/, '')}` });
      // What `run` shows: the entry with the runbook's own path, equal to a fresh describe, field for field.
      const used = precompiledOverview(file, bytes);
      expect(used?.model).toEqual(fresh);
      expect(JSON.stringify(used?.model)).toBe(JSON.stringify(fresh));
    },
  );

  it('is not used for other bytes, by another compiler, or for a runbook outside the shipped folder', () => {
    const file = join(root, 'runbooks', 'emergency-sign-in.md');
    const bytes = readFileSync(file);
    expect(precompiledOverview(file, bytes)?.id).toBe('emergency-sign-in');
    // One byte more (an edit, even a blank line): the file is parsed instead.
    expect(precompiledOverview(file, Buffer.concat([bytes, Buffer.from('\n')]))).toBeUndefined();
    expect(precompiledOverview(file, bytes, { compiler: 'another-build' })).toBeUndefined();
    expect(precompiledOverview(file, bytes, { compiler: null })).toBeUndefined();
    // The same bytes elsewhere are the operator's file: not precompiled.
    const copy = join(mkdtempSync(join(tmpdir(), 'bg-rb-copy-')), 'emergency-sign-in.md');
    writeFileSync(copy, bytes);
    expect(precompiledOverviewFile(copy)).toBeUndefined();
    expect(precompiledOverview(copy, bytes)).toBeUndefined();
  });

  it('finds a shipped runbook by id or path with its overview; the full validation agrees with it', async () => {
    const indexFile = join(mkdtempSync(join(tmpdir(), 'bg-rb-index-')), 'runbook-index.json');
    const byId = await findPrecompiledRunbook('emergency-sign-in', indexFile);
    expect(byId?.path).toBe(join(root, 'runbooks', 'emergency-sign-in.md'));
    expect(byId?.overview.scenario).toBe('healthy');
    const byPath = await findPrecompiledRunbook(join(root, 'runbooks', 'emergency-sign-in.md'), indexFile);
    expect(byPath?.overview.model).toEqual(byId?.overview.model);
    expect(await findPrecompiledRunbook('no-such-runbook', indexFile)).toBeUndefined();
    const v = await validatePrecompiled(byId!);
    expect(v.ok).toBe(true);
    if (v.ok) expect(describeRunbook(v.runbook, v.catalog)).toEqual(byId!.overview.model);
  });

  it('fails closed when the validated runbook does not give the overview shown', async () => {
    const found = (await findPrecompiledRunbook('emergency-sign-in'))!;
    const shown = { ...found.overview.model, mutatingCount: 0 };
    const v = await validatePrecompiled({ ...found, overview: { ...found.overview, model: shown } });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/^internal error: the overview shown differs/);
    // Bytes that do not validate: their diagnostics, file:line:col, not a runbook.
    const text = readFileSync(found.path, 'utf8').replace('type: upn', 'type: teleport');
    const line = text.slice(0, text.indexOf('type: teleport')).split('\n').length;
    const broken = Buffer.from(text, 'utf8');
    const b = await validatePrecompiled({ ...found, bytes: broken });
    expect(b.ok).toBe(false);
    if (!b.ok)
      expect(b.diagnostics.some((d) => d.severity === 'error' && d.path === found.path && d.line === line)).toBe(true);
  });

  it('the compiler key covers every source file and the lockfile, not the tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-rb-compiler-'));
    mkdirSync(join(dir, 'src', 'screens'), { recursive: true });
    writeFileSync(join(dir, 'src', 'screens', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'src', 'screens', 'a.test.ts'), 'test\n');
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    const key = () => compilerKey(dir, ['src/', 'package-lock.json']);
    const k0 = key();
    writeFileSync(join(dir, 'src', 'screens', 'a.test.ts'), 'another test\n');
    expect(key()).toBe(k0);
    writeFileSync(join(dir, 'src', 'screens', 'a.ts'), 'export const a = 2;\n');
    const k1 = key();
    expect(k1).not.toBe(k0);
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
    expect(key()).not.toBe(k1);
    expect(runbookCompilerKey(root)).toBe(compilerKey(root, ['src/', 'package-lock.json']));
  });
});
