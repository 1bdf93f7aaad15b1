/**
 * schema/runbook.schema.json, generated from the zod schemas (front matter
 * here, each kind's keys from src/steps/<kind>.ts) so the two never drift.
 * Regenerate: `npm run schema`. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AnyStepKind } from '../core/catalog.js';
import { FrontMatterSchema, StepCommonSchema } from './schema.js';
import { packageRoot } from './library.js';

const OPTS = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;

function jsonOf(schema: z.ZodType): Record<string, unknown> {
  const j = z.toJSONSchema(schema, OPTS) as Record<string, unknown>;
  delete j.$schema;
  return j;
}

/** The schema for runbooks whose steps are of these kinds (the catalogue's stepKinds()). */
export function buildRunbookJsonSchema(stepKinds: readonly AnyStepKind[]): Record<string, unknown> {
  const kinds = [...stepKinds].sort((a, b) => a.name.localeCompare(b.name));
  const blocks: Record<string, unknown> = {};
  for (const k of kinds) {
    const s = k.schema as z.ZodType;
    const merged =
      s instanceof z.ZodObject ? z.strictObject({ ...StepCommonSchema.shape, ...(s.shape as z.ZodRawShape) }) : s;
    blocks[k.name] = {
      description: `A \`${k.name}\` step block (common keys + the ${k.name} kind's keys).`,
      ...jsonOf(merged),
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

export function runbookJsonSchemaText(stepKinds: readonly AnyStepKind[]): string {
  return JSON.stringify(buildRunbookJsonSchema(stepKinds), null, 2) + '\n';
}

export function schemaFilePath(): string {
  return join(packageRoot(), 'schema', 'runbook.schema.json');
}

/** Used by `npm run schema` (with the built-in catalogue's step kinds). */
export function writeSchemaFile(stepKinds: readonly AnyStepKind[]): void {
  writeFileSync(schemaFilePath(), runbookJsonSchemaText(stepKinds));
}
