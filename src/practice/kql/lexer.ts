/**
 * KQL tokenizer for the practice tenant's Log Analytics subset. Positions are
 * 1-based line/column so errors read like Log Analytics' own
 * ("Query could not be parsed at 'x' on line [2,5]").
 */
import { KqlError } from './errors.js';

export type TokKind = 'ident' | 'string' | 'number' | 'timespan' | 'dynamic' | 'op' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  /** string: unescaped value; number: numeric value; timespan: milliseconds; dynamic: the parsed JSON. */
  value?: unknown;
  line: number;
  col: number;
  offset: number;
}

const TIMESPAN_UNITS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  microsecond: 0.001,
  tick: 0.0001,
};

/** Multi-character operators, longest first. Word operators with '!' or '-' are lexed as idents. */
const OPS = [
  '==',
  '!=',
  '=~',
  '!~',
  '<=',
  '>=',
  '|',
  '(',
  ')',
  ',',
  ';',
  ':',
  '=',
  '.',
  '[',
  ']',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (): { line: number; col: number; offset: number } => ({ line, col: i - lineStart + 1, offset: i });
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const pos = at();
    // strings: "…", '…', @"…" (verbatim)
    if (c === '"' || c === "'" || (c === '@' && (src[i + 1] === '"' || src[i + 1] === "'"))) {
      const verbatim = c === '@';
      const q = verbatim ? src[i + 1]! : c;
      let j = i + (verbatim ? 2 : 1);
      let val = '';
      while (j < src.length && src[j] !== q) {
        if (src[j] === '\n') break;
        if (!verbatim && src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1]!;
          val += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
          continue;
        }
        val += src[j];
        j++;
      }
      if (src[j] !== q)
        throw new KqlError(
          'SYN0002',
          `Unterminated string literal`,
          pos.line,
          pos.col,
          src.slice(i, Math.min(j, i + 20)),
        );
      toks.push({ kind: 'string', text: src.slice(i, j + 1), value: val, ...pos });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(\d+(?:\.\d+)?)(ms|microsecond|tick|d|h|m|s)?(?![A-Za-z0-9_])/.exec(src.slice(i));
      if (!m)
        throw new KqlError(
          'SYN0002',
          `Query could not be parsed at '${src.slice(i).split(/\s/)[0]}'`,
          pos.line,
          pos.col,
          src.slice(i).split(/\s/)[0]!,
        );
      const n = Number(m[1]);
      if (m[2]) toks.push({ kind: 'timespan', text: m[0], value: n * TIMESPAN_UNITS[m[2]]!, ...pos });
      else toks.push({ kind: 'number', text: m[0], value: n, ...pos });
      i += m[0].length;
      continue;
    }
    // identifiers, incl. operator words like mv-expand, project-away, !has, !contains, !startswith, !in, in~
    const word = /^(!?[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z]+)*~?)/.exec(src.slice(i));
    if (word) {
      let w = word[1]!;
      // `a-b` is subtraction unless it forms a known hyphenated operator
      if (
        w.includes('-') &&
        !/^(mv-expand|mv-apply|project-away|project-rename|project-keep|project-reorder|make-series|parse-where|top-nested|top-hitters)$/i.test(
          w,
        )
      ) {
        w = w.split('-')[0]!;
      }
      if (w.endsWith('~') && !/^!?in~$/i.test(w)) w = w.slice(0, -1);
      if (
        w.startsWith('!') &&
        !/^!(has|contains|startswith|endswith|in~?|has_cs|contains_cs|hasprefix|hassuffix|between)$/i.test(w)
      ) {
        // plain `!` followed by a name: tokenise as the operator '!='? no — Kusto has no unary '!'
        throw new KqlError('SYN0002', `Query could not be parsed at '${w}'`, pos.line, pos.col, w);
      }
      toks.push({ kind: 'ident', text: w, ...pos });
      i += w.length;
      // dynamic({...}) / dynamic([...]) / dynamic(null): a JSON literal, read whole
      // https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic
      if (/^dynamic$/i.test(w) && /^\s*\(\s*[[{n"0-9tf-]/.test(src.slice(i))) {
        const open = src.indexOf('(', i);
        const close = matchingParen(src, open);
        if (close < 0)
          throw new KqlError('SYN0002', `Query could not be parsed at 'dynamic(' (missing ')')`, pos.line, pos.col, w);
        const raw = src.slice(open + 1, close).trim();
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          throw new KqlError(
            'SYN0002',
            `Query could not be parsed at 'dynamic(${raw.slice(0, 20)}': not a valid dynamic literal`,
            pos.line,
            pos.col,
            w,
          );
        }
        toks.pop();
        toks.push({ kind: 'dynamic', text: src.slice(pos.offset, close + 1), value, ...pos });
        for (let k = i; k <= close; k++)
          if (src[k] === '\n') {
            line++;
            lineStart = k + 1;
          }
        i = close + 1;
        continue;
      }
      // datetime(2026-01-31T10:00:00Z) takes an unquoted literal: capture it raw as a string token
      if (/^(datetime|todatetime)$/i.test(w) && /^\s*\(/.test(src.slice(i)) && !/^\s*\(\s*["']/.test(src.slice(i))) {
        const open = src.indexOf('(', i);
        const close = src.indexOf(')', open);
        if (close < 0)
          throw new KqlError('SYN0002', `Query could not be parsed at '${w}(' (missing ')')`, pos.line, pos.col, w);
        toks.push({ kind: 'op', text: '(', ...at(), offset: open });
        const raw = src.slice(open + 1, close).trim();
        toks.push({ kind: 'string', text: raw, value: raw, line, col: open - lineStart + 2, offset: open + 1 });
        toks.push({ kind: 'op', text: ')', line, col: close - lineStart + 1, offset: close });
        i = close + 1;
      }
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      toks.push({ kind: 'op', text: op, ...pos });
      i += op.length;
      continue;
    }
    throw new KqlError('SYN0002', `Query could not be parsed at '${c}'`, pos.line, pos.col, c);
  }
  toks.push({ kind: 'eof', text: '<end of query>', ...at() });
  return toks;
}

/** Index of the ')' closing the '(' at `open`, skipping quoted strings; -1 if none. */
function matchingParen(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    const ch = src[j];
    if (ch === '"' || ch === "'") {
      const q = ch;
      j++;
      while (j < src.length && src[j] !== q) j += src[j] === '\\' ? 2 : 1;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j;
  }
  return -1;
}
