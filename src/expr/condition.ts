/**
 * `when:` conditions. Deliberately tiny — four forms, no operators beyond these:
 *
 *   ${path}                 truthy
 *   !${path}  |  not ${path} falsy
 *   ${path} == literal      equal
 *   ${path} != literal      not equal
 *
 * literal: 'quoted' or "quoted" string, number, true, false, null, or a bare
 * word ([A-Za-z0-9_.@-]+, compared as text). Truthy means not false, null,
 * 0, '' or an empty list.
 */
import { ExprError } from './errors.js';
import { MAX_EXPRESSION_LENGTH, parsePath, type ParsedPath } from './path.js';
import { lookup, type Scope } from './resolve.js';

export type Literal = string | number | boolean | null;

export type Condition =
  | { op: 'truthy'; ref: ParsedPath }
  | { op: 'falsy'; ref: ParsedPath }
  | { op: '==' | '!='; ref: ParsedPath; literal: Literal };

const HELP = 'write `${path}`, `!${path}`, `not ${path}`, `${path} == value` or `${path} != value`';

function parseLiteral(text: string): Literal {
  const t = text.trim();
  if (t.length === 0) throw new ExprError(`missing value after the comparison: ${HELP}`);
  const q = t[0];
  if (q === '"' || q === "'") {
    if (t.length < 2 || t[t.length - 1] !== q) throw new ExprError(`unterminated quoted value ${t}`);
    return t.slice(1, -1);
  }
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^[A-Za-z0-9_.@-]+$/.test(t)) return t;
  throw new ExprError(`cannot read \`${t}\` as a value: quote text that contains spaces or symbols`);
}

function refAt(text: string): { ref: ParsedPath; rest: string } {
  const t = text.trimStart();
  if (!t.startsWith('${')) throw new ExprError(`a condition starts with \`\${\`: ${HELP}`);
  const close = t.indexOf('}');
  if (close < 0) throw new ExprError('unterminated `${`: add the closing `}`');
  return { ref: parsePath(t.slice(2, close)), rest: t.slice(close + 1) };
}

export function parseCondition(expr: string): Condition {
  if (typeof expr !== 'string') throw new ExprError(`a condition must be text: ${HELP}`);
  if (expr.length > MAX_EXPRESSION_LENGTH)
    throw new ExprError(`condition is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  let t = expr.trim();
  let negate = false;
  if (t.startsWith('!')) {
    negate = true;
    t = t.slice(1);
  } else if (/^not\s/.test(t)) {
    negate = true;
    t = t.slice(3);
  }
  const { ref, rest } = refAt(t);
  const r = rest.trim();
  if (r.length === 0) return { op: negate ? 'falsy' : 'truthy', ref };
  if (negate) throw new ExprError(`\`!\`/\`not\` cannot be combined with a comparison: ${HELP}`);
  const m = /^(==|!=)([\s\S]*)$/.exec(r);
  if (!m) throw new ExprError(`unexpected \`${r.slice(0, 20)}\` after \`\${${ref.raw}}\`: ${HELP}`);
  return { op: m[1] as '==' | '!=', ref, literal: parseLiteral(m[2]!) };
}

export function isTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== false && v !== null && v !== undefined && v !== 0 && v !== '';
}

function equals(value: unknown, literal: Literal): boolean {
  if (value === literal) return true;
  if (literal === null) return value === null || value === undefined;
  if (value === null || typeof value === 'object') return false;
  return String(value) === String(literal);
}

export interface ConditionOptions {
  /** 'error' (default): a missing path throws ExprError. 'falsy': a missing path counts as no value. */
  missing?: 'error' | 'falsy';
}

export function evaluateCondition(expr: string, scope: Scope, options: ConditionOptions = {}): boolean {
  const c = parseCondition(expr);
  let value: unknown;
  try {
    value = lookup(c.ref, scope);
  } catch (e) {
    if (options.missing === 'falsy' && e instanceof ExprError) value = undefined;
    else throw e;
  }
  switch (c.op) {
    case 'truthy':
      return isTruthy(value);
    case 'falsy':
      return !isTruthy(value);
    case '==':
      return equals(value, c.literal);
    case '!=':
      return !equals(value, c.literal);
  }
}
