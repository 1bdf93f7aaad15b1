/**
 * One YAML text inside a runbook (front matter or a ```step block), parsed
 * with exact positions mapped back to the runbook file, and bounded against
 * hostile input (alias bombs, deep nesting, tabs, prototype keys).
 */
import { firstCollectionKey } from '../util/yaml-keys.js';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FORBIDDEN_SEGMENTS } from '../expr/index.js';
import { MAX_YAML_ALIASES, MAX_YAML_CHARS, MAX_YAML_DEPTH } from './limits.js';
import type { SourcePos } from '../core/runbook.js';

export interface YamlProblem {
  pos: SourcePos;
  message: string;
  hint?: string;
}

export type KeyPath = (string | number)[];

export interface YamlSection {
  /** Plain JS value (undefined when the YAML could not be read). */
  value: unknown;
  problems: YamlProblem[];
  /** Position of the value at `path`; `key: true` gives the key's position in a map. Falls back to the nearest parent. */
  pos(path: KeyPath, opts?: { key?: boolean }): SourcePos;
  /** Where the section starts in the file. */
  start: SourcePos;
}

/**
 * Pre-scan for structures that make the yaml library slow or exhaust memory
 * (found by testing: ~20k nested `[` or `- - -` aborts the process). Linear.
 */
function shapeProblem(src: string): { index: number; message: string; hint: string } | undefined {
  let flow = 0;
  let lineStart = 0;
  for (let i = 0; i <= src.length; i++) {
    const c = src[i];
    if (i === src.length || c === '\n') {
      // Leading whitespace with a tab: YAML forbids tabs for indentation.
      let j = lineStart;
      while (j < i && (src[j] === ' ' || src[j] === '\t')) {
        if (src[j] === '\t' && j + 1 < i && src[j + 1] !== '#') {
          return { index: j, message: 'tab character used for indentation', hint: 'YAML indentation must use spaces' };
        }
        j++;
      }
      // Compact nesting on one line: "- - - x" or "a: b: c:" style chains.
      let depth = 0;
      let k = j;
      while (k < i && (src[k] === '-' || src[k] === '?') && src[k + 1] === ' ') {
        depth++;
        k += 2;
        while (k < i && src[k] === ' ') k++;
      }
      if (depth > MAX_YAML_DEPTH) {
        return {
          index: lineStart,
          message: `YAML is nested more than ${MAX_YAML_DEPTH} levels deep`,
          hint: 'flatten the structure',
        };
      }
      lineStart = i + 1;
      continue;
    }
    if (c === '[' || c === '{') {
      flow++;
      if (flow > MAX_YAML_DEPTH) {
        return {
          index: i,
          message: `YAML is nested more than ${MAX_YAML_DEPTH} levels deep`,
          hint: 'flatten the structure',
        };
      }
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return undefined;
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once; remove or rename the repeated key',
  TAB_AS_INDENT: 'YAML indentation must use spaces',
  BAD_INDENT: 'align keys of the same map at the same column, using spaces',
  MISSING_CHAR: 'close the quote or bracket',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after the colon, or quote the text',
  MULTILINE_IMPLICIT_KEY: 'put a space after the colon, or quote the text',
  UNEXPECTED_TOKEN: 'quote text that starts with a YAML symbol (for example "${…}", "*", "&", "@")',
};

function humanYamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key (map keys must be unique)';
  // The yaml library's messages may carry a trailing position/context; keep the first line.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parse `src`, which starts at `start` in the runbook. `colOffset` is added
 * to columns (a fenced block indented by n spaces has n stripped from each line).
 */
export function parseYamlSection(src: string, start: SourcePos, colOffset = 0): YamlSection {
  const lc = new LineCounter();
  const problems: YamlProblem[] = [];
  const toPos = (offset: number): SourcePos => {
    const p = lc.linePos(Math.max(0, Math.min(offset, src.length)));
    // linePos is 1-based for line and col.
    return { line: start.line + p.line - 1, col: p.col + (p.line === 1 ? start.col - 1 : colOffset) };
  };
  let doc: Document.Parsed | undefined;
  const bare: YamlSection = { value: undefined, problems, pos: () => start, start };

  if (src.length > MAX_YAML_CHARS) {
    problems.push({
      pos: start,
      message: `YAML block is larger than ${MAX_YAML_CHARS / 1024} KiB`,
      hint: 'split it up; runbook blocks are short',
    });
    return bare;
  }
  const shape = shapeProblem(src);
  if (shape) {
    // Positions before parsing: count lines directly.
    const before = src.slice(0, shape.index);
    const nl = before.lastIndexOf('\n');
    const lineNo = before.split('\n').length;
    const col = shape.index - nl;
    problems.push({
      pos: { line: start.line + lineNo - 1, col: col + (lineNo === 1 ? start.col - 1 : colOffset) },
      message: shape.message,
      hint: shape.hint,
    });
    return bare;
  }
  try {
    doc = parseDocument(src, {
      lineCounter: lc,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      keepSourceTokens: false,
    });
  } catch (e) {
    problems.push({ pos: start, message: `could not read YAML: ${(e as Error).message}` });
    return bare;
  }
  for (const err of doc.errors) {
    problems.push({
      pos: toPos(err.pos[0]),
      message: humanYamlMessage(err.code, err.message),
      ...(YAML_HINTS[err.code] ? { hint: YAML_HINTS[err.code] } : {}),
    });
  }
  const nodeAt = (path: KeyPath, key: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    let best: Node | undefined = isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return best;
        if (last && key && pair.key && (pair.key as Node).range) return pair.key as Node;
        node = pair.value;
        // A key with no value (`foo:`) has no range; point at the key.
        best = (pair.value as Node | null)?.range ? (pair.value as Node) : (pair.key as Node);
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (!item) return best;
        node = item;
        if ((item as Node).range) best = item as Node;
      } else {
        return best;
      }
    }
    return best;
  };
  const section: YamlSection = {
    value: undefined,
    problems,
    start,
    pos(path, opts = {}) {
      const n = nodeAt(path, !!opts.key);
      return n?.range ? toPos(n.range[0]) : start;
    },
  };
  if (doc.errors.length > 0) return section;
  const collectionKey = firstCollectionKey(doc);
  if (collectionKey) {
    problems.push({
      pos: collectionKey.range ? toPos(collectionKey.range[0]) : start,
      message: 'a key is a list or a mapping',
      hint: 'keys are plain names (`name: value`); check for a stray `[`, `{` or `?` before the colon',
    });
    return section;
  }
  // Prototype keys are refused outright: they are never legitimate in a runbook.
  const forbidden = findForbiddenKey(doc.contents, []);
  if (forbidden) {
    problems.push({
      pos: section.pos(forbidden, { key: true }),
      message: `key \`${String(forbidden[forbidden.length - 1])}\` is not allowed`,
      hint: '`__proto__`, `constructor` and `prototype` are reserved; rename the key',
    });
    return section;
  }
  try {
    section.value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    const msg = (e as Error).message;
    const alias = /alias/i.test(msg);
    problems.push({
      pos: alias ? section.pos(firstAliasPath(doc.contents, []) ?? []) : start,
      message: alias
        ? 'too many YAML alias expansions (possible "billion laughs" attack)'
        : `could not read YAML: ${msg}`,
      ...(alias ? { hint: `runbooks may expand at most ${MAX_YAML_ALIASES} aliases; write the values out` } : {}),
    });
  }
  return section;
}

function findForbiddenKey(node: unknown, path: KeyPath): KeyPath | undefined {
  if (isMap(node)) {
    for (const p of node.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k !== undefined && FORBIDDEN_SEGMENTS.has(k)) return [...path, k];
      const r = findForbiddenKey(p.value, k === undefined ? path : [...path, k]);
      if (r) return r;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const r = findForbiddenKey(node.items[i], [...path, i]);
      if (r) return r;
    }
  }
  return undefined;
}

function firstAliasPath(node: unknown, path: KeyPath): KeyPath | undefined {
  if (isAlias(node)) return path;
  if (isMap(node)) {
    for (const p of node.items) {
      const k = isScalar(p.key) ? String(p.key.value) : '';
      const r = firstAliasPath(p.value, [...path, k]);
      if (r) return r;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const r = firstAliasPath(node.items[i], [...path, i]);
      if (r) return r;
    }
  }
  return undefined;
}
