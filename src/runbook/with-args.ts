/**
 * A step's `with:` checked against the schema of what it calls (an action's,
 * query's or check's arguments), before any run: unknown keys (a typo such as
 * `lifetimeMinute:` would otherwise be dropped and the default used),
 * missing required keys, and literal values of the wrong shape. Values that
 * hold a `${…}` expression are only known at run time; the run checks them
 * against the same schema then.
 */
import { z } from 'zod';
import { closest, didYouMean } from './suggest.js';

export interface WithProblem {
  /** Path under `with:` (empty: the `with:` block itself). */
  path: (string | number)[];
  /** The problem is the key itself (unknown key), not its value. */
  key: boolean;
  message: string;
  hint?: string;
}

/** The object schema behind optional/default/pipe wrappers, or undefined when it is not an object. */
export function objectSchemaOf(schema: z.ZodType): z.ZodObject | undefined {
  let cur: z.ZodType = schema;
  for (let i = 0; i < 10; i++) {
    if (cur instanceof z.ZodObject) return cur;
    if (cur instanceof z.ZodPipe) cur = cur.in as z.ZodType;
    else if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
    else return undefined;
  }
  return undefined;
}

function holdsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(holdsExpression);
  if (value && typeof value === 'object') return Object.values(value).some(holdsExpression);
  return false;
}

/** Whether a key may be left out (optional, or has a default). */
function mayBeOmitted(field: z.ZodType): boolean {
  return field.safeParse(undefined).success;
}

/**
 * Problems of `withValue` against `schema`. `what` names the callee for messages
 * ("action `tap.create`"). A `with:` that is one expression as a whole is skipped.
 */
export function checkWithArgs(withValue: unknown, schema: z.ZodType, what: string): WithProblem[] {
  const obj = objectSchemaOf(schema);
  if (!obj) return [];
  if (withValue === undefined || withValue === null) withValue = {};
  if (typeof withValue !== 'object' || Array.isArray(withValue)) {
    return holdsExpression(withValue)
      ? []
      : [{ path: [], key: false, message: `\`with:\` of ${what} must be a mapping of argument names to values` }];
  }
  const given = withValue as Record<string, unknown>;
  const shape = obj.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  const validList = known.length ? `valid arguments of ${what}: ${known.join(', ')}` : `${what} takes no arguments`;
  const out: WithProblem[] = [];
  /** Keys a misspelling already points to: reported once, as the misspelling. */
  const meant = new Set<string>();
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(shape, key)) {
      const guess = closest(key, known);
      if (guess !== undefined) meant.add(guess);
      out.push({
        path: [key],
        key: true,
        message: `unknown argument \`${key}\` for ${what}${didYouMean(key, known)}`,
        hint: validList,
      });
    }
  }
  for (const key of known) {
    const field = shape[key]!;
    if (!Object.prototype.hasOwnProperty.call(given, key)) {
      if (!mayBeOmitted(field) && !meant.has(key)) {
        out.push({ path: [], key: false, message: `${what} needs the argument \`${key}\``, hint: validList });
      }
      continue;
    }
    const value = given[key];
    if (holdsExpression(value)) continue;
    const parsed = field.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      out.push({
        path: [key, ...first.path.map((p) => (typeof p === 'number' ? p : String(p)))],
        key: false,
        message: `argument \`${key}\` of ${what}: ${first.message}`,
      });
    }
  }
  return out;
}
