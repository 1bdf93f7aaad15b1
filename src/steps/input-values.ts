/**
 * Turns what an operator typed (or a --input name=value flag) into a typed
 * value for an InputSpec, with a message that says what is wrong and how to
 * fix it. Used by `input` steps, manual `record:` fields and the run command.
 */
import type { InputSpec } from '../core/runbook.js';
import { compilePattern } from '../runbook/pattern.js';
import { parseIsoDuration } from './durations.js';
import { durationFromWords } from '../util/duration-words.js';
import { secretShapeProblem } from './secret-shapes.js';

export type Coerced = { ok: true; value: unknown } | { ok: false; error: string };

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function splitList(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((x) => String(x).trim()).filter(Boolean);
  return String(raw)
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function matches(spec: InputSpec, s: string): string | undefined {
  if (!spec.pattern) return undefined;
  // The validator's compiled form (RE2, whole value): the same judgement at run time as at validation.
  const re = compilePattern(spec.pattern);
  if (typeof re === 'string') return `the runbook's pattern for ${spec.name} is not valid: ${re}`;
  if (re.test(s)) return undefined;
  const shape = patternShape(spec.pattern);
  return `"${s}" is not in the expected form${shape ? `: ${shape}` : ''}`;
}

/**
 * A runbook pattern as a person reads it (never the regex itself, which a screen reader spells out
 * symbol by symbol): "like /subscriptions/…/resourceGroups/…", "3 to 40 letters, digits or hyphens".
 * Undefined when the pattern has no plain reading; the field's label then says what is expected.
 */
export function patternShape(pattern: string): string | undefined {
  const cls = /^\^?\[A-Za-z0-9-\]\{(\d+),(\d+)\}\$?$/.exec(pattern);
  if (cls) return `${cls[1]} to ${cls[2]} letters, digits or hyphens`;
  const s = pattern
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\(\\\.\\d\+\)\?/g, '') // optional fractional seconds
    .replace(/\\d\{(\d+)\}/g, (_m, n: string) => '0'.repeat(Number(n)))
    .replace(/\[\^[^\]]*\]\+/g, '…')
    .replace(/\\\./g, '.');
  return /[\\[\](){}+*?|^$]/.test(s) ? undefined : `like ${s}`;
}

function isEmpty(raw: unknown): boolean {
  return (
    raw === undefined ||
    raw === null ||
    (typeof raw === 'string' && raw.trim() === '') ||
    (Array.isArray(raw) && raw.length === 0)
  );
}

export function coerceInput(spec: InputSpec, raw: unknown): Coerced {
  if (isEmpty(raw)) {
    if (spec.default !== undefined) return coerceInput({ ...spec, default: undefined }, spec.default);
    if (spec.required) return { ok: false, error: `${spec.label || spec.name} is required` };
    return { ok: true, value: undefined };
  }
  const label = spec.label || spec.name;
  const one = (check: RegExp, what: string, s: string): string | undefined =>
    check.test(s) ? matches(spec, s) : `"${s}" is not ${what}`;
  switch (spec.type) {
    case 'string':
    case 'text': {
      const s = String(raw);
      // A share, passphrase or TAP in an ordinary field would be journaled; the message never quotes it.
      const secretLike = spec.secret ? undefined : secretShapeProblem(label, s);
      if (secretLike) return { ok: false, error: secretLike };
      const bad = matches(spec, s);
      if (bad) return { ok: false, error: `${label}: ${bad}` };
      if (spec.min !== undefined && s.length < spec.min)
        return { ok: false, error: `${label}: at least ${spec.min} characters` };
      if (spec.max !== undefined && s.length > spec.max)
        return { ok: false, error: `${label}: at most ${spec.max} characters` };
      return { ok: true, value: s };
    }
    case 'upn':
    case 'email': {
      const s = String(raw).trim();
      const bad = one(
        UPN,
        spec.type === 'upn' ? 'a user principal name like bg1@contoso.onmicrosoft.com' : 'an e-mail address',
        s,
      );
      return bad ? { ok: false, error: `${label}: ${bad}` } : { ok: true, value: s };
    }
    case 'guid': {
      const s = String(raw).trim();
      const bad = one(GUID, 'a GUID like 00000000-0000-0000-0000-000000000000', s);
      return bad ? { ok: false, error: `${label}: ${bad}` } : { ok: true, value: s.toLowerCase() };
    }
    case 'upn-list':
    case 'guid-list': {
      const items = splitList(raw);
      const re = spec.type === 'upn-list' ? UPN : GUID;
      const what = spec.type === 'upn-list' ? 'a user principal name' : 'a GUID';
      const seen = new Set<string>();
      for (const s of items) {
        const bad = one(re, what, s);
        if (bad) return { ok: false, error: `${label}: ${bad} (separate several with commas)` };
        // UPNs and GUIDs compare without case: the same account twice is one account, not two.
        if (seen.has(s.toLowerCase())) return { ok: false, error: `${label}: "${s}" is listed twice` };
        seen.add(s.toLowerCase());
      }
      if (spec.min !== undefined && items.length < spec.min)
        return { ok: false, error: `${label}: at least ${spec.min} needed, got ${items.length}` };
      if (spec.max !== undefined && items.length > spec.max)
        return { ok: false, error: `${label}: at most ${spec.max}, got ${items.length}` };
      if (spec.required && items.length === 0) return { ok: false, error: `${label} is required` };
      return { ok: true, value: spec.type === 'guid-list' ? items.map((s) => s.toLowerCase()) : items };
    }
    case 'duration': {
      // Typed as a person says it ("15 minutes") or as the runbook writes it ("PT15M"); kept in
      // the runbook's form, which wait steps and checks read.
      const s = String(raw).trim();
      const iso = parseIsoDuration(s) !== undefined ? s : durationFromWords(s);
      return iso === undefined || parseIsoDuration(iso) === undefined
        ? { ok: false, error: `${label}: "${s}" is not a length of time like 15 minutes, 2 hours or 90 days` }
        : { ok: true, value: iso };
    }
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isInteger(n)) return { ok: false, error: `${label}: "${String(raw)}" is not a whole number` };
      if (spec.min !== undefined && n < spec.min) return { ok: false, error: `${label}: must be at least ${spec.min}` };
      if (spec.max !== undefined && n > spec.max) return { ok: false, error: `${label}: must be at most ${spec.max}` };
      return { ok: true, value: n };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const s = String(raw).trim().toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(s)) return { ok: true, value: true };
      if (['false', 'no', 'n', '0'].includes(s)) return { ok: true, value: false };
      return { ok: false, error: `${label}: answer yes or no` };
    }
    case 'choice': {
      const s = String(raw).trim();
      const choices = spec.choices ?? [];
      return choices.includes(s)
        ? { ok: true, value: s }
        : { ok: false, error: `${label}: choose one of ${choices.join(', ')}` };
    }
    case 'url': {
      const s = String(raw).trim();
      try {
        const u = new URL(s);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
      } catch {
        return { ok: false, error: `${label}: "${s}" is not an http(s) URL` };
      }
      const bad = matches(spec, s);
      return bad ? { ok: false, error: `${label}: ${bad}` } : { ok: true, value: s };
    }
  }
}
