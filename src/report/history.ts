/**
 * Past reports: every <stateDir>/runs/<runId>/report.dsse.json, checked with
 * the same verifier against the state dir's trust anchors (`breakglass keys
 * trust`) and the run's journal, the next due date from the runbook's
 * cadence, and the alert-latency trend across drills.
 * A practice run never makes a live drill "done": next-due counts only
 * valid, completed, live runs signed by trusted keys, and not one that passed
 * only because a critical failure was overridden.
 */
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareText } from '../util/collate.js';
import { addCadence } from './cadence.js';
import type { Report } from './model.js';
import type { TrendPoint } from './trend.js';
import type { PinnedKey } from './verify.js';

export interface HistoryEntry {
  runDir: string;
  runId: string;
  runbookId: string;
  runbookTitle: string;
  at: string;
  result: Report['result'] | 'unreadable';
  practice: boolean;
  tenant: string;
  tenantId?: string;
  initialDomain?: string;
  signedBy: string[];
  missingRoles: string[];
  /**
   * intact = signatures (by trusted keys) and journal check out; incomplete = missing signers;
   * untrusted = signed, but not by keys in the trusted-keys file; invalid = altered.
   */
  check: 'intact' | 'incomplete' | 'untrusted' | 'invalid';
  /** A step that failed was overridden, and the failure was (or may have been) critical. */
  criticalOverride?: boolean;
  problem?: string;
  cadence?: string;
  alertLatencyMs?: number;
}

export async function listReports(
  stateDir: string,
  filter: { tenant?: string; runbook?: string } = {},
  /** Keys given on the command line (--pubkey): trusted for any role, like `verify --pubkey`. */
  pubkeys: PinnedKey[] = [],
): Promise<HistoryEntry[]> {
  const runs = join(stateDir, 'runs');
  let names: string[];
  try {
    names = await readdir(runs);
  } catch {
    return [];
  }
  // Runs with a report; an unfinished run has none (`breakglass resume` lists those).
  const withReport = (
    await Promise.all(
      names.map((name) =>
        access(join(runs, name, 'report.dsse.json')).then(
          () => name,
          () => undefined,
        ),
      ),
    )
  ).filter((n): n is string => n !== undefined);
  if (!withReport.length) return [];
  // The verifier (and the report schemas) load only when there is a report to verify: the home screen waits for this.
  const [{ loadTrustAnchors }, { verifyFile }] = await Promise.all([import('./trust.js'), import('./verify.js')]);
  const anchors = await loadTrustAnchors(stateDir);
  const out: HistoryEntry[] = [];
  for (const name of withReport) {
    const runDir = join(runs, name);
    const envPath = join(runDir, 'report.dsse.json');
    let v;
    try {
      v = await verifyFile(envPath, { runDir, anchors, pubkeys });
    } catch {
      continue; // the report went away since it was listed
    }
    const r = v.statement?.predicate;
    if (!r) {
      out.push({
        runDir,
        runId: name,
        runbookId: '?',
        runbookTitle: '?',
        at: '',
        result: 'unreadable',
        practice: false,
        tenant: '?',
        signedBy: [],
        missingRoles: [],
        check: 'invalid',
        problem: v.problems[0],
      });
      continue;
    }
    const lat = r.measurements.find((m) => m.name === 'alertLatencyMs' && typeof m.value === 'number');
    const e: HistoryEntry = {
      runDir,
      runId: r.runId,
      runbookId: r.runbook.id,
      runbookTitle: r.runbook.title,
      at: r.finishedAt ?? r.startedAt,
      result: r.result,
      practice: v.practice,
      tenant: r.tenant.label,
      signedBy: v.slots.filter((s) => s.signed).map((s) => `${s.role} ${s.name}`),
      missingRoles: v.missingRoles,
      check:
        v.untrusted && v.problems.length === 1
          ? 'untrusted'
          : !v.valid
            ? 'invalid'
            : v.complete
              ? 'intact'
              : 'incomplete',
      ...(criticalOverride(r) ? { criticalOverride: true } : {}),
      ...(v.problems[0] ? { problem: v.problems[0] } : {}),
      ...(r.tenant.tenantId ? { tenantId: r.tenant.tenantId } : {}),
      ...(r.tenant.initialDomain ? { initialDomain: r.tenant.initialDomain } : {}),
      ...(r.runbook.cadence ? { cadence: r.runbook.cadence } : {}),
      ...(lat ? { alertLatencyMs: lat.value as number } : {}),
    };
    if (filter.runbook && e.runbookId !== filter.runbook) continue;
    if (filter.tenant) {
      const t = filter.tenant.toLowerCase();
      if (![e.tenantId, e.initialDomain, e.tenant].some((x) => x && x.toLowerCase().includes(t))) continue;
    }
    out.push(e);
  }
  return out.sort((a, b) => compareText(a.at, b.at));
}

/**
 * Whether an overridden step may have hidden a critical failure. Fails closed:
 * an override counts as harmless only when the step's failures are all checks
 * of lower severity; an overridden action, query or manual step (no severity) counts as critical.
 */
export function criticalOverride(r: Report): boolean {
  return r.steps.some((s) => {
    if (s.status !== 'overridden') return false;
    const failing = s.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'error');
    return failing.length === 0 || failing.some((c) => c.severity === 'critical');
  });
}

/** Counts toward "done": only intact (fully signed by trusted keys), live, completed, not failed, no critical failure overridden. */
export function countsAsDone(e: HistoryEntry): boolean {
  return (
    !e.practice &&
    e.check === 'intact' &&
    (e.result === 'passed' ||
      e.result === 'passed-with-warnings' ||
      (e.result === 'passed-with-overrides' && !e.criticalOverride))
  );
}

export interface DueInfo {
  runbookId: string;
  cadence?: string;
  lastDone?: string;
  /** undefined: never done live (due now); null: the runbook has no cadence. */
  nextDue: string | null | undefined;
}

export function dueDates(entries: HistoryEntry[]): DueInfo[] {
  const byRunbook = new Map<string, HistoryEntry[]>();
  for (const e of entries)
    if (e.result !== 'unreadable') byRunbook.set(e.runbookId, [...(byRunbook.get(e.runbookId) ?? []), e]);
  return [...byRunbook].map(([runbookId, list]) => {
    const cadence = list
      .map((e) => e.cadence)
      .filter(Boolean)
      .pop();
    const done = list.filter(countsAsDone).pop();
    if (!cadence) return { runbookId, nextDue: null, ...(done ? { lastDone: done.at } : {}) };
    const next = done ? addCadence(new Date(done.at), cadence) : undefined;
    return {
      runbookId,
      cadence,
      ...(done ? { lastDone: done.at } : {}),
      nextDue: next ? next.toISOString() : undefined,
    };
  });
}

export function latencyTrend(entries: HistoryEntry[], runbookId?: string): TrendPoint[] {
  return entries
    .filter((e) => e.result !== 'unreadable' && (!runbookId || e.runbookId === runbookId) && e.check !== 'invalid')
    .filter((e) => e.alertLatencyMs !== undefined || e.runbookId === runbookId)
    .map((e) => ({ at: e.at, ms: e.alertLatencyMs ?? null, ...(e.practice ? { label: 'practice' } : {}) }));
}

/** For the home screen: the latest run of each runbook, whether it is signed, and when the next one is due. */
export async function lastRuns(stateDir: string): Promise<
  {
    runbookId: string;
    at: string;
    result: string;
    signed: boolean;
    nextDue: string | null;
    dueState: 'scheduled' | 'never-done-live' | 'no-cadence';
    practice: boolean;
    runDir: string;
  }[]
> {
  const entries = await listReports(stateDir);
  const due = new Map(dueDates(entries).map((d) => [d.runbookId, d]));
  const latest = new Map<string, HistoryEntry>();
  for (const e of entries) if (e.result !== 'unreadable') latest.set(e.runbookId, e);
  return [...latest.values()].map((e) => {
    const d = due.get(e.runbookId);
    return {
      runbookId: e.runbookId,
      at: e.at,
      result: e.result,
      signed: e.check === 'intact',
      // null when never done live with a cadence: due now. A runbook without cadence: null as well (not scheduled).
      nextDue: d?.nextDue ?? null,
      dueState: d?.nextDue
        ? ('scheduled' as const)
        : d?.nextDue === null
          ? ('no-cadence' as const)
          : ('never-done-live' as const),
      practice: e.practice,
      runDir: e.runDir,
    };
  });
}
