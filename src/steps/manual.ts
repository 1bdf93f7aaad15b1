/**
 * `manual`: the operator reads the prose, does it in the real world, and
 * confirms. Optional `record:` fields capture facts the tool cannot see
 * (the label written on the physical key, the envelope's seal number); they
 * become outputs. A heading without a step block is a manual step.
 *
 *   manual: true
 *   manual: { confirm: "The key is in the safe", record: { keyLabel: { label: "Label on the key" } } }
 *   manual: { confirm: "…", finding: "A custodian's envelope seal was broken" }
 *
 * `finding:` makes the step, when it runs (usually under a `when:`), a recorded security finding:
 * it ends WARN with that sentence, so the end screen and the report's first section list it.
 */
import { z } from 'zod';
import type { StepKind } from '../core/step.js';
import { fieldsSchema, publicFieldNames, toInputSpecs, withholdSecrets } from './field-spec.js';
import { askForm } from './ask-form.js';

const body = z.strictObject({
  confirm: z.string().min(1).optional(),
  record: fieldsSchema.optional(),
  finding: z.string().min(1).optional(),
});
const schema = z.strictObject({
  manual: z.union([z.literal(true), body]).optional(),
});
export type ManualConfig = z.infer<typeof schema>;

function bodyOf(c: ManualConfig): z.infer<typeof body> {
  return c.manual === true || c.manual === undefined ? {} : c.manual;
}

export const kind: StepKind<ManualConfig> = {
  name: 'manual',
  schema,
  mayMutate: false,
  describe(config) {
    return {
      mutating: false,
      destructive: false,
      permissions: {},
      outputs: publicFieldNames(bodyOf(config).record ?? {}),
      needsTenant: false,
    };
  },
  async run(ctx) {
    const b = bodyOf(ctx.config);
    let outputs: Record<string, unknown> = {};
    if (b.record && Object.keys(b.record).length > 0) {
      const specs = toInputSpecs(b.record);
      const form = await askForm(ctx, ctx.step.title, specs);
      if (!form.ok)
        return { status: 'fail', summary: `Not recorded: ${form.errors.join('; ')}`, outputs: {}, evidence: [] };
      // Secret fields go to the vault; only fingerprints may reach the journal (via the step result they never do).
      outputs = withholdSecrets(specs, form.values, ctx.secrets).outputs;
    }
    const message = b.confirm ?? 'Done?';
    const yes = await ctx.operator.ask(
      { type: 'confirm', instanceId: ctx.instanceId, message, defaultYes: true },
      ctx.signal,
    );
    await ctx.journal.answer('confirm', yes);
    if (!yes) return { status: 'fail', summary: `Operator did not confirm: ${message}`, outputs, evidence: [] };
    if (b.finding) return { status: 'warn', summary: `Finding: ${b.finding}`, outputs, evidence: [] };
    return { status: 'done', summary: `Confirmed: ${message}`, outputs, evidence: [] };
  },
};
