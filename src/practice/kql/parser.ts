/**
 * Recursive-descent parser for the KQL subset breakglass runbooks and alert
 * rules use. Anything outside the subset is rejected with the offending token
 * and position — the practice tenant must never answer a query it did not
 * understand.
 */
import { KqlError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

export type Expr =
  | { k: 'lit'; value: unknown; type: string }
  | { k: 'ref'; name: string; tok: Token }
  | { k: 'prop'; obj: Expr; name: string }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'call'; name: string; args: Expr[]; tok: Token; star?: boolean }
  | { k: 'bin'; op: string; l: Expr; r: Expr; tok: Token }
  | { k: 'in'; op: string; l: Expr; list: Expr[] }
  | { k: 'neg'; e: Expr };

export interface NamedExpr {
  name?: string;
  expr: Expr;
}

export type Op =
  | { op: 'where'; pred: Expr }
  | { op: 'project'; items: NamedExpr[] }
  | { op: 'project-away'; cols: string[] }
  | { op: 'extend'; items: NamedExpr[] }
  | { op: 'summarize'; aggs: NamedExpr[]; by: NamedExpr[] }
  | { op: 'order'; keys: { expr: Expr; desc: boolean }[] }
  | { op: 'take'; n: number }
  | { op: 'top'; n: number; key: { expr: Expr; desc: boolean } }
  | { op: 'mv-expand'; name?: string; expr: Expr }
  | { op: 'count' }
  | { op: 'distinct'; cols: string[] };

/** Where rows come from: a table (or a tabular `let`), an inline `datatable`, or a `union` of pipelines. */
export type Source =
  | { k: 'table'; name: string; tok: Token }
  | { k: 'datatable'; columns: { name: string; type: string }[]; rows: unknown[][]; tok: Token }
  | { k: 'union'; parts: Pipeline[]; tok: Token };

/** A tabular expression: a source followed by `| operator`s. */
export interface Pipeline {
  source: Source;
  ops: Op[];
}

/** A `let`: a scalar (`let x = "a";`) or a tabular expression (`let T = datatable(...)[...];`, `let T = SigninLogs | where …;`). */
export type Let =
  { name: string; expr: Expr; tabular?: undefined } | { name: string; tabular: Pipeline; expr?: undefined };

export interface Query extends Pipeline {
  lets: Let[];
}

/**
 * Column types a `datatable` may declare (Kusto scalar data types).
 * https://learn.microsoft.com/kusto/query/scalar-data-types/
 */
const DATATABLE_TYPES: Record<string, string> = {
  string: 'string',
  long: 'long',
  int: 'int',
  real: 'real',
  double: 'real',
  decimal: 'real',
  bool: 'bool',
  boolean: 'bool',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  dynamic: 'dynamic',
  guid: 'string',
};

const COMPARE = new Set(['==', '!=', '=~', '!~', '<', '>', '<=', '>=']);
const STRING_OPS = new Set([
  'has',
  '!has',
  'contains',
  '!contains',
  'startswith',
  '!startswith',
  'endswith',
  '!endswith',
  'has_cs',
  'contains_cs',
  'hasprefix',
  'hassuffix',
]);
const SUPPORTED_OPS =
  'where, project, project-away, extend, summarize, order by, sort by, take, limit, top, mv-expand, count, distinct';
const SUPPORTED_SOURCES = 'a table name, a tabular let, datatable(...)[...], or union';

export function parseQuery(src: string): Query {
  const p = new Parser(tokenize(src));
  return p.query();
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(o = 0): Token {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
  }
  private next(): Token {
    return this.toks[this.i++]!;
  }
  private fail(t: Token, msg?: string): never {
    throw new KqlError('SYN0002', msg ?? `Query could not be parsed at '${t.text}'`, t.line, t.col, t.text);
  }
  private isOp(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'op' && t.text === text;
  }
  private isWord(word: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private expectOp(text: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text)
      this.fail(t, `Query could not be parsed at '${t.text}' (expected '${text}')`);
    return t;
  }
  private expectIdent(): Token {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(t, `Query could not be parsed at '${t.text}' (expected a name)`);
    return t;
  }

  query(): Query {
    const lets: Let[] = [];
    while (this.isWord('let')) {
      this.next();
      const name = this.expectIdent().text;
      this.expectOp('=');
      // A tabular let: datatable / union / a name followed by a pipe. Otherwise a scalar expression.
      if (this.isTabularStart()) lets.push({ name, tabular: this.pipeline() });
      else lets.push({ name, expr: this.expr() });
      this.expectOp(';');
    }
    const { source, ops } = this.pipeline();
    if (this.isOp(';')) this.next();
    const end = this.peek();
    if (end.kind !== 'eof') this.fail(end);
    return { lets, source, ops };
  }

  private isTabularStart(): boolean {
    const t = this.peek();
    if (t.kind !== 'ident') return false;
    const w = t.text.toLowerCase();
    if ((w === 'datatable' || w === 'union') && (this.isOp('(', 1) || w === 'union')) return true;
    return this.isOp('|', 1);
  }

  /** A source and its `| operator`s. */
  private pipeline(): Pipeline {
    const source = this.source();
    const ops: Op[] = [];
    while (this.isOp('|')) {
      this.next();
      ops.push(this.operator());
    }
    return { source, ops };
  }

  private source(): Source {
    const t = this.next();
    if (t.kind === 'op' && t.text === '(') {
      // a parenthesised tabular expression, as union operands often are
      const inner = this.pipeline();
      this.expectOp(')');
      return inner.ops.length === 0 ? inner.source : { k: 'union', parts: [inner], tok: t };
    }
    if (t.kind !== 'ident') this.fail(t);
    const w = t.text.toLowerCase();
    if (w === 'datatable') return this.datatable(t);
    if (w === 'union') return this.union(t);
    if (['search', 'find', 'print', 'range', 'externaldata', 'join'].includes(w))
      this.fail(
        t,
        `'${t.text}' is not supported by the practice tenant's Log Analytics (supported: ${SUPPORTED_SOURCES}, followed by ${SUPPORTED_OPS})`,
      );
    return { k: 'table', name: t.text, tok: t };
  }

  /**
   * `datatable(Name:type, …)[v1, v2, …]` — values row-major, literals only.
   * https://learn.microsoft.com/kusto/query/datatable-operator
   */
  private datatable(t: Token): Source {
    this.expectOp('(');
    const columns: { name: string; type: string }[] = [];
    if (!this.isOp(')')) {
      do {
        if (columns.length) this.next();
        const name = this.expectIdent().text;
        if (!this.isOp(':'))
          this.fail(this.peek(), `Query could not be parsed at '${this.peek().text}' (expected ':' and a column type)`);
        this.next();
        const ty = this.expectIdent();
        const type = DATATABLE_TYPES[ty.text.toLowerCase()];
        if (!type)
          this.fail(
            ty,
            `Query could not be parsed at '${ty.text}': unknown column type (use ${Object.keys(DATATABLE_TYPES).join(', ')})`,
          );
        columns.push({ name, type });
      } while (this.isOp(','));
    }
    this.expectOp(')');
    if (columns.length === 0) this.fail(t, 'datatable needs at least one column');
    this.expectOp('[');
    const values: Expr[] = [];
    if (!this.isOp(']')) {
      do {
        if (values.length) this.next();
        if (this.isOp(']')) break; // a trailing comma is allowed
        values.push(this.expr());
      } while (this.isOp(','));
    }
    this.expectOp(']');
    if (values.length % columns.length !== 0)
      this.fail(
        t,
        `datatable has ${columns.length} column(s) but ${values.length} value(s): the values must fill whole rows`,
      );
    const rows: unknown[][] = [];
    for (let i = 0; i < values.length; i += columns.length)
      rows.push(values.slice(i, i + columns.length).map((v) => this.constant(v, t)));
    return { k: 'datatable', columns, rows, tok: t };
  }

  /** datatable values must be constants (Kusto rejects column references there). */
  private constant(e: Expr, t: Token): unknown {
    if (e.k === 'lit') return e.value;
    if (e.k === 'neg' && e.e.k === 'lit' && typeof e.e.value === 'number') return -e.e.value;
    if (e.k === 'neg' && e.e.k === 'lit' && e.e.type === 'timespan')
      return { timespanMs: -(e.e.value as { timespanMs: number }).timespanMs };
    if (e.k === 'ref' && e.name.toLowerCase() === 'null') return null;
    return this.fail(e.k === 'ref' || e.k === 'call' || e.k === 'bin' ? e.tok : t, 'datatable values must be literals');
  }

  /** `union [kind=outer] [isfuzzy=true] T1, (T2 | where …), …` */
  private union(t: Token): Source {
    while (this.peek().kind === 'ident' && this.isOp('=', 1)) {
      const opt = this.next().text.toLowerCase();
      this.next();
      const v = this.next();
      if (opt !== 'kind' && opt !== 'isfuzzy' && opt !== 'withsource')
        this.fail(v, `union option '${opt}' is not supported by the practice tenant`);
      if (opt === 'kind' && v.text.toLowerCase() !== 'outer')
        this.fail(v, `union kind=${v.text} is not supported by the practice tenant (only outer)`);
      if (opt === 'withsource') this.fail(v, 'union withsource= is not supported by the practice tenant');
    }
    const parts: Pipeline[] = [];
    do {
      if (parts.length) this.next();
      if (this.isOp('(')) {
        this.next();
        parts.push(this.pipeline());
        this.expectOp(')');
      } else parts.push({ source: this.source(), ops: [] });
    } while (this.isOp(','));
    return { k: 'union', parts, tok: t };
  }

  private operator(): Op {
    const t = this.next();
    const w = t.kind === 'ident' ? t.text.toLowerCase() : '';
    switch (w) {
      case 'where':
      case 'filter':
        return { op: 'where', pred: this.expr() };
      case 'project':
        return { op: 'project', items: this.namedList() };
      case 'project-away':
        return { op: 'project-away', cols: this.nameList() };
      case 'extend':
        return { op: 'extend', items: this.namedList() };
      case 'summarize': {
        const aggs = this.isWord('by') ? [] : this.namedList();
        let by: NamedExpr[] = [];
        if (this.isWord('by')) {
          this.next();
          by = this.namedList();
        }
        if (aggs.length === 0 && by.length === 0) this.fail(this.peek());
        return { op: 'summarize', aggs, by };
      }
      case 'order':
      case 'sort': {
        const b = this.next();
        if (b.kind !== 'ident' || b.text.toLowerCase() !== 'by')
          this.fail(b, `Query could not be parsed at '${b.text}' (expected 'by')`);
        const keys = [this.sortKey()];
        while (this.isOp(',')) {
          this.next();
          keys.push(this.sortKey());
        }
        return { op: 'order', keys };
      }
      case 'take':
      case 'limit': {
        const n = this.next();
        if (n.kind !== 'number') this.fail(n, `Query could not be parsed at '${n.text}' (expected a row count)`);
        return { op: 'take', n: Number(n.value) };
      }
      case 'top': {
        const n = this.next();
        if (n.kind !== 'number') this.fail(n, `Query could not be parsed at '${n.text}' (expected a row count)`);
        const b = this.next();
        if (b.kind !== 'ident' || b.text.toLowerCase() !== 'by')
          this.fail(b, `Query could not be parsed at '${b.text}' (expected 'by')`);
        return { op: 'top', n: Number(n.value), key: this.sortKey() };
      }
      case 'mv-expand': {
        if (this.peek().kind === 'ident' && this.isOp('=', 1)) {
          const name = this.next().text;
          this.next();
          return { op: 'mv-expand', name, expr: this.expr() };
        }
        return { op: 'mv-expand', expr: this.expr() };
      }
      case 'count':
        return { op: 'count' };
      case 'distinct':
        return { op: 'distinct', cols: this.nameList() };
      default:
        this.fail(
          t,
          `Query could not be parsed at '${t.text}': the practice tenant supports only these operators: ${SUPPORTED_OPS}`,
        );
    }
  }

  private sortKey(): { expr: Expr; desc: boolean } {
    const expr = this.expr();
    let desc = true; // KQL's default sort order is descending
    if (this.isWord('asc')) {
      this.next();
      desc = false;
    } else if (this.isWord('desc')) this.next();
    if (this.isWord('nulls')) {
      this.next();
      this.expectIdent();
    }
    return { expr, desc };
  }

  private nameList(): string[] {
    const out = [this.expectIdent().text];
    while (this.isOp(',')) {
      this.next();
      out.push(this.expectIdent().text);
    }
    return out;
  }

  private namedList(): NamedExpr[] {
    const out = [this.named()];
    while (this.isOp(',')) {
      this.next();
      out.push(this.named());
    }
    return out;
  }

  private named(): NamedExpr {
    if (this.peek().kind === 'ident' && this.isOp('=', 1)) {
      const name = this.next().text;
      this.next();
      return { name, expr: this.expr() };
    }
    return { expr: this.expr() };
  }

  // precedence: or < and < comparison < additive < multiplicative < unary < postfix
  expr(): Expr {
    let l = this.andExpr();
    while (this.isWord('or')) {
      const tok = this.next();
      l = { k: 'bin', op: 'or', l, r: this.andExpr(), tok };
    }
    return l;
  }
  private andExpr(): Expr {
    let l = this.cmpExpr();
    while (this.isWord('and')) {
      const tok = this.next();
      l = { k: 'bin', op: 'and', l, r: this.cmpExpr(), tok };
    }
    return l;
  }
  private cmpExpr(): Expr {
    const l = this.addExpr();
    const t = this.peek();
    if (t.kind === 'op' && COMPARE.has(t.text)) {
      this.next();
      return { k: 'bin', op: t.text, l, r: this.addExpr(), tok: t };
    }
    if (t.kind === 'ident') {
      const w = t.text.toLowerCase();
      if (STRING_OPS.has(w)) {
        this.next();
        return { k: 'bin', op: w, l, r: this.addExpr(), tok: t };
      }
      if (w === 'in' || w === '!in' || w === 'in~' || w === '!in~') {
        this.next();
        this.expectOp('(');
        const list: Expr[] = [];
        if (!this.isOp(')')) {
          list.push(this.expr());
          while (this.isOp(',')) {
            this.next();
            list.push(this.expr());
          }
        }
        this.expectOp(')');
        return { k: 'in', op: w, l, list };
      }
      if (w === 'between' || w === '!between' || w === 'matches' || w === 'has_any' || w === 'has_all')
        this.fail(
          t,
          `Query could not be parsed at '${t.text}': operator '${t.text}' is not supported by the practice tenant`,
        );
    }
    return l;
  }
  private addExpr(): Expr {
    let l = this.mulExpr();
    while (this.isOp('+') || this.isOp('-')) {
      const tok = this.next();
      l = { k: 'bin', op: tok.text, l, r: this.mulExpr(), tok };
    }
    return l;
  }
  private mulExpr(): Expr {
    let l = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const tok = this.next();
      l = { k: 'bin', op: tok.text, l, r: this.unary(), tok };
    }
    return l;
  }
  private unary(): Expr {
    if (this.isOp('-')) {
      this.next();
      return { k: 'neg', e: this.unary() };
    }
    return this.postfix(this.primary());
  }
  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const n = this.next();
        if (n.kind !== 'ident' && n.kind !== 'string') this.fail(n);
        e = { k: 'prop', obj: e, name: n.kind === 'string' ? String(n.value) : n.text };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.expr();
        this.expectOp(']');
        e = { k: 'index', obj: e, index };
      } else return e;
    }
  }
  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { k: 'lit', value: t.value, type: 'string' };
      case 'number':
        return { k: 'lit', value: t.value, type: String(t.text).includes('.') ? 'real' : 'long' };
      case 'timespan':
        return { k: 'lit', value: { timespanMs: t.value }, type: 'timespan' };
      case 'dynamic':
        return { k: 'lit', value: t.value, type: 'dynamic' };
      case 'op':
        if (t.text === '(') {
          const e = this.expr();
          this.expectOp(')');
          return e;
        }
        return this.fail(t);
      case 'ident': {
        const w = t.text.toLowerCase();
        if (w === 'true' || w === 'false') return { k: 'lit', value: w === 'true', type: 'bool' };
        if (this.isOp('(')) {
          this.next();
          if (w === 'datetime') return this.datetimeLiteral(t);
          const args: Expr[] = [];
          let star = false;
          if (!this.isOp(')')) {
            do {
              if (args.length || star) this.next();
              if (this.isOp('*')) {
                this.next();
                star = true;
              } else args.push(this.expr());
            } while (this.isOp(','));
          }
          this.expectOp(')');
          return { k: 'call', name: w, args, tok: t, star };
        }
        return { k: 'ref', name: t.text, tok: t };
      }
      default:
        return this.fail(t);
    }
  }
  private datetimeLiteral(t: Token): Expr {
    // datetime(2026-01-31T10:00:00Z) is written unquoted in KQL: read raw tokens up to ')'
    let raw = '';
    while (!this.isOp(')')) {
      const n = this.next();
      if (n.kind === 'eof') this.fail(n);
      raw += n.kind === 'string' ? String(n.value) : n.text;
    }
    this.next();
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) this.fail(t, `Query could not be parsed at 'datetime(${raw})': not a valid datetime`);
    return { k: 'lit', value: new Date(ms), type: 'datetime' };
  }
}
