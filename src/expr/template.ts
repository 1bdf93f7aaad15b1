/**
 * Splitting strings into literal text and `${path}` references.
 * `$${` is an escape for a literal `${`.
 */
import { ExprError } from './errors.js';
import { parsePath, type ParsedPath } from './path.js';

/** Longest string we will scan for expressions; larger values are data, not templates. */
export const MAX_TEMPLATE_LENGTH = 64 * 1024;

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'ref'; ref: ParsedPath; offset: number };

/** Parse a string into parts. Throws ExprError on an unterminated or malformed `${…}`. */
export function parseTemplate(str: string): TemplatePart[] {
  if (str.length > MAX_TEMPLATE_LENGTH) {
    throw new ExprError(`text is longer than ${MAX_TEMPLATE_LENGTH} characters`);
  }
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < str.length) {
    const c = str[i]!;
    if (c === '$' && str[i + 1] === '$' && str[i + 2] === '{') {
      text += '${';
      i += 3;
      continue;
    }
    if (c === '$' && str[i + 1] === '{') {
      const close = str.indexOf('}', i + 2);
      if (close < 0) throw new ExprError('unterminated `${`: add the closing `}`', i);
      const inner = str.slice(i + 2, close);
      let ref: ParsedPath;
      try {
        ref = parsePath(inner);
      } catch (e) {
        if (e instanceof ExprError) throw new ExprError(e.message, i + 2 + (e.offset ?? 0));
        throw e;
      }
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'ref', ref, offset: i });
      i = close + 1;
      continue;
    }
    text += c;
    i++;
  }
  if (text || parts.length === 0) parts.push({ kind: 'text', text });
  return parts;
}

/** True when the string is exactly one `${…}` (it then yields the raw value, list or object). */
export function isSingleReference(parts: TemplatePart[]): parts is [{ kind: 'ref'; ref: ParsedPath; offset: number }] {
  return parts.length === 1 && parts[0]!.kind === 'ref';
}

export function hasExpression(str: string): boolean {
  return str.includes('${');
}
