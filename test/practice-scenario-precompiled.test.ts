/**
 * The build parses and validates each shipped practice scenario once
 * (dist/scenarios/<name>.json) so a practice tenant's start does not; the
 * precompiled form must be exactly what reading the YAML gives, and tied to
 * the YAML it came from.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, precompiledScenarioFile, type PrecompiledScenario } from '../src/practice/world/load.js';

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
    expect(p.scenario).toEqual(parseScenario(text, `${name}.yaml`));
  });
});
