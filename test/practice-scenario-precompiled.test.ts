/**
 * The build parses and validates each shipped practice scenario once
 * (dist/scenarios/<name>.json) so a practice tenant's start does not; the
 * precompiled form must be exactly what reading the YAML gives, and tied to
 * the YAML it came from and to the compiler (schema) that read it: an entry
 * made by another schema is not used from the sources, the YAML is read.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseScenario,
  precompiledScenarioFile,
  scenarioCompilerKey,
  type PrecompiledScenario,
} from '../src/practice/world/load.js';
import { precompiledScenario } from '../src/practice/world/precompiled.js';
import { SCENARIO_COMPILER_SOURCES } from '../src/practice/world/compiler-key.js';

const root = resolve(import.meta.dirname, '..');
const dir = join('src', 'practice', 'scenarios');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe('precompiled practice scenarios', () => {
  it.each(names)('%s: the build wrote the scenario as the YAML reads, with the YAML’s sha256', (name) => {
    const file = precompiledScenarioFile(name);
    expect(existsSync(file), `${file} (run npm run build)`).toBe(true);
    const text = readFileSync(join(dir, `${name}.yaml`), 'utf8');
    const p = JSON.parse(readFileSync(file, 'utf8')) as PrecompiledScenario;
    expect(p.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(p.compiler, `${file} was compiled by another schema (run npm run build)`).toBe(scenarioCompilerKey(root));
    expect(p.scenario).toEqual(parseScenario(text, `${name}.yaml`));
  });

  it('an entry made by another compiler is not used from the sources; the same YAML by this one is', () => {
    const text = readFileSync(join(dir, 'healthy.yaml'), 'utf8');
    const tmp = mkdtempSync(join(tmpdir(), 'bg-precompiled-'));
    const entry = (compiler: string): string => {
      const f = join(tmp, `${compiler}.json`);
      // The shape an older schema might have left: what the world builder would trip over.
      const stale = { name: 'healthy', users: 'not a list' };
      writeFileSync(
        f,
        JSON.stringify({ sha256: createHash('sha256').update(text).digest('hex'), compiler, scenario: stale }),
      );
      return f;
    };
    expect(precompiledScenario('healthy', text, { file: entry('an-older-schema') })).toBeUndefined();
    expect(precompiledScenario('healthy', text, { file: entry(scenarioCompilerKey(root)) })).toMatchObject({
      users: 'not a list',
    });
    // The entry the build wrote is used as it is.
    expect(precompiledScenario('healthy', text)).toEqual(parseScenario(text, 'healthy.yaml'));
  });

  it('the compiler key changes with the schema source, and covers what the schema imports', () => {
    const copy = mkdtempSync(join(tmpdir(), 'bg-compiler-'));
    for (const rel of SCENARIO_COMPILER_SOURCES) {
      mkdirSync(dirname(join(copy, rel)), { recursive: true });
      cpSync(join(root, rel), join(copy, rel));
    }
    expect(scenarioCompilerKey(copy)).toBe(scenarioCompilerKey(root));
    const schema = join(copy, 'src/practice/world/schema.ts');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('z.strictObject(', 'z.object('));
    expect(scenarioCompilerKey(copy)).not.toBe(scenarioCompilerKey(root));

    // Every module of ours the schema imports, however deep, is hashed with it.
    const seen = new Set<string>();
    const visit = (rel: string): void => {
      if (seen.has(rel)) return;
      seen.add(rel);
      const src = readFileSync(join(root, rel), 'utf8');
      for (const m of src.matchAll(/^import\s[^;]*?from\s+'(\.[^']+)\.js';/gm))
        visit(relative(root, resolve(root, dirname(rel), `${m[1]}.ts`)));
    };
    visit('src/practice/world/schema.ts');
    expect([...seen].filter((f) => !(SCENARIO_COMPILER_SOURCES as readonly string[]).includes(f))).toEqual([]);
  });
});
