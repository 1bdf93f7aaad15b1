/**
 * Runbook cadence (ISO-8601 duration, e.g. P90D, P3M, P1Y) → next due date.
 * Calendar arithmetic for years/months/weeks/days (a quarter is P3M, not 90
 * days), fixed for hours/minutes/seconds.
 */
const RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function addCadence(from: Date, cadence: string): Date | undefined {
  const m = RE.exec(cadence.trim());
  if (!m || cadence.trim() === 'P' || cadence.trim().endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((x): number => (x === undefined ? 0 : Number(x)));
  const out = new Date(from.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + y!, out.getUTCMonth() + mo!, out.getUTCDate() + w! * 7 + d!);
  out.setTime(out.getTime() + (h! * 3600 + mi! * 60 + s!) * 1000);
  return out;
}

/** "in 12 days", "today", "3 days overdue". */
export function dueText(due: Date, now: Date): string {
  const days = Math.floor((due.getTime() - now.getTime()) / 86_400_000);
  if (due.getTime() < now.getTime()) {
    const over = Math.ceil((now.getTime() - due.getTime()) / 86_400_000);
    return over <= 1 ? 'OVERDUE' : `OVERDUE by ${over} days`;
  }
  return days === 0 ? 'due today' : days === 1 ? 'in 1 day' : `in ${days} days`;
}
