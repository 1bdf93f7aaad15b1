/**
 * The zod shape of an input field written inside a step block (`input:` steps
 * and manual `record:` fields), and its conversion to the model's InputSpec.
 */
import { z } from 'zod';
import { INPUT_TYPES, type InputSpec } from '../core/runbook.js';

export const fieldSchema = z.strictObject({
  type: z.enum(INPUT_TYPES).default('string'),
  label: z.string().optional(),
  description: z.string().optional(),
  pattern: z.string().optional(),
  choices: z.array(z.string()).min(1).optional(),
  default: z.unknown().optional(),
  required: z.boolean().default(true),
  min: z.number().optional(),
  max: z.number().optional(),
  /** A secret (e.g. a passphrase read from an envelope): typed masked, kept in the run's memory vault under the field name, journaled as a fingerprint only, never an output. */
  secret: z.boolean().optional(),
});
export type FieldConfig = z.infer<typeof fieldSchema>;

export const fieldsSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'field names are letters, digits, _ and -'),
  fieldSchema,
);

export function toInputSpecs(fields: Record<string, FieldConfig>): InputSpec[] {
  return Object.entries(fields).map(([name, f]) => {
    const spec: InputSpec = { name, type: f.type, label: f.label ?? name, required: f.required };
    if (f.description !== undefined) spec.description = f.description;
    if (f.pattern !== undefined) spec.pattern = f.pattern;
    if (f.choices !== undefined) spec.choices = f.choices;
    if (f.default !== undefined) spec.default = f.default;
    if (f.min !== undefined) spec.min = f.min;
    if (f.max !== undefined) spec.max = f.max;
    if (f.secret) spec.secret = true;
    return spec;
  });
}

/** Output names of a field set: secret fields are not outputs. */
export function publicFieldNames(fields: Record<string, FieldConfig>): string[] {
  return Object.entries(fields)
    .filter(([, f]) => !f.secret)
    .map(([n]) => n);
}

/**
 * Moves secret fields' values into the vault (by field name, for `passphraseSecret:`-style
 * references) and returns what may be journaled (secrets as fingerprints) and the outputs (no secrets).
 */
export function withholdSecrets(
  specs: InputSpec[],
  values: Record<string, unknown>,
  vault: { put(name: string, value: string): string },
): { journal: Record<string, unknown>; outputs: Record<string, unknown> } {
  const journal: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {};
  const secret = new Set(specs.filter((s) => s.secret).map((s) => s.name));
  for (const [k, v] of Object.entries(values)) {
    if (!secret.has(k)) {
      journal[k] = v;
      outputs[k] = v;
    } else if (v !== undefined && v !== '') journal[k] = vault.put(k, String(v));
  }
  return { journal, outputs };
}
