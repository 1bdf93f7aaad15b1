/**
 * `input`: a form whose validated values become the step's outputs.
 *
 *   input:
 *     keyModel: { type: choice, label: "Key model", choices: [YubiKey 5, Feitian] }
 *     serial:   { type: string, label: "Serial number", pattern: "^[0-9]{6,10}$" }
 *
 * Values are journaled and become outputs — except fields marked `secret: true`
 * (typed masked; kept in the memory vault under the field name; the journal
 * keeps a fingerprint).
 */
import { z } from 'zod';
import type { StepKind } from '../core/step.js';
import { fieldsSchema, publicFieldNames, toInputSpecs, withholdSecrets } from './field-spec.js';
import { askForm } from './ask-form.js';

const schema = z.strictObject({
  input: fieldsSchema.refine((f) => Object.keys(f).length > 0, 'an input step needs at least one field'),
});
export type InputConfig = z.infer<typeof schema>;

export const kind: StepKind<InputConfig> = {
  name: 'input',
  schema,
  mayMutate: false,
  describe(config) {
    const takes = Object.values(config.input).some((f) => f.secret);
    return {
      mutating: false,
      destructive: false,
      permissions: {},
      outputs: publicFieldNames(config.input),
      needsTenant: false,
      ...(takes ? { secret: 'takes' as const } : {}),
    };
  },
  async run(ctx) {
    const specs = toInputSpecs(ctx.config.input);
    const form = await askForm(ctx, ctx.step.title, specs);
    if (!form.ok)
      return { status: 'fail', summary: `Invalid input: ${form.errors.join('; ')}`, outputs: {}, evidence: [] };
    const { journal, outputs } = withholdSecrets(specs, form.values, ctx.secrets);
    await ctx.journal.answer('form', journal);
    const names = Object.keys(form.values).join(', ');
    return { status: 'done', summary: `Recorded ${names}`, outputs, evidence: [] };
  },
};
