/**
 * Run inputs (front matter `inputs:`). Every input is asked up front, in one
 * form, with its value filled in — from the command line, else the runbook's
 * default — so the operator sees and can change each one before anything is
 * written (an account with a default is still the operator's choice). Only a
 * run whose every input came on the command line asks nothing. The journal's
 * run-started record holds the complete, validated inputs; a later correction
 * is journaled on its own (`input-corrected`, see correctInputs).
 */
import type { InputSpec, InputSuggestion, Runbook } from '../core/runbook.js';
import { coerceInput } from '../steps/input-values.js';
import type { OperatorPort } from '../core/events.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export class InputError extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.USAGE });
  }
}

function unknownInputs(runbook: Runbook, given: Record<string, unknown>): void {
  const specs = runbook.inputs;
  const unknown = Object.keys(given).filter((k) => !Object.prototype.hasOwnProperty.call(specs, k));
  if (unknown.length) {
    const known = Object.keys(specs);
    throw new InputError(
      `unknown input ${unknown.map((k) => `"${k}"`).join(', ')}; this runbook takes ${known.length ? known.join(', ') : 'no inputs'}`,
    );
  }
}

/** The form fields for a run's inputs: each one's `default` is the value to show filled in. */
export function inputFields(runbook: Runbook, values: Record<string, unknown>): InputSpec[] {
  return Object.entries(runbook.inputs).map(([name, spec]) => {
    const field: InputSpec = { ...spec, name };
    if (values[name] !== undefined) field.default = values[name];
    return field;
  });
}

/**
 * Reads what the tenant suggests for the inputs that declare `suggest:` (signing in first):
 * per input, the suggestions, or why there are none. Given by the command for a person at a
 * terminal; a scripted run has none, so an answers file never meets a suggestion.
 */
export type SuggestInputs = (
  inputs: InputSpec[],
) => Promise<Record<string, { suggestions: InputSuggestion[] } | { error: string }>>;

/** The form's fields with what the tenant suggests (or why it could not say). */
async function withSuggestions(
  fields: InputSpec[],
  suggest: SuggestInputs | undefined,
  given: Record<string, unknown>,
  operator: OperatorPort,
): Promise<InputSpec[]> {
  const asked = fields.filter((f) => f.suggest && !f.secret && given[f.name] === undefined);
  if (!suggest || asked.length === 0) return fields;
  let found: Awaited<ReturnType<SuggestInputs>>;
  try {
    found = await suggest(asked);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    found = Object.fromEntries(asked.map((f) => [f.name, { error: why }]));
  }
  return fields.map((f) => {
    const r = found[f.name];
    if (!r) return f;
    if ('error' in r) {
      const note = `The tenant's suggestions could not be read (${r.error}); type the value.`;
      operator.emit({ type: 'notice', level: 'warn', message: `${f.label || f.name}: ${note}` });
      return { ...f, suggestNote: note };
    }
    if (!r.suggestions.length) return { ...f, suggestNote: 'The tenant has nothing to suggest; type the value.' };
    return { ...f, suggestions: r.suggestions };
  });
}

export async function collectInputs(
  runbook: Runbook,
  given: Record<string, unknown>,
  operator: OperatorPort,
  suggest?: SuggestInputs,
): Promise<Record<string, unknown>> {
  unknownInputs(runbook, given);
  const specs = runbook.inputs;
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (given[name] === undefined) continue;
    const c = coerceInput({ ...spec, name }, given[name]);
    if (c.ok) {
      if (c.value !== undefined) values[name] = c.value;
    } else problems.push(c.error);
  }
  if (problems.length) throw new InputError(problems.join('\n'));
  // Everything came on the command line: nothing to ask.
  if (Object.keys(specs).every((name) => given[name] !== undefined)) return values;

  // What the form shows filled in: the command line's value, else the default; after a wrong
  // entry, exactly what was typed (never wiped), so only the wrong field needs fixing.
  const shown: Record<string, unknown> = { ...values };
  for (const [name, spec] of Object.entries(specs))
    if (shown[name] === undefined && spec.default !== undefined) shown[name] = spec.default;
  let lastErrors: string[] = [];
  // Read once, before the form: offered in it, chosen (or typed over) by the operator.
  const suggested = new Map(
    (await withSuggestions(inputFields(runbook, shown), suggest, given, operator)).map((f) => [f.name, f]),
  );
  for (let attempt = 0; attempt < 3; attempt++) {
    lastErrors = [];
    const answer = await operator.ask({
      type: 'form',
      instanceId: 'inputs',
      title: `${runbook.title}: inputs`,
      fields: inputFields(runbook, shown).map((f) => {
        const s = suggested.get(f.name);
        return {
          ...f,
          ...(s?.suggestions ? { suggestions: s.suggestions } : {}),
          ...(s?.suggestNote ? { suggestNote: s.suggestNote } : {}),
        };
      }),
    });
    for (const [name, spec] of Object.entries(specs)) {
      // An entry left empty falls back to what was shown (a form without the field keeps it).
      const c = coerceInput({ ...spec, name, default: shown[name] ?? spec.default }, answer[name]);
      if (c.ok) {
        if (c.value !== undefined) values[name] = c.value;
        else delete values[name];
        if (!spec.secret && c.value !== undefined) shown[name] = c.value;
      } else {
        operator.emit({ type: 'notice', level: 'warn', message: c.error });
        lastErrors.push(c.error);
        if (!spec.secret && answer[name] !== undefined) shown[name] = answer[name];
      }
    }
    if (lastErrors.length === 0) return values;
  }
  throw new InputError(`input not valid: ${lastErrors.join('; ')} (give it with --input name=value)`);
}

export interface InputCorrection {
  name: string;
  from: unknown;
  to: unknown;
}

/**
 * Checks the inputs an operator wants now against the runbook's specs and
 * returns what changed. Unknown names and invalid values are errors (said
 * in full), never silently dropped: a correction either takes effect or is
 * refused. Secret inputs cannot be corrected (they are never journaled).
 */
export function correctInputs(
  runbook: Runbook,
  current: Record<string, unknown>,
  wanted: Record<string, unknown>,
): { changes: InputCorrection[]; errors: string[] } {
  const errors: string[] = [];
  const changes: InputCorrection[] = [];
  const known = Object.keys(runbook.inputs);
  for (const [name, raw] of Object.entries(wanted)) {
    const spec = runbook.inputs[name];
    if (!spec) {
      errors.push(`unknown input "${name}"; this runbook takes ${known.length ? known.join(', ') : 'no inputs'}`);
      continue;
    }
    if (spec.secret) {
      errors.push(`${spec.label || name} is a secret input; it is asked where it is used, never corrected`);
      continue;
    }
    if (raw === undefined) continue;
    const c = coerceInput({ ...spec, name, default: undefined, required: true }, raw);
    if (!c.ok) {
      errors.push(c.error);
      continue;
    }
    if (JSON.stringify(c.value) !== JSON.stringify(current[name]))
      changes.push({ name, from: current[name], to: c.value });
  }
  return { changes, errors };
}
