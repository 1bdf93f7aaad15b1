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

const WORD_UNITS: [RegExp, 'W' | 'D' | 'H' | 'M' | 'S'][] = [
  [/^(?:w|wk|wks|weeks?)$/, 'W'],
  [/^(?:d|days?)$/, 'D'],
  [/^(?:h|hr|hrs|hours?)$/, 'H'],
  [/^(?:m|min|mins|minutes?)$/, 'M'],
  [/^(?:s|sec|secs|seconds?)$/, 'S'],
];

/**
 * A length of time typed as a person says it ("15 minutes", "1 hour 30 minutes", "90 days",
 * "2h 30m") as the ISO-8601 duration the runbook uses ("PT15M", "PT1H30M", "P90D"); weeks become
 * days, so the result has only the day/time part every reader of it accepts. Undefined when the
 * text is not such a length (an ISO duration is left to the caller).
 */
export function durationFromWords(text: string): string | undefined {
  const said = text.trim().toLowerCase();
  if (/[^a-z0-9\s,]/.test(said)) return undefined;
  const tokens = said.replace(/,|\band\b/g, ' ').match(/\d+|[a-z]+/g);
  if (!tokens || tokens.length < 2 || tokens.length % 2) return undefined;
  const n = { D: 0, H: 0, M: 0, S: 0 };
  for (let i = 0; i < tokens.length; i += 2) {
    const [num, word] = [tokens[i]!, tokens[i + 1]!];
    if (!/^\d+$/.test(num)) return undefined;
    const unit = WORD_UNITS.find(([re]) => re.test(word))?.[1];
    if (!unit) return undefined;
    if (unit === 'W') n.D += 7 * Number(num);
    else n[unit] += Number(num);
  }
  const time = `${n.H ? `${n.H}H` : ''}${n.M ? `${n.M}M` : ''}${n.S ? `${n.S}S` : ''}`;
  const iso = `P${n.D ? `${n.D}D` : ''}${time ? `T${time}` : ''}`;
  return iso === 'P' ? 'PT0S' : iso;
}
