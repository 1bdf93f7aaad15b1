/**
 * `input`: a form whose validated values become the step's outputs.
 *
 *   input:
 *     keyModel: { type: choice, label: "Key model", choices: [YubiKey 5, Feitian] }
 *     serial:   { type: string, label: "Serial number", pattern: "^[0-9]{6,10}$" }
 *
 * Inputs are never secrets (secrets come from `secret` steps), so values are journaled.
 */
import { z } from 'zod';
import type { StepKind } from './types.js';
import { fieldsSchema, toInputSpecs } from './field-spec.js';
import { askForm } from './ask-form.js';

const schema = z.strictObject({
  input: fieldsSchema.refine((f) => Object.keys(f).length > 0, 'an input step needs at least one field'),
});
export type InputConfig = z.infer<typeof schema>;

export const kind: StepKind<InputConfig> = {
  name: 'input',
  schema,
  describe(config) {
    return { mutating: false, destructive: false, permissions: {}, outputs: Object.keys(config.input), needsTenant: false };
  },
  async run(ctx) {
    const form = await askForm(ctx, ctx.step.title, toInputSpecs(ctx.config.input));
    if (!form.ok) return { status: 'fail', summary: `Invalid input: ${form.errors.join('; ')}`, outputs: {}, evidence: [] };
    await ctx.journal.answer('form', form.values);
    const names = Object.keys(form.values).join(', ');
    return { status: 'done', summary: `Recorded ${names}`, outputs: form.values, evidence: [] };
  },
};
