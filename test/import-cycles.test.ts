/**
 * Guard: the import graph of src/ has no cycles (docs/architecture.md). The floor rule in
 * eslint.config.js stops an import pointing up a floor; this stops two modules on one floor (or one
 * folder) importing each other, directly or round a loop, type-only imports included.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, type ImportGraph } from './harness/import-graph.js';

const ROOT = join(__dirname, '..');

describe('import graph', () => {
  it('src/ has no import cycle', () => {
    const graph = importGraph(ROOT, 'src');
    expect(graph.size).toBeGreaterThan(300);
    expect(
      importCycles(graph).map((c) => `${c.loop.join(' → ')} (modules in the cycle: ${c.members.join(', ')})`),
    ).toEqual([]);
  });

  it('sees type-only imports, re-exports and import() of the real tree', () => {
    const graph = importGraph(ROOT, 'src');
    // import type { CheckConfig, Read } from '../core/check.js'
    expect(graph.get('src/checks/snapshot.ts')).toContain('src/core/check.ts');
    // export { … } from './…' in the catalogue of built-in checks
    expect(graph.get('src/commands/check.ts')).toContain('src/checks/index.ts');
  });

  it('names each loop it finds', () => {
    const planted: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCycles(planted)).toEqual([
      { members: ['a.ts', 'b.ts', 'c.ts'], loop: ['a.ts', 'b.ts', 'c.ts', 'a.ts'] },
      { members: ['e.ts'], loop: ['e.ts', 'e.ts'] },
    ]);
  });
});
