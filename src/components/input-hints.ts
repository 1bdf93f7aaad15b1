/**
 * What an input field shows before anything is typed: its default as text and a hint of what it
 * expects. Apart from ./input-validate.ts (which re-exports them) because the overview lists the
 * inputs with them, and its first frame does not load the engine's input coercion.
 */
import type { InputSpec } from '../core/runbook.js';
import { durationWords } from '../util/duration-words.js';

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
