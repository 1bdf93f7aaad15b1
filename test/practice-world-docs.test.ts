import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { scenarioJsonSchema, loadWorld } from '../src/practice/world/index.js';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';

const doc = readFileSync(new URL('../docs/practice-scenarios.md', import.meta.url), 'utf8');

describe('docs/practice-scenarios.md', () => {
  it('embeds the current JSON Schema of the scenario format', () => {
    const m = /<!-- schema:begin -->\s*```json\n([\s\S]*?)\n```\s*<!-- schema:end -->/.exec(doc);
    expect(m, 'schema block present').toBeTruthy();
    expect(JSON.parse(m![1]!)).toEqual(scenarioJsonSchema());
  });

  it('the documented drift list matches drifted.yaml', () => {
    const drifted = readFileSync(new URL('../src/practice/scenarios/drifted.yaml', import.meta.url), 'utf8');
    const drifts = drifted.split('\n').filter((l) => l.startsWith('# DRIFT BG-'));
    expect(drifts.length).toBeGreaterThanOrEqual(8);
    expect(doc).toContain(`${drifts.length} planted faults`);
  });

  it('every shipped scenario validates against the JSON Schema (as an editor would) and loads', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(scenarioJsonSchema() as object);
    for (const name of [
      'healthy',
      'drifted',
      'smb-security-defaults',
      'healthy-phishing-resistant',
      'drifted-routes',
      'sp-break-glass-healthy',
      'sp-break-glass-drifted',
      'healthy-restricted-unit',
      'drifted-restricted-unit',
    ]) {
      const y = parse(readFileSync(new URL(`../src/practice/scenarios/${name}.yaml`, import.meta.url), 'utf8'));
      expect(y.name).toBe(name);
      expect(validate(y), JSON.stringify(validate.errors)).toBe(true);
      expect(() => loadWorld(name)).not.toThrow();
    }
  });
});

it('the JSON Schema rejects an unknown key, like loadWorld does', () => {
  const ajv = new Ajv2020({ strict: false });
  const validate = ajv.compile(scenarioJsonSchema() as object);
  expect(
    validate({
      name: 'x',
      tenant: { initialDomain: 'x.onmicrosoft.com' },
      operator: { upn: 'a@x.onmicrosoft.com' },
      colour: 'blue',
    }),
  ).toBe(false);
});
