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
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | undefined;

/**
 * re2js, loaded at the first pattern compiled rather than with this module: the TUI's
 * input forms import this module, and with them the overview that is `run`'s first frame,
 * which compiles no pattern. Its CommonJS build, loaded with require() from node_modules
 * (not bundled): a synchronous load is what lets compilePattern() stay synchronous.
 */
function re2(): typeof RE2JS {
  engine ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS;
  return engine;
}

export interface CompiledPattern {
  readonly source: string;
  /** True when the whole value matches. */
  test(value: string): boolean;
}

/** Compile a runbook pattern; returns an error message on bad syntax (never throws). */
export function compilePattern(pattern: string): CompiledPattern | string {
  const RE2 = re2(); // outside the try: a missing engine is a broken install, not a bad pattern
  let re: RE2JS;
  try {
    re = RE2.compile(pattern);
  } catch (e) {
    return `invalid pattern (RE2 syntax): ${(e as Error).message.replace(/^error parsing regexp: /i, '')}`;
  }
  return { source: pattern, test: (value) => re.matches(value) };
}
