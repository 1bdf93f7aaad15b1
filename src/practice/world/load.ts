/**
 * loadWorld: a scenario (by name, by path, or as an object) → World.
 * YAML is validated with zod; every error names the file and line and says
 * how to fix it (`healthy.yaml:42: users[3].methods[0].type: … hint`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { LineCounter, parseDocument, isNode, visit } from 'yaml';
import { sanitize } from '../../util/sanitize.js';
import { firstCollectionKey } from '../../util/yaml-keys.js';
import type { z } from 'zod';
import { ScenarioSchema, type Scenario } from './schema.js';
import { buildWorld, ScenarioRefError } from './build.js';
import type { World } from './world.js';
import type { WorldOptions } from './world-state.js';
import { BreakglassError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { listScenarios, scenarioDirs } from './scenario-files.js';
import { precompiledScenario } from './precompiled.js';

export { listScenarios, scenarioDirs } from './scenario-files.js';
export { precompiledScenarioFile, type PrecompiledScenario } from './precompiled.js';
export { scenarioCompilerKey } from './compiler-key.js';

/** A scenario problem for the operator: `file:line: what, how to fix`. Text from the file is made safe to print. */
export class ScenarioError extends BreakglassError {
  constructor(message: string) {
    super(sanitize(message, { multiline: true }), { exitCode: EXIT.USAGE });
  }
}

function findScenarioFile(nameOrPath: string): string {
  if (nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') || nameOrPath.includes('/')) {
    if (!existsSync(nameOrPath))
      throw new ScenarioError(
        `${nameOrPath}: file not found. Give a scenario name (${listScenarios().join(', ')}) or a path to a .yaml file.`,
      );
    return nameOrPath;
  }
  if (!/^[a-z0-9-]+$/.test(nameOrPath))
    throw new ScenarioError(`'${nameOrPath}' is not a scenario name. Known scenarios: ${listScenarios().join(', ')}.`);
  for (const dir of scenarioDirs()) {
    const f = join(dir, `${nameOrPath}.yaml`);
    if (existsSync(f)) return f;
  }
  throw new ScenarioError(`Unknown scenario '${nameOrPath}'. Known scenarios: ${listScenarios().join(', ')}.`);
}

function hintFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `remove or rename ${issue.keys.map((k) => `'${k}'`).join(', ')} (see docs/practice-scenarios.md for the allowed keys)`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_union') return 'check the `type:` field and the keys allowed for that type';
  return 'see docs/practice-scenarios.md';
}

const fmtPath = (p: PropertyKey[]): string =>
  p.map((x, i) => (typeof x === 'number' ? `[${x}]` : `${i ? '.' : ''}${String(x)}`)).join('');

/** Parse + validate scenario YAML text. */
export function parseScenario(text: string, file = 'scenario.yaml'): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const lineOf = (path: PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    }
    return 1;
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    throw new ScenarioError(`${file}:${line}: ${e.message.split('\n')[0]}, fix the YAML syntax`);
  }
  const collectionKey = firstCollectionKey(doc);
  if (collectionKey) {
    const line = collectionKey.range ? lc.linePos(collectionKey.range[0]).line : 1;
    throw new ScenarioError(
      `${file}:${line}: a key is a list or a mapping; keys are plain names (\`name: value\`), check for a stray [, { or ? before the colon`,
    );
  }
  let data: unknown;
  try {
    // maxAliasCount bounds alias expansion (a "billion laughs" file stops here instead of eating memory).
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    let line = 1;
    visit(doc, {
      Alias(_, node) {
        if (node.range) line = lc.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new ScenarioError(
      `${file}:${line}: ${why}; define each &anchor before its *alias and do not nest aliases deeply, fix the YAML`,
    );
  }
  const res = ScenarioSchema.safeParse(data);
  if (!res.success) {
    const msgs = res.error.issues
      .slice(0, 5)
      .map((i) => `${file}:${lineOf(i.path)}: ${fmtPath(i.path) || '(root)'}: ${i.message}, ${hintFor(i)}`);
    throw new ScenarioError(msgs.join('\n'));
  }
  return res.data;
}

/**
 * Whether a scenario declares a break-glass set-up (`breakGlass:`): the home
 * screen's "has this tenant been set up?" for the practice tenant. Reads the
 * file only (no world is built); a scenario that does not load says no.
 */
export function scenarioDeclaresBreakGlass(nameOrPath: string): boolean {
  try {
    const path = findScenarioFile(nameOrPath);
    return Boolean(parseScenario(readFileSync(path, 'utf8'), basename(path)).breakGlass);
  } catch {
    return false;
  }
}

/** Load a world from a scenario name, a .yaml path, or a scenario object. */
export function loadWorld(scenario: string | object, opts: WorldOptions = {}): World {
  let sc: Scenario;
  let file = 'scenario';
  let text: string | undefined;
  if (typeof scenario === 'string') {
    const path = findScenarioFile(scenario);
    file = basename(path);
    text = readFileSync(path, 'utf8');
    const byName = /^[a-z0-9-]+$/.test(scenario) ? precompiledScenario(scenario, text) : undefined;
    sc = byName ?? parseScenario(text, file);
  } else {
    const res = ScenarioSchema.safeParse(scenario);
    if (!res.success)
      throw new ScenarioError(
        res.error.issues
          .slice(0, 5)
          .map((i) => `scenario: ${fmtPath(i.path) || '(root)'}: ${i.message}, ${hintFor(i)}`)
          .join('\n'),
      );
    sc = res.data;
  }
  try {
    return buildWorld(sc, opts);
  } catch (e) {
    if (e instanceof ScenarioRefError) {
      let line = 1;
      if (text) {
        const lc = new LineCounter();
        const doc = parseDocument(text, { lineCounter: lc });
        for (let n = e.path.length; n >= 0; n--) {
          const node = doc.getIn(e.path.slice(0, n), true);
          if (isNode(node) && node.range) {
            line = lc.linePos(node.range[0]).line;
            break;
          }
        }
      }
      throw new ScenarioError(`${file}:${line}: ${fmtPath(e.path)}: ${e.message}`);
    }
    throw e;
  }
}
