/**
 * schema/runbook.schema.json, generated from the zod schemas (front matter
 * here, each kind's keys from src/steps/<kind>.ts, each action's, query's and
 * check's `with:` arguments from the catalogue) so the two never drift and an
 * editor catches a misspelled argument as it is typed.
 * Regenerate: `npm run schema`. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AnyStepKind, Catalog } from '../core/catalog.js';
import type { StepCatalog } from '../core/step.js';
import { FrontMatterSchema, StepCommonSchema } from './schema.js';
import { packageRoot } from './library.js';

const OPTS = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;

function jsonOf(schema: z.ZodType): Record<string, unknown> {
  const j = z.toJSONSchema(schema, OPTS) as Record<string, unknown>;
  delete j.$schema;
  return j;
}

/** A `${…}` expression, resolved at run time: allowed wherever a literal argument is. */
const EXPRESSION = { type: 'string', pattern: '\\$\\{', description: 'a ${…} expression, resolved at run time' };

/** An argument schema for editors: each argument may be a literal of its type or an expression. */
function withJsonOf(args: z.ZodType): Record<string, unknown> {
  const j = jsonOf(args);
  const props = (j.properties ?? {}) as Record<string, unknown>;
  j.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { anyOf: [v, EXPRESSION] }]));
  return j;
}

/** `if <kind key> is <value> then with: <its arguments>`, one per variant (the kind's withArgs). */
function withRules(kind: AnyStepKind, catalog: StepCatalog): Record<string, unknown>[] {
  return (kind.withArgs?.(catalog) ?? []).map((v) => {
    const then = { properties: { with: withJsonOf(v.args) } };
    if (v.when === undefined) return then;
    return { if: { properties: { [kind.name]: { const: v.when } }, required: [kind.name] }, then };
  });
}

/** The schema for runbooks that use this catalogue's step kinds, actions, queries and checks. */
export function buildRunbookJsonSchema(catalog: Catalog): Record<string, unknown> {
  const kinds = [...catalog.stepKinds()].sort((a, b) => a.name.localeCompare(b.name));
  const blocks: Record<string, unknown> = {};
  for (const k of kinds) {
    const s = k.schema as z.ZodType;
    const merged =
      s instanceof z.ZodObject ? z.strictObject({ ...StepCommonSchema.shape, ...(s.shape as z.ZodRawShape) }) : s;
    const rules = withRules(k, catalog);
    blocks[k.name] = {
      description: `A \`${k.name}\` step block (common keys + the ${k.name} kind's keys).`,
      ...jsonOf(merged),
      ...(rules.length ? { allOf: rules } : {}),
    };
  }
  const group = jsonOf(StepCommonSchema.required({ foreach: true }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/breakglass/breakglass/schema/runbook.schema.json',
    title: 'breakglass runbook front matter',
    description:
      'The YAML front matter of a breakglass runbook (docs/runbook-format.md). Step blocks (```step fences) are described in $defs: stepBlock is any one of the kinds, stepGroup a foreach group.',
    ...jsonOf(FrontMatterSchema),
    $defs: {
      stepBlock: { anyOf: kinds.map((k) => ({ $ref: `#/$defs/step-${k.name}` })) },
      stepGroup: {
        description: 'A `##` step that loops over a list; its `###` sub-headings are its child steps.',
        ...group,
      },
      ...Object.fromEntries(Object.entries(blocks).map(([n, v]) => [`step-${n}`, v])),
    },
  };
}

export function runbookJsonSchemaText(catalog: Catalog): string {
  return JSON.stringify(buildRunbookJsonSchema(catalog), null, 2) + '\n';
}

export function schemaFilePath(): string {
  return join(packageRoot(), 'schema', 'runbook.schema.json');
}

/** Used by `npm run schema` (with the built-in catalogue). */
export function writeSchemaFile(catalog: Catalog): void {
  writeFileSync(schemaFilePath(), runbookJsonSchemaText(catalog));
}
