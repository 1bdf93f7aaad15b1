/**
 * Merge into a JSON configuration file without losing what else it holds:
 * parse (refusing anything that is not a JSON object, rather than
 * overwriting it), set one value by path, and write it back with the file's
 * own indentation. Key order is kept, so a diff shows only the change.
 */
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { ExistingFile } from './target.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The existing file as a JSON object; a clear error (nothing written) when it is not one. */
export function parseJsonConfig(file: ExistingFile): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(file.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(
      `cannot merge into ${file.path}: it is not valid JSON (${(e as Error).message}); nothing was written`,
      EXIT.FAIL,
      'Fix the file, or point --output at a new file or a directory.',
    );
  }
  if (!isObject(v))
    throw new UsageError(
      `cannot merge into ${file.path}: it holds a JSON ${Array.isArray(v) ? 'array' : typeof v}, not an object; nothing was written`,
      EXIT.FAIL,
    );
  return v;
}

/** The object at `key` of `parent`, created when absent; an error when something else is there. */
export function objectAt(parent: JsonObject, key: string, where: string): JsonObject {
  const v = parent[key];
  if (v === undefined) return (parent[key] = {});
  if (!isObject(v))
    throw new UsageError(`cannot merge into ${where}: "${key}" is not an object; nothing was written`, EXIT.FAIL);
  return v;
}

/** The indentation the file uses (its first indented line), default two spaces. */
export function indentOf(text: string | undefined): string | number {
  const m = text ? /\n([ \t]+)\S/.exec(text) : null;
  return m ? m[1]! : 2;
}

export function stringifyJson(v: unknown, like?: string): string {
  return JSON.stringify(v, null, indentOf(like)) + '\n';
}
