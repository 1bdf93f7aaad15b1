/**
 * Just enough KQL reading to judge alert rules (BG-012, BG-016): which
 * tables a query reads, which string literals it compares against, and
 * whether it filters to successful (or failed) sign-ins only. Not a parser:
 * it errs towards reporting a problem, never towards silently passing.
 */

/** String literals: "x", 'x', @"x", @'x'. */
export function literals(query: string): string[] {
  const out: string[] = [];
  const re = /@?"((?:[^"\\]|\\.)*)"|@?'((?:[^'\\]|\\.)*)'/g;
  for (const m of query.matchAll(re)) out.push((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
  return out;
}

function stripComments(query: string): string {
  return query.replace(/\/\/[^\n]*/g, '');
}

export function readsTable(query: string, table: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${table}($|[^A-Za-z0-9_])`, 'i').test(stripComments(query));
}

export const SIGNIN_TABLES = ['SigninLogs', 'AADNonInteractiveUserSignInLogs'];

export function readsSignIns(query: string): boolean {
  return SIGNIN_TABLES.some((t) => readsTable(query, t));
}

/**
 * "successful sign-ins only" when the query keeps ResultType 0 (or
 * Status.errorCode 0); "failed sign-ins only" when it drops it. Either
 * misses half of what seed 003 §5 says must page.
 */
export function resultFilter(query: string): 'success-only' | 'failure-only' | undefined {
  const q = stripComments(query).replace(/\s+/g, ' ');
  const field = String.raw`(?:ResultType|(?:tostring\()?Status\.errorCode\)?|ErrorCode)`;
  const zero = String.raw`(?:0|"0"|'0')`;
  if (new RegExp(`${field}\\s*(?:==|=~)\\s*${zero}(?![0-9])`, 'i').test(q)) return 'success-only';
  if (new RegExp(`${field}\\s+in~?\\s*\\(\\s*${zero}\\s*\\)`, 'i').test(q)) return 'success-only';
  if (new RegExp(`${field}\\s*(?:!=|!~|<>)\\s*${zero}(?![0-9])`, 'i').test(q)) return 'failure-only';
  if (new RegExp(`${field}\\s*!in~?\\s*\\(\\s*${zero}\\s*\\)`, 'i').test(q)) return 'failure-only';
  if (new RegExp(`${field}\\s*>\\s*${zero}(?![0-9])`, 'i').test(q)) return 'failure-only';
  return undefined;
}

export type AccountMatch = { how: string; certain: boolean } | undefined;

const LIT = String.raw`@?"(?:[^"\\]|\\.)*"|@?'(?:[^'\\]|\\.)*'`;

function unquote(l: string): string {
  return l.replace(/^@/, '').slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * Does the query select this account? Each comparison is judged by its
 * operator: `startswith "bg-admin-"` matches bg-admin-01@…, `startswith
 * "admin-"` does not. `let` bindings of string literals (and dynamic([...])
 * lists) are followed. A Sentinel watchlist cannot be verified here.
 */
export function matchesAccount(query: string, upn: string, objectId?: string): AccountMatch {
  const q = stripComments(query);
  const u = upn.toLowerCase();
  const id = objectId?.toLowerCase();
  const lets = new Map<string, string[]>();
  for (const m of q.matchAll(
    new RegExp(String.raw`let\s+(\w+)\s*=\s*(${LIT}|dynamic\(\s*\[[^\]]*\]\s*\))\s*;`, 'gi'),
  )) {
    const v = m[2]!;
    lets.set(
      m[1]!,
      v.toLowerCase().startsWith('dynamic')
        ? [...v.matchAll(new RegExp(LIT, 'g'))].map((x) => unquote(x[0]))
        : [unquote(v)],
    );
  }
  const opRe = new RegExp(
    String.raw`(startswith_cs|startswith|hasprefix_cs|hasprefix|endswith_cs|endswith|contains_cs|contains|has_any|has_cs|has|in~|in|==|=~)\s*(\([^)]*\)|${LIT}|[A-Za-z_]\w*)`,
    'gi',
  );
  for (const m of q.matchAll(opRe)) {
    const op = m[1]!.toLowerCase().replace(/_cs$/, '');
    const operand = m[2]!;
    const values: string[] = [];
    const add = (tok: string): void => {
      if (/^@?["']/.test(tok)) values.push(unquote(tok));
      else values.push(...(lets.get(tok) ?? []));
    };
    if (operand.startsWith('('))
      for (const t of operand.slice(1, -1).matchAll(new RegExp(`${LIT}|[A-Za-z_]\\w*`, 'g'))) add(t[0]);
    else add(operand);
    for (const raw of values) {
      const v = raw.toLowerCase();
      if (!v) continue;
      const hit =
        op === 'startswith' || op === 'hasprefix'
          ? u.startsWith(v)
          : op === 'endswith'
            ? u.endsWith(v)
            : op === 'contains' || op === 'has' || op === 'has_any'
              ? u.includes(v) || (!!id && id === v)
              : u === v || (!!id && id === v);
      if (hit)
        return {
          how: v === u ? `names ${upn}` : v === id ? 'names the object id' : `matches ${op} "${raw}"`,
          certain: true,
        };
    }
  }
  const wl = /_GetWatchlist\(\s*['"]([^'"]+)['"]/i.exec(q);
  if (wl) return { how: `uses watchlist ${wl[1]} (contents not verified)`, certain: false };
  return undefined;
}

/** ISO-8601 duration (PT5M, PT1H, P1D) → minutes; undefined when unparseable. */
export function durationMinutes(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
    iso.trim(),
  );
  if (!m || iso.trim().toUpperCase() === 'P' || iso.trim().toUpperCase() === 'PT') return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0)) as [number, number, number, number];
  return d * 1440 + h * 60 + min + s / 60;
}
