/**
 * Asks a form and validates every field against its InputSpec. A front end
 * may validate as the operator types; this is the authority. Invalid answers
 * are re-asked (the log says why) a few times, then the step fails with the
 * reason, so a scripted run with a bad answer cannot loop forever.
 */
import type { InputSpec } from '../core/runbook.js';
import type { StepContext } from '../core/step.js';
import { coerceInput } from './input-values.js';

const MAX_TRIES = 3;

export async function askForm(
  ctx: StepContext<unknown>,
  title: string,
  fields: InputSpec[],
): Promise<{ ok: true; values: Record<string, unknown> } | { ok: false; errors: string[] }> {
  let errors: string[] = [];
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const answer = await ctx.operator.ask({ type: 'form', instanceId: ctx.instanceId, title, fields }, ctx.signal);
    errors = [];
    const values: Record<string, unknown> = {};
    for (const f of fields) {
      const c = coerceInput(f, answer[f.name]);
      if (c.ok) values[f.name] = c.value;
      // A secret's error must not quote what was typed: it reaches the log and the step summary.
      else errors.push(f.secret ? `${f.label || f.name}: not accepted (the value is not shown)` : c.error);
    }
    if (errors.length === 0) return { ok: true, values };
    for (const e of errors) ctx.log('warn', e);
  }
  return { ok: false, errors };
}
