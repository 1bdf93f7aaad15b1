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

/**
 * Does the query select this account? By UPN, object id, a prefix/substring
 * literal the UPN contains (e.g. `startswith "bg-admin-"`), or — unverifiable
 * here — a Sentinel watchlist.
 */
export function matchesAccount(query: string, upn: string, objectId?: string): AccountMatch {
  const q = stripComments(query);
  const lits = literals(q).map((l) => l.toLowerCase());
  const u = upn.toLowerCase();
  if (lits.includes(u)) return { how: `names ${upn}`, certain: true };
  if (objectId && lits.includes(objectId.toLowerCase())) return { how: `names the object id`, certain: true };
  const domain = u.split('@')[1] ?? '';
  const partial = lits.find((l) => l.length >= 4 && u.includes(l) && l !== domain && l !== `@${domain}`);
  if (partial) return { how: `matches "${partial}"`, certain: true };
  const wl = /_GetWatchlist\(\s*['"]([^'"]+)['"]/i.exec(q);
  if (wl) return { how: `uses watchlist ${wl[1]} (contents not verified)`, certain: false };
  return undefined;
}

/** ISO-8601 duration (PT5M, PT1H, P1D) → minutes; undefined when unparseable. */
export function durationMinutes(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(iso.trim());
  if (!m || iso.trim().toUpperCase() === 'P' || iso.trim().toUpperCase() === 'PT') return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0)) as [number, number, number, number];
  return d * 1440 + h * 60 + min + s / 60;
}
