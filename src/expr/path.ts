/**
 * The path grammar inside `${…}`: root ('.' name | '[' int ']')*.
 * Names may contain '-' (step ids are kebab-case). Hand-written scanner, no
 * regex backtracking, so hostile input is linear in its length.
 */
import { ExprError } from './errors.js';

/** Expressions are short; anything longer is hostile or a mistake. */
export const MAX_EXPRESSION_LENGTH = 512;
export const MAX_PATH_SEGMENTS = 32;
/** Segments that would walk the prototype chain. Rejected outright, never looked up. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type PathSegment = string | number;

export interface ParsedPath {
  root: string;
  /** Segments after the root: names are strings, `[n]` indices are numbers. */
  segments: PathSegment[];
  /** The text between `${` and `}`. */
  raw: string;
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9') || c === '-';
}

/** Parse the inside of `${…}`, e.g. `steps.create-tap.tapId` or `inputs.accounts[0]`. */
export function parsePath(text: string): ParsedPath {
  const src = text.trim();
  if (src.length === 0) throw new ExprError('empty expression `${}`: write a path such as `${inputs.accounts}`');
  if (src.length > MAX_EXPRESSION_LENGTH) {
    throw new ExprError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  let i = 0;
  const readName = (): string => {
    const start = i;
    if (i >= src.length || !isNameStart(src[i]!)) {
      throw new ExprError(`expected a name at position ${i + 1} of \`${src}\``, start);
    }
    while (i < src.length && isNameChar(src[i]!)) i++;
    const name = src.slice(start, i);
    if (FORBIDDEN_SEGMENTS.has(name)) {
      throw new ExprError(`\`${name}\` is not allowed in an expression path`, start);
    }
    return name;
  };
  const root = readName();
  const segments: PathSegment[] = [];
  while (i < src.length) {
    const c = src[i]!;
    if (c === '.') {
      i++;
      segments.push(readName());
    } else if (c === '[') {
      i++;
      const start = i;
      while (i < src.length && src[i]! >= '0' && src[i]! <= '9') i++;
      if (i === start || i - start > 9 || src[i] !== ']') {
        throw new ExprError(`expected a list index like [0] at position ${start} of \`${src}\``, start);
      }
      segments.push(Number(src.slice(start, i)));
      i++;
    } else {
      throw new ExprError(
        `unexpected \`${c}\` at position ${i + 1} of \`${src}\`: paths are names joined by '.' and [index]; expressions cannot compute`,
        i,
      );
    }
    if (segments.length > MAX_PATH_SEGMENTS) throw new ExprError(`path has more than ${MAX_PATH_SEGMENTS} parts`);
  }
  return { root, segments, raw: src };
}

export function formatPath(root: string, segments: readonly PathSegment[]): string {
  let out = root;
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : `.${s}`;
  return out;
}
