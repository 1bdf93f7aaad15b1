/**
 * Run inputs (front matter `inputs:`): values from the command line are
 * checked against their specs; required inputs still missing are asked for
 * in one form before the run starts, so the journal's run-started record
 * holds the complete, validated inputs.
 */
import type { InputSpec, Runbook } from '../core/runbook.js';
import { coerceInput } from '../steps/input-values.js';
import type { OperatorPort } from '../core/events.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export class InputError extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.USAGE });
  }
}

export async function collectInputs(
  runbook: Runbook,
  given: Record<string, unknown>,
  operator: OperatorPort,
): Promise<Record<string, unknown>> {
  const specs = runbook.inputs;
  const unknown = Object.keys(given).filter((k) => !Object.prototype.hasOwnProperty.call(specs, k));
  if (unknown.length) {
    const known = Object.keys(specs);
    throw new InputError(
      `unknown input ${unknown.map((k) => `"${k}"`).join(', ')}; this runbook takes ${known.length ? known.join(', ') : 'no inputs'}`,
    );
  }
  const values: Record<string, unknown> = {};
  const missing: InputSpec[] = [];
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = given[name];
    if (raw === undefined && spec.default === undefined && spec.required) {
      missing.push({ ...spec, name });
      continue;
    }
    const c = coerceInput({ ...spec, name }, raw);
    if (c.ok) {
      if (c.value !== undefined) values[name] = c.value;
    } else problems.push(c.error);
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  let lastErrors: string[] = [];
  for (let attempt = 0; missing.length && attempt < 3; attempt++) {
    lastErrors = [];
    const answer = await operator.ask({
      type: 'form',
      instanceId: 'inputs',
      title: `${runbook.title}: inputs`,
      fields: missing,
    });
    const still: InputSpec[] = [];
    for (const spec of missing) {
      const c = coerceInput(spec, answer[spec.name]);
      if (c.ok) {
        if (c.value !== undefined) values[spec.name] = c.value;
      } else {
        operator.emit({ type: 'notice', level: 'warn', message: c.error });
        lastErrors.push(c.error);
        still.push(spec);
      }
    }
    missing.splice(0, missing.length, ...still);
  }
  if (missing.length) {
    const why = lastErrors.length ? `: ${lastErrors.join('; ')}` : '';
    throw new InputError(
      `missing input: ${missing.map((s) => s.label || s.name).join(', ')}${why} (give it with --input name=value)`,
    );
  }
  return values;
}
