/**
 * The import graph of a source tree, as the compiler's pre-processor sees it: every relative
 * `import`, `import type`, `export … from` and `import()` of a .ts/.tsx file, resolved to a file.
 * Type-only imports count: a type cycle still ties two modules together, and moving one of them
 * then drags the other along.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** file (relative to the root, with forward slashes) → the files it imports. */
export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.tsx?$/;
const TEST = /\.test\.tsx?$|\.typecheck\.ts$/;

function sources(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (SOURCE.test(name) && !TEST.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** './x.js' from dir → the .ts/.tsx file it names (NodeNext writes the emitted name), or undefined. */
function resolveSpecifier(fromDir: string, spec: string): string | undefined {
  const base = resolve(fromDir, spec);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, join(base, 'index.ts'), join(base, 'index.tsx')])
    if (SOURCE.test(c) && existsSync(c) && statSync(c).isFile()) return c;
  return undefined;
}

export function importGraph(root: string, dir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sources(join(root, dir), [])) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const to = new Set<string>();
    for (const imp of info.importedFiles) {
      if (!imp.fileName.startsWith('.')) continue;
      const target = resolveSpecifier(dirname(file), imp.fileName);
      if (target) to.add(relative(root, target).split('\\').join('/'));
    }
    graph.set(relative(root, file).split('\\').join('/'), [...to].sort());
  }
  return graph;
}

/** A set of modules that import each other round some loop, and one such loop `a → b → … → a`. */
export interface ImportCycle {
  members: string[];
  loop: string[];
}

/**
 * Every strongly connected component (Tarjan) with a cycle in it: its members, and one concrete
 * loop through them so the message names an import to break.
 */
export function importCycles(graph: ImportGraph): ImportCycle[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(scc);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((scc) => ({ members: scc.sort(), loop: loopWithin(graph, new Set(scc)) }));
}

/** One loop through the component's first member, found by breadth-first search inside the component. */
function loopWithin(graph: ImportGraph, scc: Set<string>): string[] {
  const start = [...scc].sort()[0]!;
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!scc.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x: string | undefined = v; x !== undefined && x !== start; x = parent.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
