/** zod issues → precise, friendly messages at YAML positions. */
import { z } from 'zod';
import { didYouMean } from './suggest.js';
import type { KeyPath, YamlSection } from './yaml-section.js';
import type { SourcePos } from '../core/runbook.js';

export interface LocatedMessage {
  pos: SourcePos;
  message: string;
  hint?: string;
}

export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out;
}

type AnySchema = z.ZodType;

function unwrap(s: AnySchema): AnySchema {
  let cur: AnySchema = s;
  for (let i = 0; i < 10; i++) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault)
      cur = cur.unwrap() as AnySchema;
    else if (cur instanceof z.ZodPipe) cur = cur.in as AnySchema;
    else break;
  }
  return cur;
}

/** The keys an object schema allows at `path` (for "did you mean"). */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let cur: AnySchema | undefined = unwrap(schema);
  for (const seg of path) {
    if (!cur) return [];
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, AnySchema>)[String(seg)];
    else if (cur instanceof z.ZodRecord) cur = cur.valueType as AnySchema;
    else if (cur instanceof z.ZodArray) cur = cur.element as AnySchema;
    else return [];
    if (cur) cur = unwrap(cur);
  }
  if (cur instanceof z.ZodObject) return Object.keys(cur.shape);
  if (cur instanceof z.ZodUnion) {
    return [...new Set((cur.options as AnySchema[]).flatMap((o) => knownKeysAt(o, [])))];
  }
  return [];
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg as string)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map (key: value lines)',
  record: 'a map (key: value lines)',
};

/**
 * Convert zod issues to located messages. `basePath` is where the validated
 * value sits inside the section (e.g. [] for front matter); `where` names the
 * place for the message ("front matter", "step `create-tap`").
 */
export function zodIssuesToMessages(
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
  section: YamlSection,
  schema: AnySchema,
  where: string,
  basePath: KeyPath = [],
  extraKnownKeys: readonly string[] = [],
): LocatedMessage[] {
  const out: LocatedMessage[] = [];
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    const full = [...basePath, ...path];
    const label = formatKeyPath(path);
    const at = label ? `\`${label}\`` : where;
    if (issue.code === 'unrecognized_keys') {
      const known = [...knownKeysAt(schema, path), ...(path.length === 0 ? extraKnownKeys : [])];
      for (const key of issue.keys) {
        out.push({
          pos: section.pos([...full, key], { key: true }),
          message: `unknown key \`${key}\` in ${label ? `\`${label}\`` : where}${didYouMean(key, known)}`,
          hint: known.length ? `allowed keys: ${known.join(', ')}` : 'remove it',
        });
      }
      continue;
    }
    const actual = valueAt(value, path);
    if (issue.code === 'invalid_type') {
      if (actual === undefined) {
        out.push({
          pos: section.pos(full.slice(0, -1)),
          message: `${where} is missing \`${label}\``,
          hint: `add \`${String(path[path.length - 1])}:\` (${EXPECTED[issue.expected] ?? issue.expected})`,
        });
      } else {
        out.push({
          pos: section.pos(full),
          message: `${at} must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${typeName(actual)}`,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_value') {
      const options = issue.values.map(String);
      out.push({
        pos: section.pos(full),
        message: `${at}: ${JSON.stringify(actual)} is not allowed${typeof actual === 'string' ? didYouMean(actual, options) : ''}`,
        hint: `use one of: ${options.join(', ')}`,
      });
      continue;
    }
    out.push({
      pos: section.pos(full),
      message: issue.message.startsWith('must ')
        ? `${at} ${issue.message}, not ${typeName(actual)}`
        : `${at}: ${issue.message}`,
    });
  }
  return out;
}
