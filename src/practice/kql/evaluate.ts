/**
 * Evaluates a parsed KQL query over in-memory tables. Rows are plain objects;
 * datetimes are Date, timespans {timespanMs}, dynamic values JS objects.
 * Results come back with Log Analytics column types so the Logs route can
 * serialize them exactly like the service.
 */
import { KqlError } from './errors.js';
import type { Expr, NamedExpr, Op, Pipeline, Query, Source } from './parser.js';

export interface Column {
  name: string;
  type: string;
}
export type Row = Record<string, unknown>;
export interface Table {
  columns: Column[];
  rows: Row[];
}
export interface EvalContext {
  /** Resolve a table name (case-sensitive, like Log Analytics). */
  table(name: string): Table | undefined;
  /** Query time ("now()"), epoch ms. */
  now: number;
}

type Scope = { row: Row; lets: Map<string, unknown>; ctx: EvalContext; cols: Map<string, Column> };
interface Ts {
  timespanMs: number;
}
const isTs = (v: unknown): v is Ts => !!v && typeof v === 'object' && 'timespanMs' in v;

function semErr(tok: { line: number; col: number; text: string } | undefined, msg: string): KqlError {
  return new KqlError('SEM0100', msg, tok?.line ?? 1, tok?.col ?? 1, tok?.text ?? '');
}

export function toKqlString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (isTs(v)) return formatTimespan(v.timespanMs);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function formatTimespan(ms: number): string {
  const neg = ms < 0;
  let s = Math.abs(ms) / 1000;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const sec = Number.isInteger(s) ? pad(s) : s.toFixed(7).padStart(10, '0');
  return `${neg ? '-' : ''}${d ? `${d}.` : ''}${pad(h)}:${pad(m)}:${sec}`;
}

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** Ordering for comparisons and sorting; undefined when incomparable. */
function compare(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Date && typeof b === 'string' && !Number.isNaN(Date.parse(b))) return a.getTime() - Date.parse(b);
  if (isTs(a) && isTs(b)) return a.timespanMs - b.timespanMs;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  // SigninLogs.ResultType is a string column; `ResultType == 0` compares numerically, as in Log Analytics.
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  return undefined;
}

function equals(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null && !(a instanceof Date) && !isTs(a))
    return JSON.stringify(a) === JSON.stringify(b);
  const c = compare(a, b);
  return c === 0;
}

/** Kusto `has`: the term appears as a whole token (alphanumeric boundaries), case-insensitively. */
function hasTerm(hay: string, term: string): boolean {
  if (term === '') return true;
  const h = hay.toLowerCase();
  const t = term.toLowerCase();
  const alnum = (ch: string | undefined): boolean => !!ch && /[a-z0-9]/i.test(ch);
  let idx = h.indexOf(t);
  while (idx >= 0) {
    const before = h[idx - 1];
    const after = h[idx + t.length];
    const okBefore = !alnum(t[0]) || !alnum(before);
    const okAfter = !alnum(t[t.length - 1]) || !alnum(after);
    if (okBefore && okAfter) return true;
    idx = h.indexOf(t, idx + 1);
  }
  return false;
}

function stringOp(op: string, l: unknown, r: unknown): boolean {
  const a = toKqlString(l);
  const b = toKqlString(r);
  switch (op) {
    case 'has':
      return hasTerm(a, b);
    case '!has':
      return !hasTerm(a, b);
    case 'has_cs':
      return a.includes(b) && hasTerm(a, b);
    case 'contains':
      return a.toLowerCase().includes(b.toLowerCase());
    case '!contains':
      return !a.toLowerCase().includes(b.toLowerCase());
    case 'contains_cs':
      return a.includes(b);
    case 'startswith':
    case 'hasprefix':
      return a.toLowerCase().startsWith(b.toLowerCase());
    case '!startswith':
      return !a.toLowerCase().startsWith(b.toLowerCase());
    case 'endswith':
    case 'hassuffix':
      return a.toLowerCase().endsWith(b.toLowerCase());
    case '!endswith':
      return !a.toLowerCase().endsWith(b.toLowerCase());
  }
  return false;
}

const AGGREGATES = new Set([
  'count',
  'countif',
  'dcount',
  'arg_max',
  'arg_min',
  'max',
  'min',
  'sum',
  'avg',
  'make_set',
  'make_list',
  'any',
  'take_any',
]);

function evalExpr(e: Expr, s: Scope): unknown {
  switch (e.k) {
    case 'lit':
      return e.value;
    case 'ref': {
      if (Object.prototype.hasOwnProperty.call(s.row, e.name) || s.cols.has(e.name)) return s.row[e.name] ?? null;
      if (s.lets.has(e.name)) return s.lets.get(e.name);
      throw semErr(e.tok, `Failed to resolve scalar expression named '${e.name}'`);
    }
    case 'prop':
    case 'index': {
      let obj = evalExpr(e.obj, s);
      if (typeof obj === 'string' && (obj.startsWith('{') || obj.startsWith('['))) {
        try {
          obj = JSON.parse(obj);
        } catch {
          return null;
        }
      }
      if (obj === null || typeof obj !== 'object') return null;
      const key = e.k === 'prop' ? e.name : evalExpr(e.index, s);
      if (Array.isArray(obj)) {
        const i = Number(key);
        return Number.isInteger(i) ? (obj[i < 0 ? obj.length + i : i] ?? null) : null;
      }
      return (obj as Row)[String(key)] ?? null;
    }
    case 'neg': {
      const v = evalExpr(e.e, s);
      if (isTs(v)) return { timespanMs: -v.timespanMs };
      const n = num(v);
      return n === undefined ? null : -n;
    }
    case 'in': {
      const l = evalExpr(e.l, s);
      const items = e.list
        .map((x) => evalExpr(x, s))
        .flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v]));
      const ci = e.op.endsWith('~');
      const hit = items.some((v) =>
        ci ? toKqlString(v).toLowerCase() === toKqlString(l).toLowerCase() : equals(l, v),
      );
      return e.op.startsWith('!') ? !hit : hit;
    }
    case 'bin': {
      if (e.op === 'and') return evalExpr(e.l, s) === true && evalExpr(e.r, s) === true;
      if (e.op === 'or') return evalExpr(e.l, s) === true || evalExpr(e.r, s) === true;
      const l = evalExpr(e.l, s);
      const r = evalExpr(e.r, s);
      switch (e.op) {
        case '==':
          return l === null || r === null ? false : equals(l, r);
        case '!=':
          return l === null || r === null ? false : !equals(l, r);
        case '=~':
          return toKqlString(l).toLowerCase() === toKqlString(r).toLowerCase();
        case '!~':
          return toKqlString(l).toLowerCase() !== toKqlString(r).toLowerCase();
        case '<':
        case '>':
        case '<=':
        case '>=': {
          const c = compare(l, r);
          if (c === undefined) return false;
          return e.op === '<' ? c < 0 : e.op === '>' ? c > 0 : e.op === '<=' ? c <= 0 : c >= 0;
        }
        case '+':
        case '-': {
          const sign = e.op === '+' ? 1 : -1;
          if (l instanceof Date && isTs(r)) return new Date(l.getTime() + sign * r.timespanMs);
          if (l instanceof Date && r instanceof Date && sign < 0) return { timespanMs: l.getTime() - r.getTime() };
          if (isTs(l) && isTs(r)) return { timespanMs: l.timespanMs + sign * r.timespanMs };
          const a = num(l);
          const b = num(r);
          return a === undefined || b === undefined ? null : a + sign * b;
        }
        case '*':
        case '/':
        case '%': {
          const a = num(l);
          const b = num(r);
          if (a === undefined || b === undefined) return null;
          return e.op === '*' ? a * b : e.op === '/' ? (b === 0 ? null : a / b) : b === 0 ? null : a % b;
        }
        default:
          return stringOp(e.op, l, r);
      }
    }
    case 'call':
      return callScalar(e, s);
  }
}

function callScalar(e: Extract<Expr, { k: 'call' }>, s: Scope): unknown {
  const a = (i: number): unknown => (e.args[i] ? evalExpr(e.args[i], s) : undefined);
  const arity = (min: number, max = min): void => {
    if (e.args.length < min || e.args.length > max)
      throw semErr(
        e.tok,
        `Function '${e.name}' expects ${min === max ? min : `${min}..${max}`} argument(s), got ${e.args.length}`,
      );
  };
  switch (e.name) {
    case 'ago': {
      arity(1);
      const v = a(0);
      if (!isTs(v)) throw semErr(e.tok, `ago() expects a timespan such as 15m or 90d`);
      return new Date(s.ctx.now - v.timespanMs);
    }
    case 'now':
      arity(0, 1);
      return new Date(s.ctx.now + (isTs(a(0)) ? (a(0) as Ts).timespanMs : 0));
    case 'tolower':
      arity(1);
      return toKqlString(a(0)).toLowerCase();
    case 'toupper':
      arity(1);
      return toKqlString(a(0)).toUpperCase();
    case 'tostring':
      arity(1);
      return toKqlString(a(0));
    case 'toint':
    case 'tolong':
    case 'toreal':
    case 'todouble': {
      arity(1);
      const n = num(a(0));
      return n === undefined ? null : e.name === 'toint' || e.name === 'tolong' ? Math.trunc(n) : n;
    }
    case 'todatetime': {
      arity(1);
      const v = a(0);
      if (v instanceof Date) return v;
      const t = Date.parse(toKqlString(v));
      return Number.isNaN(t) ? null : new Date(t);
    }
    case 'todynamic':
    case 'parse_json': {
      arity(1);
      const v = a(0);
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    }
    case 'isnotempty':
      arity(1);
      return !isEmpty(a(0));
    case 'isempty':
      arity(1);
      return isEmpty(a(0));
    case 'isnull':
      arity(1);
      return a(0) === null || a(0) === undefined;
    case 'isnotnull':
      arity(1);
      return !(a(0) === null || a(0) === undefined);
    case 'strcat':
      if (e.args.length < 1) throw semErr(e.tok, 'strcat() expects at least one argument');
      return e.args.map((x) => toKqlString(evalExpr(x, s))).join('');
    case 'strlen':
      arity(1);
      return toKqlString(a(0)).length;
    case 'iff':
    case 'iif':
      arity(3);
      return a(0) === true ? a(1) : a(2);
    case 'array_length': {
      arity(1);
      const v = a(0);
      return Array.isArray(v) ? v.length : null;
    }
    case 'coalesce':
      for (const x of e.args) {
        const v = evalExpr(x, s);
        if (!isEmpty(v)) return v;
      }
      return null;
    case 'not':
      arity(1);
      return a(0) !== true;
    case 'bin':
    case 'floor': {
      arity(2);
      const v = a(0);
      const size = a(1);
      if (v instanceof Date && isTs(size)) return new Date(Math.floor(v.getTime() / size.timespanMs) * size.timespanMs);
      if (isTs(v) && isTs(size)) return { timespanMs: Math.floor(v.timespanMs / size.timespanMs) * size.timespanMs };
      const n = num(v);
      const sz = num(size);
      if (n === undefined || sz === undefined || sz <= 0) return null;
      return Math.floor(n / sz) * sz;
    }
    default:
      if (AGGREGATES.has(e.name)) throw semErr(e.tok, `Aggregation function '${e.name}' can only be used in summarize`);
      throw semErr(e.tok, `Unknown function: '${e.name}' (not supported by the practice tenant)`);
  }
}

function inferType(e: Expr, cols: Map<string, Column>, lets: Map<string, unknown>): string {
  switch (e.k) {
    case 'lit':
      return e.type;
    case 'ref': {
      const c = cols.get(e.name);
      if (c) return c.type;
      return valueType(lets.get(e.name));
    }
    case 'prop':
    case 'index':
      return 'dynamic';
    case 'neg':
      return inferType(e.e, cols, lets);
    case 'in':
      return 'bool';
    case 'bin':
      if (['+', '-', '*', '/', '%'].includes(e.op)) {
        const l = inferType(e.l, cols, lets);
        const r = inferType(e.r, cols, lets);
        if (l === 'datetime' && r === 'datetime') return 'timespan';
        if (l === 'datetime') return 'datetime';
        if (l === 'real' || r === 'real' || e.op === '/') return 'real';
        return l;
      }
      return 'bool';
    case 'call':
      switch (e.name) {
        case 'ago':
        case 'now':
        case 'todatetime':
          return 'datetime';
        case 'bin':
        case 'floor':
          return e.args[0] ? inferType(e.args[0], cols, lets) : 'dynamic';
        case 'tolower':
        case 'toupper':
        case 'tostring':
        case 'strcat':
          return 'string';
        case 'toint':
          return 'int';
        case 'tolong':
        case 'strlen':
        case 'array_length':
        case 'count':
        case 'countif':
        case 'dcount':
          return 'long';
        case 'toreal':
        case 'todouble':
        case 'avg':
          return 'real';
        case 'isnotempty':
        case 'isempty':
        case 'isnull':
        case 'isnotnull':
        case 'not':
          return 'bool';
        case 'iff':
        case 'iif':
          return e.args[1] ? inferType(e.args[1], cols, lets) : 'string';
        case 'max':
        case 'min':
        case 'sum':
        case 'any':
        case 'take_any':
        case 'coalesce':
          return e.args[0] ? inferType(e.args[0], cols, lets) : 'dynamic';
        default:
          return 'dynamic';
      }
  }
}

function valueType(v: unknown): string {
  if (v instanceof Date) return 'datetime';
  if (isTs(v)) return 'timespan';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  return 'dynamic';
}

/** The column name KQL gives an unnamed expression. */
function autoName(e: Expr, fallbackIndex: number): string {
  if (e.k === 'ref') return e.name;
  if (e.k === 'prop') return `${autoName(e.obj, fallbackIndex)}_${e.name}`;
  if (e.k === 'call') {
    if (e.name === 'count') return 'count_';
    if ((e.name === 'bin' || e.name === 'floor') && e.args[0]) return autoName(e.args[0], fallbackIndex);
    const inner = e.args[0];
    return inner ? `${e.name}_${autoName(inner, fallbackIndex)}` : `${e.name}_`;
  }
  return `Column${fallbackIndex}`;
}

function aggregate(
  e: Expr,
  rows: Row[],
  s: Omit<Scope, 'row'>,
): { names: string[]; types: string[]; values: unknown[] } | undefined {
  if (e.k !== 'call' || !AGGREGATES.has(e.name)) return undefined;
  const at = (r: Row, i: number): unknown => evalExpr(e.args[i]!, { ...s, row: r });
  switch (e.name) {
    case 'count':
      return { names: ['count_'], types: ['long'], values: [rows.length] };
    case 'countif':
      return { names: ['countif_'], types: ['long'], values: [rows.filter((r) => at(r, 0) === true).length] };
    case 'dcount':
      return {
        names: [autoName(e, 0)],
        types: ['long'],
        values: [new Set(rows.map((r) => toKqlString(at(r, 0)))).size],
      };
    case 'arg_max':
    case 'arg_min': {
      if (!e.args[0]) throw semErr(e.tok, `${e.name}() expects the expression to maximize and the columns to return`);
      let best: Row | undefined;
      let bestV: unknown;
      for (const r of rows) {
        const v = at(r, 0);
        const c = best === undefined ? 1 : compare(v, bestV);
        if (c !== undefined && (e.name === 'arg_max' ? c > 0 : c < 0)) {
          best = r;
          bestV = v;
        }
      }
      const first = e.args[0];
      const names = [first.k === 'ref' ? first.name : `${e.name}_`];
      const types = [inferType(first, s.cols, s.lets)];
      const values: unknown[] = [bestV ?? null];
      const extra = e.star
        ? [...s.cols.keys()].filter((n) => n !== names[0])
        : e.args.slice(1).map((x, i) => (x.k === 'ref' ? x.name : `${autoName(x, i)}`));
      const extraExprs = e.star ? extra.map((n): Expr => ({ k: 'ref', name: n, tok: e.tok })) : e.args.slice(1);
      extraExprs.forEach((x, i) => {
        names.push(extra[i]!);
        types.push(inferType(x, s.cols, s.lets));
        values.push(best ? evalExpr(x, { ...s, row: best }) : null);
      });
      return { names, types, values };
    }
    case 'max':
    case 'min': {
      let best: unknown = null;
      for (const r of rows) {
        const v = at(r, 0);
        if (v === null || v === undefined) continue;
        const c = best === null ? 1 : compare(v, best);
        if (c !== undefined && (e.name === 'max' ? c > 0 : c < 0)) best = v;
      }
      return { names: [autoName(e, 0)], types: [inferType(e.args[0]!, s.cols, s.lets)], values: [best] };
    }
    case 'sum':
    case 'avg': {
      const ns = rows.map((r) => num(at(r, 0))).filter((n): n is number => n !== undefined);
      const total = ns.reduce((x, y) => x + y, 0);
      return {
        names: [autoName(e, 0)],
        types: [e.name === 'avg' ? 'real' : inferType(e.args[0]!, s.cols, s.lets)],
        values: [e.name === 'avg' ? (ns.length ? total / ns.length : null) : total],
      };
    }
    case 'make_set':
    case 'make_list': {
      const vals = rows.map((r) => at(r, 0)).filter((v) => v !== null && v !== undefined);
      const out = e.name === 'make_set' ? [...new Map(vals.map((v) => [toKqlString(v), v])).values()] : vals;
      return { names: [autoName(e, 0)], types: ['dynamic'], values: [out] };
    }
    case 'any':
    case 'take_any':
      return {
        names: [autoName(e, 0)],
        types: [inferType(e.args[0]!, s.cols, s.lets)],
        values: [rows[0] ? at(rows[0], 0) : null],
      };
  }
  return undefined;
}

function applyOp(op: Op, t: Table, lets: Map<string, unknown>, ctx: EvalContext): Table {
  const cols = new Map(t.columns.map((c) => [c.name, c]));
  const scope = (row: Row): Scope => ({ row, lets, ctx, cols });
  switch (op.op) {
    case 'where':
      return { columns: t.columns, rows: t.rows.filter((r) => evalExpr(op.pred, scope(r)) === true) };
    case 'project':
    case 'extend': {
      const names = op.items.map((it, i) => it.name ?? autoName(it.expr, i + 1));
      const newCols = op.items.map((it, i) => ({ name: names[i]!, type: inferType(it.expr, cols, lets) }));
      // validate references even when there are no rows (a typo must never pass silently)
      if (t.rows.length === 0) for (const it of op.items) checkRefs(it.expr, cols, lets);
      const rows = t.rows.map((r) => {
        const vals = op.items.map((it) => evalExpr(it.expr, scope(r)));
        const out: Row = op.op === 'extend' ? { ...r } : {};
        names.forEach((n, i) => (out[n] = vals[i]));
        return out;
      });
      let columns: Column[];
      if (op.op === 'project') columns = newCols;
      else {
        columns = [
          ...t.columns.map((c) => newCols.find((n) => n.name === c.name) ?? c),
          ...newCols.filter((n) => !cols.has(n.name)),
        ];
      }
      return { columns, rows };
    }
    case 'project-away': {
      for (const c of op.cols)
        if (!cols.has(c)) throw new KqlError('SEM0100', `project-away: Failed to resolve column named '${c}'`, 1, 1, c);
      return {
        columns: t.columns.filter((c) => !op.cols.includes(c.name)),
        rows: t.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !op.cols.includes(k)))),
      };
    }
    case 'summarize': {
      const byNames = op.by.map((b, i) => b.name ?? autoName(b.expr, i + 1));
      if (t.rows.length === 0) for (const b of op.by) checkRefs(b.expr, cols, lets);
      const groups = new Map<string, { key: unknown[]; rows: Row[] }>();
      for (const r of t.rows) {
        const key = op.by.map((b) => evalExpr(b.expr, scope(r)));
        const k = JSON.stringify(key.map(toKqlString));
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { key, rows: [] }));
        g.rows.push(r);
      }
      // summarize without `by` over no rows still yields one row (count() = 0)
      if (op.by.length === 0 && groups.size === 0) groups.set('[]', { key: [], rows: [] });
      const base = { lets, ctx, cols };
      const rows: Row[] = [];
      const aggColsTemplate = (): Column[] =>
        op.aggs.flatMap((a) => {
          const res = aggregate(a.expr, [], base);
          if (!res)
            throw semErr(
              a.expr.k === 'call' || a.expr.k === 'ref' ? a.expr.tok : undefined,
              `summarize: '${a.expr.k === 'call' ? a.expr.name : 'expression'}' is not an aggregation function`,
            );
          return res.names.map((n, j) => ({ name: j === 0 && a.name ? a.name : n, type: res.types[j]! }));
        });
      const byCols = op.by.map((b, i) => ({ name: byNames[i]!, type: inferType(b.expr, cols, lets) }));
      const columns = [...byCols, ...aggColsTemplate()];
      for (const g of groups.values()) {
        const out: Row = {};
        byNames.forEach((n, i) => (out[n] = g.key[i]));
        for (const a of op.aggs) {
          const res = aggregate(a.expr, g.rows, base)!;
          res.names.forEach((n, j) => (out[j === 0 && a.name ? a.name : n] = res.values[j]));
        }
        rows.push(out);
      }
      return { columns, rows };
    }
    case 'order':
    case 'top': {
      const keys = op.op === 'order' ? op.keys : [op.key];
      if (t.rows.length === 0) for (const k of keys) checkRefs(k.expr, cols, lets);
      const decorated = t.rows.map((r) => ({ r, k: keys.map((key) => evalExpr(key.expr, scope(r))) }));
      decorated.sort((x, y) => {
        for (let i = 0; i < keys.length; i++) {
          const a = x.k[i];
          const b = y.k[i];
          const an = a === null || a === undefined;
          const bn = b === null || b === undefined;
          if (an || bn) {
            if (an && bn) continue;
            // nulls last for desc, first for asc (KQL defaults)
            return (an ? 1 : -1) * (keys[i]!.desc ? 1 : -1);
          }
          const c = compare(a, b) ?? toKqlString(a).localeCompare(toKqlString(b));
          if (c !== 0) return keys[i]!.desc ? -c : c;
        }
        return 0;
      });
      const sorted = decorated.map((d) => d.r);
      return { columns: t.columns, rows: op.op === 'top' ? sorted.slice(0, op.n) : sorted };
    }
    case 'take':
      return { columns: t.columns, rows: t.rows.slice(0, op.n) };
    case 'count':
      return { columns: [{ name: 'Count', type: 'long' }], rows: [{ Count: t.rows.length }] };
    case 'distinct': {
      for (const c of op.cols)
        if (!cols.has(c)) throw new KqlError('SEM0100', `distinct: Failed to resolve column named '${c}'`, 1, 1, c);
      const seen = new Map<string, Row>();
      for (const r of t.rows) {
        const o = Object.fromEntries(op.cols.map((c) => [c, r[c]]));
        seen.set(JSON.stringify(op.cols.map((c) => toKqlString(r[c]))), o);
      }
      return { columns: op.cols.map((c) => cols.get(c)!), rows: [...seen.values()] };
    }
    case 'mv-expand': {
      const name = op.name ?? (op.expr.k === 'ref' ? op.expr.name : autoName(op.expr, 1));
      if (t.rows.length === 0) checkRefs(op.expr, cols, lets);
      const rows: Row[] = [];
      for (const r of t.rows) {
        let v = evalExpr(op.expr, scope(r));
        if (typeof v === 'string' && v.startsWith('[')) {
          try {
            v = JSON.parse(v);
          } catch {
            /* keep as scalar */
          }
        }
        if (Array.isArray(v)) for (const item of v as unknown[]) rows.push({ ...r, [name]: item });
        else if (v && typeof v === 'object')
          for (const [k, val] of Object.entries(v as Record<string, unknown>))
            rows.push({ ...r, [name]: { [k]: val } });
        else rows.push({ ...r, [name]: v });
      }
      const columns = cols.has(name)
        ? t.columns.map((c) => (c.name === name ? { name, type: 'dynamic' } : c))
        : [...t.columns, { name, type: 'dynamic' }];
      return { columns, rows };
    }
  }
}

/** Static check that every referenced name resolves (used when there are no rows to evaluate). */
function checkRefs(e: Expr, cols: Map<string, Column>, lets: Map<string, unknown>): void {
  switch (e.k) {
    case 'ref':
      if (!cols.has(e.name) && !lets.has(e.name))
        throw semErr(e.tok, `Failed to resolve scalar expression named '${e.name}'`);
      return;
    case 'prop':
      return checkRefs(e.obj, cols, lets);
    case 'index':
      checkRefs(e.obj, cols, lets);
      return checkRefs(e.index, cols, lets);
    case 'neg':
      return checkRefs(e.e, cols, lets);
    case 'in':
      checkRefs(e.l, cols, lets);
      return e.list.forEach((x) => checkRefs(x, cols, lets));
    case 'bin':
      checkRefs(e.l, cols, lets);
      return checkRefs(e.r, cols, lets);
    case 'call':
      return e.args.forEach((x) => checkRefs(x, cols, lets));
    default:
      return;
  }
}

export function evaluate(q: Query, ctx: EvalContext): Table {
  const lets = new Map<string, unknown>();
  const tables = new Map<string, Table>();
  for (const l of q.lets) {
    // A later let shadows an earlier one of the same name, scalar or tabular.
    if (l.tabular) {
      lets.delete(l.name);
      tables.set(l.name, runPipeline(l.tabular, lets, tables, ctx));
    } else {
      tables.delete(l.name);
      lets.set(l.name, evalExpr(l.expr, { row: {}, lets, ctx, cols: new Map() }));
    }
  }
  return runPipeline(q, lets, tables, ctx);
}

function runPipeline(p: Pipeline, lets: Map<string, unknown>, tables: Map<string, Table>, ctx: EvalContext): Table {
  let t = sourceTable(p.source, lets, tables, ctx);
  for (const op of p.ops) {
    if (op.op === 'where' && t.rows.length === 0) checkRefs(op.pred, new Map(t.columns.map((c) => [c.name, c])), lets);
    t = applyOp(op, t, lets, ctx);
  }
  return t;
}

/**
 * A tabular `let` shadows a workspace table of the same name — the way a
 * query can run over synthetic rows (https://learn.microsoft.com/kusto/query/let-statement).
 */
function sourceTable(src: Source, lets: Map<string, unknown>, tables: Map<string, Table>, ctx: EvalContext): Table {
  switch (src.k) {
    case 'table': {
      const local = tables.get(src.name);
      if (local) return local;
      const t = ctx.table(src.name);
      if (t) return { columns: t.columns, rows: t.rows };
      if (lets.has(src.name)) throw semErr(src.tok, `'${src.name}' is a scalar, not a table`);
      throw semErr(src.tok, `Failed to resolve table or column expression named '${src.name}'`);
    }
    case 'datatable':
      return {
        columns: src.columns,
        rows: src.rows.map((vals) =>
          Object.fromEntries(src.columns.map((c, i) => [c.name, coerce(vals[i], c.type, src.tok)])),
        ),
      };
    case 'union': {
      // union kind=outer (the default): every column of every part; rows keep their own values, nulls elsewhere.
      const parts = src.parts.map((p) => runPipeline(p, lets, tables, ctx));
      const columns: Column[] = [];
      for (const p of parts) for (const c of p.columns) if (!columns.some((x) => x.name === c.name)) columns.push(c);
      return { columns, rows: parts.flatMap((p) => p.rows) };
    }
  }
}

/** A datatable literal as the column's type; a literal of another type is an error (Kusto refuses it). */
function coerce(v: unknown, type: string, tok: { line: number; col: number; text: string }): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string':
      if (typeof v !== 'string') throw semErr(tok, `datatable: ${toKqlString(v)} is not a string`);
      return v;
    case 'long':
    case 'int':
    case 'real':
      if (typeof v !== 'number') throw semErr(tok, `datatable: ${toKqlString(v)} is not a number`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw semErr(tok, `datatable: ${toKqlString(v)} is not a bool`);
      return v;
    case 'datetime':
      if (!(v instanceof Date))
        throw semErr(tok, `datatable: ${toKqlString(v)} is not a datetime (write datetime(2026-01-31T10:00:00Z))`);
      return v;
    case 'timespan':
      if (!isTs(v)) throw semErr(tok, `datatable: ${toKqlString(v)} is not a timespan`);
      return v;
    default:
      return v; // dynamic holds anything
  }
}

export type { NamedExpr };
