/**
 * Resolving `${…}` references against a scope. Data only: lookups use own
 * properties, never the prototype chain, and nothing is ever evaluated.
 */
import { ExprError } from './errors.js';
import { formatPath, type ParsedPath, type PathSegment } from './path.js';
import { isSingleReference, parseTemplate } from './template.js';

/** Deepest structure resolveValue walks (runbook args are shallow; deeper is hostile). */
export const MAX_VALUE_DEPTH = 64;

export type Scope = Record<string, unknown>;

const MISSING = Symbol('missing');

function own(obj: unknown, key: PathSegment): unknown {
  if (obj === null || typeof obj !== 'object') return MISSING;
  if (Array.isArray(obj)) {
    if (typeof key !== 'number') return MISSING;
    return key < obj.length ? obj[key] : MISSING;
  }
  const k = String(key);
  return Object.prototype.hasOwnProperty.call(obj, k) ? (obj as Record<string, unknown>)[k] : MISSING;
}

/**
 * Look a path up. A name not found as-is is tried joined with the following
 * names by '.', so group children (`enroll.create-tap`) work as
 * `${steps.enroll.create-tap.tap}` whether the scope nests them or keys them flat.
 */
function walk(value: unknown, segments: readonly PathSegment[], from: number): unknown {
  if (from >= segments.length) return value;
  const direct = own(value, segments[from]!);
  if (direct !== MISSING) {
    const r = walk(direct, segments, from + 1);
    if (r !== MISSING) return r;
  }
  if (typeof segments[from] === 'string') {
    let key = segments[from];
    for (let j = from + 1; j < segments.length && typeof segments[j] === 'string'; j++) {
      key += '.' + (segments[j] as string);
      const joined = own(value, key);
      if (joined !== MISSING) {
        const r = walk(joined, segments, j + 1);
        if (r !== MISSING) return r;
      }
    }
  }
  return MISSING;
}

/** Where the lookup stopped, for a precise error message. */
function missingMessage(ref: ParsedPath, scope: Scope): string {
  const full = formatPath(ref.root, ref.segments);
  if (!Object.prototype.hasOwnProperty.call(scope, ref.root)) {
    const roots = Object.keys(scope).join(', ');
    return `\`\${${full}}\`: unknown name \`${ref.root}\` (known: ${roots || 'none'})`;
  }
  let value: unknown = scope[ref.root];
  for (let i = 0; i < ref.segments.length; i++) {
    const next = walk(value, ref.segments.slice(i, i + 1), 0);
    if (next === MISSING) {
      const at = formatPath(ref.root, ref.segments.slice(0, i));
      if (value === undefined || value === null) return `\`\${${full}}\`: \`${at}\` has no value`;
      return `\`\${${full}}\`: \`${at}\` has no \`${String(ref.segments[i])}\``;
    }
    value = next;
  }
  return `\`\${${full}}\` has no value`;
}

/** Look up one parsed path. Throws ExprError when missing (undefined counts as missing). */
export function lookup(ref: ParsedPath, scope: Scope): unknown {
  const base = Object.prototype.hasOwnProperty.call(scope, ref.root) ? scope[ref.root] : MISSING;
  const value = base === MISSING ? MISSING : walk(base, ref.segments, 0);
  if (value === MISSING || value === undefined) throw new ExprError(missingMessage(ref, scope));
  return value;
}

function toText(value: unknown, ref: ParsedPath): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return '';
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
    return value.map((v) => (v === null ? '' : String(v))).join(', ');
  }
  throw new ExprError(
    `\`\${${formatPath(ref.root, ref.segments)}}\` is an object and cannot be placed inside text; use it alone as the whole value`,
  );
}

/** Resolve a single string: exactly one `${…}` yields the raw value; otherwise interpolate. */
export function resolveString(str: string, scope: Scope): unknown {
  if (!str.includes('$')) return str;
  const parts = parseTemplate(str);
  if (isSingleReference(parts)) return lookup(parts[0].ref, scope);
  let out = '';
  for (const p of parts) out += p.kind === 'text' ? p.text : toText(lookup(p.ref, scope), p.ref);
  return out;
}

/**
 * Deeply resolve every string in a value. Returns new containers (the input
 * is not modified); objects are rebuilt without a prototype-bearing key.
 */
export function resolveValue(value: unknown, scope: Scope): unknown {
  const go = (v: unknown, depth: number): unknown => {
    if (depth > MAX_VALUE_DEPTH) throw new ExprError(`value is nested deeper than ${MAX_VALUE_DEPTH} levels`);
    if (typeof v === 'string') return resolveString(v, scope);
    if (Array.isArray(v)) return v.map((x) => go(x, depth + 1));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // defineProperty so a key named __proto__ stays plain data, never a prototype.
        Object.defineProperty(out, k, {
          value: go(x, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return v;
  };
  return go(value, 0);
}
