/**
 * A `when:` condition as the sentence a person would say, for the line a skipped step leaves on
 * screen, in plain mode (read aloud) and in the report: never `${steps.way-in.method} == '…' is false`.
 */
import { lookup, type Scope } from './resolve.js';
import { parseCondition, type Literal } from './condition.js';
import type { ParsedPath } from './path.js';
import { parseTemplate } from './template.js';

function said(v: unknown): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  if (v === null || v === undefined || v === '') return 'empty';
  if (typeof v === 'string') return `“${v}”`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length ? v.map(said).join(', ') : 'empty';
  return 'set';
}

/**
 * "Skipped: runs only when “Custodian 1 — seal intact?” is no (it was yes)." `name` turns a
 * reference into words (a field's label, a step's title); the fallback names its last part.
 */
export function skippedSentence(expr: string, scope: Scope, name?: (ref: ParsedPath) => string | undefined): string {
  let c;
  try {
    c = parseCondition(expr);
  } catch {
    return 'Skipped: its condition does not hold.';
  }
  const what = name?.(c.ref) ?? `“${String(c.ref.segments.at(-1) ?? c.ref.root)}”`;
  let actual: unknown;
  try {
    actual = lookup(c.ref, scope);
  } catch {
    actual = undefined;
  }
  const lit = (l: Literal) => said(l);
  switch (c.op) {
    case 'truthy':
      return `Skipped: runs only when ${what} is given (it was ${said(actual)}).`;
    case 'falsy':
      return `Skipped: runs only when ${what} is not given (it was ${said(actual)}).`;
    case '==':
      return `Skipped: runs only when ${what} is ${lit(c.literal)} (it was ${said(actual)}).`;
    case '!=':
      return `Skipped: runs only when ${what} is not ${lit(c.literal)}.`;
  }
}

/** A path with no name from the runbook, in words: `steps.names.accounts[1]` → “accounts” (item 2) from “names”. */
function pathWords(ref: ParsedPath): string {
  const names = ref.segments.filter((s): s is string => typeof s === 'string');
  const index = ref.segments.findLast((s): s is number => typeof s === 'number');
  const last = names.at(-1) ?? ref.root;
  const from = ref.root === 'steps' && names.length > 1 ? ` from the step “${names[0]}”` : '';
  return `${index !== undefined ? `item ${index + 1} of ` : ''}“${last}”${from}`;
}

/**
 * A value as the runbook wrote it (`${inputs.accounts}`, `${steps.names.accounts}`, text with
 * references in it) as a person would say it: each reference becomes what `name` calls it (an
 * input's label, a step's title), or its last name in quotes. Text that does not parse is
 * returned without its `${…}` syntax rather than as it was.
 */
export function valueWords(template: string, name?: (ref: ParsedPath) => string | undefined): string {
  let parts;
  try {
    parts = parseTemplate(template);
  } catch {
    return template.replace(/\$\{\s*([^}]*)\}/g, (_m, inner: string) => `“${inner.trim()}”`);
  }
  return parts.map((p) => (p.kind === 'text' ? p.text : (name?.(p.ref) ?? pathWords(p.ref)))).join('');
}
