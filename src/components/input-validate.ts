/**
 * Validation of typed inputs (runbook `inputs:` and `input` steps) as the
 * operator types, so a wrong UPN or GUID is caught in the form, not three
 * steps later by Graph. Messages say what is wrong and what is expected.
 */
import type { InputSpec, InputSuggestion } from '../core/runbook.js';
import { sanitize } from '../util/sanitize.js';

import { coerceInput } from '../steps/input-values.js';

export { defaultText, fieldHint } from './input-hints.js';

export type FieldResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Validate a raw typed value against its spec. Delegates to the engine's own
 * coercion (src/steps/input-values.ts) so the form can never accept what the
 * engine would then reject.
 */
export function validateField(spec: InputSpec, raw: string): FieldResult {
  return coerceInput(spec, raw);
}

/** The text a tenant suggestion puts in a field (a list as the form shows lists), sanitized: it came from the tenant. */
export function suggestionText(s: InputSuggestion): string {
  return sanitize(Array.isArray(s.value) ? s.value.map(String).join(', ') : String(s.value));
}
