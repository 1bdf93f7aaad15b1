/**
 * Simulated time. The practice tenant runs on a clock that can go faster
 * than real time (timeScale) so a 5-minute alert rule fires within seconds in
 * a test or a drill rehearsal, while every timestamp it hands out still looks
 * like real Entra time.
 */
export class SimClock {
  private readonly realStart: number;
  private readonly simStart: number;
  private offsetMs = 0;
  constructor(
    private readonly realNow: () => Date = () => new Date(),
    readonly timeScale = 1,
    simStart?: Date,
  ) {
    this.realStart = realNow().getTime();
    this.simStart = (simStart ?? realNow()).getTime();
  }
  nowMs(): number {
    return this.simStart + (this.realNow().getTime() - this.realStart) * this.timeScale + this.offsetMs;
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  /** Real (wall-clock) time, from the same source the simulated time is derived from. */
  realTime(): Date {
    return this.realNow();
  }
  iso(): string {
    return this.now().toISOString();
  }
  /** Jump simulated time forward (tests, "skip ahead" in drills). */
  advance(ms: number): void {
    if (ms < 0) throw new Error('time only moves forward');
    this.offsetMs += ms;
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Resolve a scenario TimeRef (`-30d`, `+2h`, `now`, ISO) against a base time. */
export function resolveTimeRef(ref: string, base: number): number {
  if (ref === 'now') return base;
  const m = /^([+-])(\d+(?:\.\d+)?)([smhd])$/.exec(ref);
  if (m) return base + (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT_MS[m[3]!]!;
  const t = Date.parse(ref);
  if (Number.isNaN(t)) throw new Error(`not a time: ${ref}`);
  return t;
}

/** ISO 8601 duration (PT5M, P1D, PT1H30M) → milliseconds; undefined if malformed. */
export function isoDurationMs(d: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m || d === 'P' || d === 'PT') return undefined;
  const [, D, H, M, S] = m;
  return (Number(D ?? 0) * 24 * 3600 + Number(H ?? 0) * 3600 + Number(M ?? 0) * 60 + Number(S ?? 0)) * 1000;
}
