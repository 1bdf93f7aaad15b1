/**
 * An ISO-8601 duration (runbook `cadence: P90D`, `timeout: PT30M`) as words a person reads or a
 * screen reader says: "90 days", "1 hour 30 minutes". Returns the text unchanged when it is not a
 * duration this understands, so nothing is ever hidden.
 */
const RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;

export function durationWords(iso: string): string {
  const m = RE.exec(iso.trim());
  if (!m || iso.trim() === 'P' || iso.trim().endsWith('T')) return iso;
  const parts = UNITS.flatMap((unit, i) => {
    const n = m[i + 1];
    if (n === undefined || Number(n) === 0) return [];
    return [`${Number(n)} ${unit}${Number(n) === 1 ? '' : 's'}`];
  });
  return parts.length ? parts.join(' ') : '0 seconds';
}
