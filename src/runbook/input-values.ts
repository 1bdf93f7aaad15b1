/**
 * What a value of each input type must look like. Used by the validator for
 * `default:` values and by the `input` step kind for what the operator types.
 */
import type { InputSpec, InputType } from '../core/runbook.js';
import { compilePattern } from './pattern.js';
import { ISO_DURATION_RE } from './schema.js';

const UPN_RE = /^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const EMAIL_RE = UPN_RE;
const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function describeType(t: InputType): string {
  switch (t) {
    case 'upn':
      return 'a user principal name like admin@contoso.onmicrosoft.com';
    case 'upn-list':
      return 'a list of user principal names';
    case 'guid':
      return 'a GUID like 00000000-0000-0000-0000-000000000000';
    case 'guid-list':
      return 'a list of GUIDs';
    case 'duration':
      return 'an ISO-8601 duration like PT1H or P90D';
    case 'int':
      return 'a whole number';
    case 'bool':
      return 'true or false';
    case 'url':
      return 'an https:// URL';
    case 'email':
      return 'an email address';
    case 'choice':
      return 'one of the choices';
    default:
      return 'text';
  }
}

function checkScalar(
  type: InputType,
  v: unknown,
  spec: Pick<InputSpec, 'choices' | 'min' | 'max'>,
): string | undefined {
  const bad = () => `expected ${describeType(type)}, got ${JSON.stringify(v)}`;
  switch (type) {
    case 'string':
    case 'text':
      return typeof v === 'string' ? undefined : bad();
    case 'upn':
    case 'upn-list':
      return typeof v === 'string' && UPN_RE.test(v) ? undefined : bad();
    case 'email':
      return typeof v === 'string' && EMAIL_RE.test(v) ? undefined : bad();
    case 'guid':
    case 'guid-list':
      return typeof v === 'string' && GUID_RE.test(v) ? undefined : bad();
    case 'duration':
      return typeof v === 'string' && ISO_DURATION_RE.test(v) ? undefined : bad();
    case 'int': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return bad();
      if (spec.min !== undefined && v < spec.min) return `${v} is less than the minimum ${spec.min}`;
      if (spec.max !== undefined && v > spec.max) return `${v} is more than the maximum ${spec.max}`;
      return undefined;
    }
    case 'bool':
      return typeof v === 'boolean' ? undefined : bad();
    case 'url': {
      if (typeof v !== 'string') return bad();
      try {
        const u = new URL(v);
        return u.protocol === 'https:' ? undefined : bad();
      } catch {
        return bad();
      }
    }
    case 'choice':
      if (!spec.choices || spec.choices.length === 0) return 'a choice input needs `choices:`';
      return typeof v === 'string' && spec.choices.includes(v)
        ? undefined
        : `${JSON.stringify(v)} is not one of ${spec.choices.join(', ')}`;
  }
}

/**
 * Check a value against an input spec. Lists (`upn-list`, `guid-list`) take
 * a YAML list (or, from a prompt, a comma/space separated string — split first).
 * Returns a message, or undefined when the value is acceptable.
 */
export function checkInputValue(
  spec: Pick<InputSpec, 'type' | 'choices' | 'min' | 'max' | 'pattern'>,
  value: unknown,
): string | undefined {
  const isList = spec.type === 'upn-list' || spec.type === 'guid-list';
  const items: unknown[] = isList ? (Array.isArray(value) ? value : [Symbol.for('not-a-list')]) : [value];
  if (isList && !Array.isArray(value)) return `expected a list (${describeType(spec.type)})`;
  const re = spec.pattern !== undefined ? compilePattern(spec.pattern) : undefined;
  for (const item of items) {
    const msg = checkScalar(spec.type, item, spec);
    if (msg) return msg;
    if (typeof re === 'object' && typeof item === 'string' && !re.test(item)) {
      return `${JSON.stringify(item)} does not match the pattern ${spec.pattern}`;
    }
  }
  if (isList && spec.min !== undefined && (value as unknown[]).length < spec.min)
    return `needs at least ${spec.min} items`;
  if (isList && spec.max !== undefined && (value as unknown[]).length > spec.max)
    return `allows at most ${spec.max} items`;
  return undefined;
}
