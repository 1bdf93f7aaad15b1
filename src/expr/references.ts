/**
 * Static scan of a value for `${…}` references, for the validator (unknown
 * inputs, later steps, unknown outputs) without resolving anything.
 */
import { ExprError } from './errors.js';
import { MAX_VALUE_DEPTH } from './resolve.js';
import { parseTemplate } from './template.js';

export interface ExprReference {
  root: string;
  /** Segments after the root, as text (indices as their digits). */
  path: string[];
  /** The whole `${…}` as written. */
  raw: string;
  /** Where in the scanned value the string sits (object keys / list indices). */
  at: (string | number)[];
}

export interface ExprProblem {
  message: string;
  at: (string | number)[];
}

/** References and syntax problems in every string of a value. */
export function scanExpressions(value: unknown): { refs: ExprReference[]; problems: ExprProblem[] } {
  const refs: ExprReference[] = [];
  const problems: ExprProblem[] = [];
  const go = (v: unknown, at: (string | number)[]): void => {
    if (at.length > MAX_VALUE_DEPTH) {
      problems.push({ message: `value is nested deeper than ${MAX_VALUE_DEPTH} levels`, at });
      return;
    }
    if (typeof v === 'string') {
      if (!v.includes('${')) return;
      try {
        for (const p of parseTemplate(v)) {
          if (p.kind === 'ref') {
            refs.push({ root: p.ref.root, path: p.ref.segments.map(String), raw: '${' + p.ref.raw + '}', at });
          }
        }
      } catch (e) {
        if (e instanceof ExprError) problems.push({ message: e.message, at });
        else throw e;
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => go(x, [...at, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) go(x, [...at, k]);
    }
  };
  go(value, []);
  return { refs, problems };
}

/** Every well-formed `${…}` reference in a value (malformed ones are skipped; see scanExpressions). */
export function findReferences(value: unknown): ExprReference[] {
  return scanExpressions(value).refs;
}
