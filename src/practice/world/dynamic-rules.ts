/**
 * Dynamic membership rules (groupTypes DynamicMembership): a parser and
 * evaluator for the common user-rule subset —
 *   user.<property> -eq | -ne | -startsWith | -notStartsWith | -contains |
 *   -notContains | -in | -notIn <value>, combined with -and / -or / -not and
 *   parentheses; values "string", true, false, null, ["a","b"].
 * A dynamic rule can break or be edited to silently empty (or balloon) the
 * group: the practice tenant evaluates rules so that
 * failure mode can be rehearsed. Rules outside the subset are refused with
 * Graph's 400, never guessed.
 */
import { badRequest } from './errors.js';
import type { UserRec } from './state.js';

type Node =
  | { k: 'and' | 'or'; l: Node; r: Node }
  | { k: 'not'; e: Node }
  | { k: 'cmp'; prop: string; op: string; value: unknown };

const OPS = new Set(['-eq', '-ne', '-startswith', '-notstartswith', '-contains', '-notcontains', '-in', '-notin']);
const PROPS: Record<string, (u: UserRec) => unknown> = {
  usertype: (u) => u.userType,
  userprincipalname: (u) => u.userPrincipalName,
  displayname: (u) => u.displayName,
  mailnickname: (u) => u.mailNickname,
  accountenabled: (u) => u.accountEnabled,
  usagelocation: (u) => u.usageLocation,
  onpremisessyncenabled: (u) => u.onPremisesSyncEnabled,
  objectid: (u) => u.id,
};

function invalid(rule: string, detail: string): Error {
  return badRequest(
    `Invalid membershipRule '${rule}': ${detail}. The practice tenant supports user.<property> with -eq -ne -startsWith -notStartsWith -contains -notContains -in -notIn, joined by -and/-or/-not.`,
  );
}

function tokenize(rule: string): string[] {
  const toks: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\(|\)|-[A-Za-z]+|[A-Za-z_][\w.]*)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(rule))) {
    toks.push(m[1]!);
    last = re.lastIndex;
  }
  if (rule.slice(last).trim()) throw invalid(rule, `cannot read '${rule.slice(last).trim()}'`);
  return toks;
}

export function parseRule(rule: string): Node {
  const toks = tokenize(rule);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const orExpr = (): Node => {
    let l = andExpr();
    while (peek()?.toLowerCase() === '-or') {
      i++;
      l = { k: 'or', l, r: andExpr() };
    }
    return l;
  };
  const andExpr = (): Node => {
    let l = unary();
    while (peek()?.toLowerCase() === '-and') {
      i++;
      l = { k: 'and', l, r: unary() };
    }
    return l;
  };
  const unary = (): Node => {
    if (peek()?.toLowerCase() === '-not') {
      i++;
      return { k: 'not', e: unary() };
    }
    if (peek() === '(') {
      i++;
      const e = orExpr();
      if (toks[i++] !== ')') throw invalid(rule, 'missing )');
      return e;
    }
    const prop = toks[i++];
    if (!prop || !/^user\.\w+$/i.test(prop))
      throw invalid(rule, `expected user.<property>, got '${prop ?? 'end of rule'}'`);
    const name = prop.slice(5).toLowerCase();
    if (!PROPS[name]) throw invalid(rule, `unsupported property '${prop}'`);
    const op = toks[i++]?.toLowerCase();
    if (!op || !OPS.has(op)) throw invalid(rule, `unsupported operator '${op ?? 'end of rule'}'`);
    const raw = toks[i++];
    if (raw === undefined) throw invalid(rule, 'missing value');
    let value: unknown;
    if (raw.startsWith('"')) value = JSON.parse(raw);
    else if (raw.startsWith('[')) {
      try {
        value = JSON.parse(raw);
      } catch {
        throw invalid(rule, `bad list ${raw}`);
      }
    } else if (/^(true|false|null)$/i.test(raw)) value = JSON.parse(raw.toLowerCase());
    else throw invalid(rule, `unquoted value '${raw}'`);
    return { k: 'cmp', prop: name, op, value };
  };
  const node = orExpr();
  if (i !== toks.length) throw invalid(rule, `unexpected '${toks[i]}'`);
  return node;
}

const lower = (v: unknown): string => (v === null || v === undefined ? '' : String(v).toLowerCase());

export function evalRule(n: Node, u: UserRec): boolean {
  switch (n.k) {
    case 'and':
      return evalRule(n.l, u) && evalRule(n.r, u);
    case 'or':
      return evalRule(n.l, u) || evalRule(n.r, u);
    case 'not':
      return !evalRule(n.e, u);
    case 'cmp': {
      const v = PROPS[n.prop]!(u);
      switch (n.op) {
        case '-eq':
          return typeof n.value === 'string' ? lower(v) === n.value.toLowerCase() : v === n.value;
        case '-ne':
          return typeof n.value === 'string' ? lower(v) !== n.value.toLowerCase() : v !== n.value;
        case '-startswith':
          return lower(v).startsWith(lower(n.value));
        case '-notstartswith':
          return !lower(v).startsWith(lower(n.value));
        case '-contains':
          return lower(v).includes(lower(n.value));
        case '-notcontains':
          return !lower(v).includes(lower(n.value));
        case '-in':
          return Array.isArray(n.value) && n.value.some((x) => lower(x) === lower(v));
        case '-notin':
          return Array.isArray(n.value) && !n.value.some((x) => lower(x) === lower(v));
      }
      return false;
    }
  }
}
