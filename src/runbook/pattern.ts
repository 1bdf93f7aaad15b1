/**
 * A runbook's `pattern:` (input values, `record:` fields). Runbooks may come
 * from strangers, so their patterns run on RE2 semantics (re2js, a pure-JS
 * port of RE2): matching is linear in the input, whatever the pattern — a
 * `(a+)+$` cannot hang validate, list, the home screen or a run. RE2 has no
 * lookaround and no backreferences; those are syntax errors here.
 *
 * One compiled form is used everywhere: the validator (for `default:` values),
 * the `input` step and `--input`, so a value is judged the same way at
 * validation and at run time. A pattern must match the WHOLE value (RE2's
 * full match: as if written `^(?:pattern)$`).
 */
import { RE2JS } from 're2js';

export interface CompiledPattern {
  readonly source: string;
  /** True when the whole value matches. */
  test(value: string): boolean;
}

/** Compile a runbook pattern; returns an error message on bad syntax (never throws). */
export function compilePattern(pattern: string): CompiledPattern | string {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return `invalid pattern (RE2 syntax): ${(e as Error).message.replace(/^error parsing regexp: /i, '')}`;
  }
  return { source: pattern, test: (value) => re.matches(value) };
}
