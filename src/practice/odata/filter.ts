/**
 * OData $filter for the practice Graph: a parser and evaluator for the
 * subset Graph's directory APIs support and breakglass uses —
 *   eq ne gt ge lt le, in (…), and / or / not, parentheses,
 *   startswith(prop,'x') endswith(prop,'x'), any()/all() lambdas on collections,
 *   literals: 'string' (with '' escaping), true/false, null, numbers, GUIDs,
 *   ISO date-times (unquoted, as Graph takes them).
 * Anything else is a 400 in Graph's shape — never silently ignored, so a
 * client bug shows up in practice instead of returning too much data.
 */
import { PracticeHttpError } from './errors.js';

type Tok =
  | { t: 'str'; v: string; pos: number }
  | { t: 'num'; v: number; pos: number }
  | { t: 'lit'; v: string; pos: number } // guid / datetime / true / false / null (raw)
  | { t: 'id'; v: string; pos: number } // identifiers and paths (a/b/c)
  | { t: 'op'; v: string; pos: number } // ( ) , :
  | { t: 'end'; pos: number };

export type FilterNode =
  | { k: 'and' | 'or'; l: FilterNode; r: FilterNode }
  | { k: 'not'; e: FilterNode }
  | { k: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; l: Operand; r: Operand }
  | { k: 'in'; l: Operand; list: Operand[] }
  | { k: 'fn'; name: 'startswith' | 'endswith' | 'contains'; args: Operand[] }
  | { k: 'lambda'; quant: 'any' | 'all'; path: string[]; variable: string; body: FilterNode | null };

export type Operand = { k: 'path'; path: string[] } | { k: 'val'; v: unknown };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;
const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const UNSUPPORTED_OPS = new Set(['has', 'add', 'sub', 'mul', 'div', 'mod']);

function syntax(src: string, pos: number, what: string): PracticeHttpError {
  return new PracticeHttpError(400, 'BadRequest', `Invalid filter clause: ${what} at position ${pos} in '${src}'.`);
}

export function unsupported(detail: string): PracticeHttpError {
  return new PracticeHttpError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified: ${detail}.`,
  );
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw syntax(src, i, 'unterminated string literal');
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            s += "'";
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      out.push({ t: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    if ('(),:'.includes(c)) {
      out.push({ t: 'op', v: c, pos: i });
      i++;
      continue;
    }
    const rest = src.slice(i);
    const g = GUID.exec(rest);
    if (g && !/[\w-]/.test(rest[g[0].length] ?? '')) {
      out.push({ t: 'lit', v: g[0], pos: i });
      i += g[0].length;
      continue;
    }
    const d = DATETIME.exec(rest);
    if (d && d[0].length >= 10 && !/[\w]/.test(rest[d[0].length] ?? '')) {
      out.push({ t: 'lit', v: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const n = /^-?\d+(\.\d+)?/.exec(rest);
    if (n && !/[A-Za-z_]/.test(rest[n[0].length] ?? '')) {
      out.push({ t: 'num', v: Number(n[0]), pos: i });
      i += n[0].length;
      continue;
    }
    const id = /^[A-Za-z_@$][\w.@$]*(\/[A-Za-z_@$][\w.@$]*)*/.exec(rest);
    if (id) {
      out.push({ t: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    throw syntax(src, i, `character '${c}' is not valid`);
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}

export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p]!;
  const next = () => toks[p++]!;
  const isWord = (w: string) => {
    const t = peek();
    return t.t === 'id' && t.v.toLowerCase() === w;
  };
  const expectOp = (v: string) => {
    const t = next();
    if (t.t !== 'op' || t.v !== v) throw syntax(src, t.pos, `'${v}' expected`);
  };

  const parseOr = (): FilterNode => {
    let l = parseAnd();
    while (isWord('or')) {
      next();
      l = { k: 'or', l, r: parseAnd() };
    }
    return l;
  };
  const parseAnd = (): FilterNode => {
    let l = parseUnary();
    while (isWord('and')) {
      next();
      l = { k: 'and', l, r: parseUnary() };
    }
    return l;
  };
  const parseUnary = (): FilterNode => {
    if (isWord('not')) {
      next();
      return { k: 'not', e: parseUnary() };
    }
    return parsePrimary();
  };
  const parseValue = (): Operand => {
    const t = next();
    switch (t.t) {
      case 'str':
        return { k: 'val', v: t.v };
      case 'num':
        return { k: 'val', v: t.v };
      case 'lit':
        return { k: 'val', v: t.v };
      case 'id': {
        const low = t.v.toLowerCase();
        if (low === 'true') return { k: 'val', v: true };
        if (low === 'false') return { k: 'val', v: false };
        if (low === 'null') return { k: 'val', v: null };
        if (peek().t === 'op' && (peek() as { v: string }).v === '(')
          throw unsupported(`function '${t.v}' in an operand`);
        return { k: 'path', path: t.v.split('/') };
      }
      default:
        throw syntax(src, t.pos, 'value expected');
    }
  };
  const parsePrimary = (): FilterNode => {
    const t = peek();
    if (t.t === 'op' && t.v === '(') {
      next();
      const e = parseOr();
      expectOp(')');
      return e;
    }
    if (t.t === 'id') {
      const low = t.v.toLowerCase();
      const after = toks[p + 1];
      // Function call: startswith(…), endswith(…)
      if (after?.t === 'op' && after.v === '(' && !t.v.includes('/')) {
        if (low !== 'startswith' && low !== 'endswith') throw unsupported(`function '${t.v}'`);
        next();
        next();
        const args: Operand[] = [parseValue()];
        while (peek().t === 'op' && (peek() as { v: string }).v === ',') {
          next();
          args.push(parseValue());
        }
        expectOp(')');
        if (
          args.length !== 2 ||
          args[0]!.k !== 'path' ||
          args[1]!.k !== 'val' ||
          typeof (args[1] as { v: unknown }).v !== 'string'
        ) {
          throw syntax(src, t.pos, `${low}() takes a property and a string literal`);
        }
        const fn: FilterNode = { k: 'fn', name: low, args };
        return maybeBoolCompare(fn);
      }
      // Lambda: path/any(x: …) or path/all(x: …)
      const lam = /^(.*)\/(any|all)$/i.exec(t.v);
      if (lam && after?.t === 'op' && after.v === '(') {
        next();
        next();
        const quant = lam[2]!.toLowerCase() as 'any' | 'all';
        if (peek().t === 'op' && (peek() as { v: string }).v === ')') {
          next();
          if (quant === 'all') throw syntax(src, t.pos, 'all() needs a lambda expression');
          return { k: 'lambda', quant, path: lam[1]!.split('/'), variable: '', body: null };
        }
        const v = next();
        if (v.t !== 'id' || v.v.includes('/')) throw syntax(src, v.pos, 'lambda variable expected');
        expectOp(':');
        const body = parseOr();
        expectOp(')');
        return { k: 'lambda', quant, path: lam[1]!.split('/'), variable: v.v, body };
      }
    }
    const l = parseValue();
    const opTok = next();
    if (opTok.t !== 'id') throw syntax(src, opTok.pos, 'operator expected');
    const op = opTok.v.toLowerCase();
    if (op === 'in') {
      expectOp('(');
      const list: Operand[] = [];
      if (!(peek().t === 'op' && (peek() as { v: string }).v === ')')) {
        list.push(parseValue());
        while (peek().t === 'op' && (peek() as { v: string }).v === ',') {
          next();
          list.push(parseValue());
        }
      }
      expectOp(')');
      if (list.some((x) => x.k !== 'val')) throw syntax(src, opTok.pos, "'in' takes a list of literals");
      return { k: 'in', l, list };
    }
    if (UNSUPPORTED_OPS.has(op)) throw unsupported(`operator '${op}'`);
    if (!CMP.has(op)) throw syntax(src, opTok.pos, `unknown operator '${opTok.v}'`);
    const r = parseValue();
    return { k: 'cmp', op: op as 'eq', l, r };
  };
  // startswith(a,'b') eq true — accepted by Graph; fold into the boolean.
  const maybeBoolCompare = (fn: FilterNode): FilterNode => {
    if (isWord('eq') || isWord('ne')) {
      const op = (next() as { v: string }).v.toLowerCase();
      const v = parseValue();
      if (v.k !== 'val' || typeof v.v !== 'boolean') throw syntax(src, peek().pos, 'boolean expected');
      const positive = (op === 'eq') === v.v;
      return positive ? fn : { k: 'not', e: fn };
    }
    return fn;
  };

  const tree = parseOr();
  const end = peek();
  if (end.t !== 'end') throw syntax(src, end.pos, 'unexpected token');
  return tree;
}

// ---------- evaluation ----------

function getProp(obj: unknown, name: string): { found: boolean; value: unknown } {
  if (obj === null || typeof obj !== 'object') return { found: false, value: undefined };
  const rec = obj as Record<string, unknown>;
  if (name in rec) return { found: true, value: rec[name] };
  const low = name.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === low) return { found: true, value: rec[k] };
  return { found: false, value: undefined };
}

export interface EvalOptions {
  /** Known top-level property names; a path starting elsewhere → 400 (Graph: "Could not find a property named…"). */
  properties?: string[];
  typeName?: string;
}

function normalize(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === 'eq')
    return a === null || b === null || a === undefined ? (a ?? null) === (b ?? null) : normalize(a) === normalize(b);
  if (op === 'ne') return !compare('eq', a, b);
  if (a === null || a === undefined || b === null || b === undefined) return false;
  let x: number | string = a as string;
  let y: number | string = b as string;
  const dx = typeof a === 'string' && DATETIME.test(a) ? Date.parse(a) : NaN;
  const dy = typeof b === 'string' && DATETIME.test(b) ? Date.parse(b) : NaN;
  if (!Number.isNaN(dx) && !Number.isNaN(dy)) {
    x = dx;
    y = dy;
  } else if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  }
  switch (op) {
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
    case 'lt':
      return x < y;
    default:
      return x <= y;
  }
}

export function evaluateFilter(node: FilterNode, item: unknown, opts: EvalOptions = {}): boolean {
  const scopes: Map<string, unknown> = new Map();
  const resolve = (o: Operand): unknown => {
    if (o.k === 'val') return o.v;
    const [head, ...rest] = o.path;
    let cur: unknown;
    if (head !== undefined && scopes.has(head)) {
      cur = scopes.get(head);
    } else {
      const got = getProp(item, head ?? '');
      if (
        !got.found &&
        opts.properties &&
        !opts.properties.some((p) => p.toLowerCase() === (head ?? '').toLowerCase())
      ) {
        throw new PracticeHttpError(
          400,
          'BadRequest',
          `Could not find a property named '${head}' on type '${opts.typeName ?? 'microsoft.graph.entity'}'.`,
        );
      }
      cur = got.value;
    }
    for (const seg of rest) cur = getProp(cur, seg).value;
    return cur;
  };
  const ev = (n: FilterNode): boolean => {
    switch (n.k) {
      case 'and':
        return ev(n.l) && ev(n.r);
      case 'or':
        return ev(n.l) || ev(n.r);
      case 'not':
        return !ev(n.e);
      case 'cmp':
        return compare(n.op, resolve(n.l), resolve(n.r));
      case 'in': {
        const v = resolve(n.l);
        return n.list.some((x) => compare('eq', v, resolve(x)));
      }
      case 'fn': {
        const v = resolve(n.args[0]!);
        const s = String(resolve(n.args[1]!)).toLowerCase();
        if (typeof v !== 'string') return false;
        return n.name === 'startswith'
          ? v.toLowerCase().startsWith(s)
          : n.name === 'endswith'
            ? v.toLowerCase().endsWith(s)
            : v.toLowerCase().includes(s);
      }
      case 'lambda': {
        const coll = resolve({ k: 'path', path: n.path });
        const arr = Array.isArray(coll) ? coll : [];
        if (!n.body) return arr.length > 0;
        const test = (el: unknown) => {
          const had = scopes.has(n.variable);
          const prev = scopes.get(n.variable);
          scopes.set(n.variable, el);
          try {
            return ev(n.body!);
          } finally {
            if (had) scopes.set(n.variable, prev);
            else scopes.delete(n.variable);
          }
        };
        return n.quant === 'any' ? arr.some(test) : arr.every(test);
      }
    }
  };
  return ev(node);
}
