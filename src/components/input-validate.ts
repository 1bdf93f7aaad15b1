/**
 * Validation of typed inputs (runbook `inputs:` and `input` steps) as the
 * operator types, so a wrong UPN or GUID is caught in the form, not three
 * steps later by Graph. Messages say what is wrong and what is expected.
 */
import type { InputSpec, InputSuggestion } from '../core/runbook.js';
import { sanitize } from '../util/sanitize.js';

import { coerceInput } from '../steps/input-values.js';
import { durationWords } from '../util/duration-words.js';

export type FieldResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Validate a raw typed value against its spec. Delegates to the engine's own
 * coercion (src/steps/input-values.ts) so the form can never accept what the
 * engine would then reject.
 */
export function validateField(spec: InputSpec, raw: string): FieldResult {
  return coerceInput(spec, raw);
}

/** The raw text shown in a field for a default value. */
export function defaultText(spec: InputSpec): string {
  if (spec.default === undefined || spec.default === null) return '';
  if (Array.isArray(spec.default)) return spec.default.join(', ');
  if (typeof spec.default === 'boolean') return spec.default ? 'yes' : 'no';
  // "15 minutes", not "PT15M": the field takes words and keeps the runbook's form.
  if (spec.type === 'duration') return durationWords(String(spec.default));
  return String(spec.default);
}

/** Short hint of what a field expects. */
export function fieldHint(spec: InputSpec): string {
  switch (spec.type) {
    case 'upn':
      return 'name@domain';
    case 'upn-list':
      return 'name@domain, name@domain';
    case 'guid':
      return 'GUID';
    case 'guid-list':
      return 'GUID, GUID';
    case 'duration':
      return 'a length of time, e.g. 15 minutes or 2 hours';
    case 'int':
      return 'number';
    case 'bool':
      return 'yes/no';
    case 'choice':
      return (spec.choices ?? []).join(' | ');
    case 'url':
      return 'https://…';
    case 'email':
      return 'name@domain';
    default:
      return '';
  }
}

/** The text a tenant suggestion puts in a field (a list as the form shows lists), sanitized: it came from the tenant. */
export function suggestionText(s: InputSuggestion): string {
  return sanitize(Array.isArray(s.value) ? s.value.map(String).join(', ') : String(s.value));
}
