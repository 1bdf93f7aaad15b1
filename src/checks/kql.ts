/**
 * Just enough KQL reading for the alert checks: which tables a query reads
 * (BG-012 probes those) and which string literals it compares against
 * (BG-016). Not a parser: BG-012 judges a rule by running it (./alert-probe.ts).
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
