/**
 * The zod shape of an input field written inside a step block (`input:` steps
 * and manual `record:` fields), and its conversion to the model's InputSpec.
 */
import { z } from 'zod';
import { INPUT_TYPES, type InputSpec } from '../runbook/model.js';

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
});
export type FieldConfig = z.infer<typeof fieldSchema>;

export const fieldsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'field names are letters, digits, _ and -'), fieldSchema);

export function toInputSpecs(fields: Record<string, FieldConfig>): InputSpec[] {
  return Object.entries(fields).map(([name, f]) => {
    const spec: InputSpec = { name, type: f.type, label: f.label ?? name, required: f.required };
    if (f.description !== undefined) spec.description = f.description;
    if (f.pattern !== undefined) spec.pattern = f.pattern;
    if (f.choices !== undefined) spec.choices = f.choices;
    if (f.default !== undefined) spec.default = f.default;
    if (f.min !== undefined) spec.min = f.min;
    if (f.max !== undefined) spec.max = f.max;
    return spec;
  });
}
