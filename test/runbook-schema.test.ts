import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runbookJsonSchemaText, schemaFilePath } from '../src/runbook/json-schema.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

describe('schema/runbook.schema.json', () => {
  it('is up to date with the zod schemas (run `npm run schema` when this fails)', () => {
    expect(readFileSync(schemaFilePath(), 'utf8')).toBe(runbookJsonSchemaText(CATALOG));
  });

  it('is a valid JSON Schema that accepts good and rejects bad front matter and step blocks', () => {
    const schema = JSON.parse(runbookJsonSchemaText(CATALOG)) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const fm = ajv.compile(schema);
    expect(
      fm({
        id: 'quarterly-validation',
        title: 'Q',
        version: '1.0.0',
        summary: 's',
        cadence: 'P90D',
        inputs: { a: { type: 'upn-list', label: 'A' } },
      }),
    ).toBe(true);
    expect(fm({ id: 'Bad Id', title: 'Q', version: '1.0', summary: 's' })).toBe(false);
    expect(fm({ id: 'x', title: 'Q', version: '1.0.0', summary: 's', titel: 'typo' })).toBe(false);
    const block = ajv.compile({
      $schema: schema.$schema as string,
      $defs: schema.$defs as Record<string, object>,
      $ref: '#/$defs/stepBlock',
    } as object);
    expect(block({ check: 'BG-007', with: { group: '${inputs.group}' } })).toBe(true);
    expect(block({ wait: 'fido2.registered', timeout: 'PT5M' })).toBe(true);
    expect(block({ chek: 'BG-007' })).toBe(false);
    // Each action's, query's and check's `with:` arguments, so an editor flags a typo as it is typed.
    const tap = { action: 'tap.create', with: { user: 'bg1@contoso.onmicrosoft.com', lifetimeMinutes: 480 } };
    expect(block(tap)).toBe(true);
    expect(block({ ...tap, with: { user: '${inputs.account}', lifetimeMinutes: '${inputs.minutes}' } })).toBe(true);
    expect(block({ ...tap, with: { user: 'bg1@contoso.onmicrosoft.com', lifetimeMinute: 480 } })).toBe(false);
    expect(block({ ...tap, with: { user: 'bg1@contoso.onmicrosoft.com', lifetimeMinutes: 5 } })).toBe(false);
    expect(block({ action: 'tap.create', with: { lifetimeMinutes: 60 } })).toBe(false);
    expect(block({ query: 'ca.exclusionPlan', with: { grup: 'SG' } })).toBe(false);
    expect(block({ check: 'BG-007', with: { acounts: 'a@x.onmicrosoft.com' } })).toBe(false);
    expect(block({ show: 'qr', with: { url: 'https://aka.ms/mysecurityinfo' } })).toBe(true);
    expect(block({ show: 'qr', with: { lines: ['x'] } })).toBe(false);
  });
});
