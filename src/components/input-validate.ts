/**
 * Validation of typed inputs (runbook `inputs:` and `input` steps) as the
 * operator types, so a wrong UPN or GUID is caught in the form, not three
 * steps later by Graph. Messages say what is wrong and what is expected.
 */
import type { InputSpec } from '../runbook/model.js';

export type FieldResult = { ok: true; value: unknown } | { ok: false; error: string };

const UPN = /^[^@\s"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:\.\d+)?S)?)?$/;

function splitList(raw: string): string[] {
  return raw
    .split(/[,\s;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function one(spec: InputSpec, type: InputSpec['type'], raw: string): FieldResult {
  const v = raw.trim();
  switch (type) {
    case 'upn':
    case 'email':
      return UPN.test(v) ? { ok: true, value: v } : { ok: false, error: `"${v}" is not a user principal name; expected name@domain, e.g. bg1@contoso.onmicrosoft.com` };
    case 'guid':
      return GUID.test(v) ? { ok: true, value: v.toLowerCase() } : { ok: false, error: `"${v}" is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 00000000-0000-0000-0000-000000000000` };
    case 'duration':
      return DURATION.test(v) ? { ok: true, value: v } : { ok: false, error: `"${v}" is not an ISO-8601 duration; e.g. PT1H, P1D, P90D` };
    case 'int': {
      if (!/^-?\d+$/.test(v)) return { ok: false, error: `"${v}" is not a whole number` };
      const n = Number(v);
      if (spec.min !== undefined && n < spec.min) return { ok: false, error: `must be at least ${spec.min}` };
      if (spec.max !== undefined && n > spec.max) return { ok: false, error: `must be at most ${spec.max}` };
      return { ok: true, value: n };
    }
    case 'bool':
      if (/^(y|yes|true|on)$/i.test(v)) return { ok: true, value: true };
      if (/^(n|no|false|off)$/i.test(v)) return { ok: true, value: false };
      return { ok: false, error: 'answer yes or no' };
    case 'choice':
      return spec.choices?.includes(v) ? { ok: true, value: v } : { ok: false, error: `choose one of: ${(spec.choices ?? []).join(', ')}` };
    case 'url':
      try {
        const u = new URL(v);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, error: 'expected an http(s) URL' };
        return { ok: true, value: v };
      } catch {
        return { ok: false, error: `"${v}" is not a URL; e.g. https://contoso.example/runbook` };
      }
    default: {
      if (spec.min !== undefined && v.length < spec.min) return { ok: false, error: `at least ${spec.min} characters` };
      if (spec.max !== undefined && v.length > spec.max) return { ok: false, error: `at most ${spec.max} characters` };
      return { ok: true, value: type === 'text' ? raw : v };
    }
  }
}

/** Validate a raw typed value against its spec. Empty + not required → default or undefined. */
export function validateField(spec: InputSpec, raw: string): FieldResult {
  if (raw.trim() === '') {
    if (spec.default !== undefined) return { ok: true, value: spec.default };
    return spec.required ? { ok: false, error: `${spec.label || spec.name} is required` } : { ok: true, value: undefined };
  }
  const isList = spec.type === 'upn-list' || spec.type === 'guid-list';
  const itemType = spec.type === 'upn-list' ? 'upn' : spec.type === 'guid-list' ? 'guid' : spec.type;
  const items = isList ? splitList(raw) : [raw];
  const values: unknown[] = [];
  for (const item of items) {
    const r = one(spec, itemType, item);
    if (!r.ok) return r;
    if (spec.pattern && typeof r.value === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(spec.pattern);
      } catch {
        re = undefined;
      }
      if (re && !re.test(r.value)) return { ok: false, error: `"${r.value}" does not match the expected form ${spec.pattern}` };
    }
    values.push(r.value);
  }
  if (isList && spec.min !== undefined && values.length < spec.min) return { ok: false, error: `at least ${spec.min} entries (separate with commas)` };
  return { ok: true, value: isList ? values : values[0] };
}

/** The raw text shown in a field for a default value. */
export function defaultText(spec: InputSpec): string {
  if (spec.default === undefined || spec.default === null) return '';
  if (Array.isArray(spec.default)) return spec.default.join(', ');
  if (typeof spec.default === 'boolean') return spec.default ? 'yes' : 'no';
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
      return 'ISO duration, e.g. PT1H';
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
