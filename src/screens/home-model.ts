/**
 * What the home screen shows, computed from the runbook library, the report
 * history and the unfinished runs. Pure, so "which drill is overdue" is
 * tested without a terminal.
 */
import { compareText } from '../util/collate.js';
import { sanitize } from '../util/sanitize.js';

export interface LibraryEntry {
  id: string;
  title: string;
  version: string;
  cadence?: string;
  /** `setup` runbooks lead while the tenant has no break-glass set-up. */
  purpose?: string;
  path: string;
  source: 'shipped' | 'user';
  summary: string;
  diagnostics: { severity: 'error' | 'warning'; message: string; line: number; col: number }[];
  runbook?: { source: { sha256: string } };
}

export interface LastRun {
  runbookId: string;
  at: string;
  result: string;
  signed: boolean;
  nextDue: string | null;
  dueState: 'scheduled' | 'never-done-live' | 'no-cadence';
  practice: boolean;
}

export interface UnfinishedRun {
  runId: string;
  runbookTitle: string;
  tenantLabel: string;
  practice: boolean;
  startedAt: string;
  lastActivity: string;
  currentStep?: string;
  problem?: string;
}

export type DueState = 'overdue' | 'due-soon' | 'scheduled' | 'never-done-live' | 'no-cadence';

export interface HomeRunbook {
  id: string;
  title: string;
  version: string;
  path: string;
  source: 'shipped' | 'user';
  /** A set-up runbook offered first because the tenant has no break-glass set-up. */
  startHere?: boolean;
  sha256?: string;
  /** One line: why it cannot run (validation errors). */
  problem?: string;
  last?: { at: string; result: string; signed: boolean; practice: boolean };
  nextDue?: string;
  due: DueState;
}

export interface HomeModel {
  tenant: { label: string; practice: boolean };
  unfinished: UnfinishedRun[];
  runbooks: HomeRunbook[];
  /** No break-glass set-up found for this tenant: set-up runbooks lead, and the screen says why. */
  needsSetup: boolean;
}

/**
 * Whether this tenant already has a break-glass set-up, as far as breakglass
 * can tell without signing in: a practice scenario says so by declaring one
 * (`breakGlass:`); a live tenant has one once a set-up runbook completed on it
 * (its report is in the history). Drills rehearse a set-up, so without one
 * they are not what comes next.
 */
export function hasBreakGlassSetup(
  entries: Pick<LibraryEntry, 'id' | 'purpose'>[],
  lastRuns: Pick<LastRun, 'runbookId' | 'result' | 'practice'>[],
  tenant: { practice: boolean; scenarioDeclaresSetup?: boolean },
): boolean {
  if (tenant.practice) return tenant.scenarioDeclaresSetup === true;
  const setupIds = new Set(entries.filter((e) => e.purpose === 'setup').map((e) => e.id));
  return lastRuns.some((l) => !l.practice && setupIds.has(l.runbookId) && l.result.startsWith('passed'));
}

const SOON_MS = 14 * 86_400_000;

export function buildHomeModel(
  entries: LibraryEntry[],
  lastRuns: LastRun[],
  unfinished: UnfinishedRun[],
  tenant: { label: string; practice: boolean },
  now: Date,
  opts: { needsSetup?: boolean } = {},
): HomeModel {
  const needsSetup = opts.needsSetup === true;
  const byId = new Map(lastRuns.map((l) => [l.runbookId, l]));
  const runbooks = entries.map((e): HomeRunbook => {
    const l = byId.get(e.id);
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    let due: DueState;
    if (!e.cadence) due = 'no-cadence';
    else if (!l || l.dueState === 'never-done-live') due = 'never-done-live';
    else if (l.nextDue && Date.parse(l.nextDue) < now.getTime()) due = 'overdue';
    else if (l.nextDue && Date.parse(l.nextDue) - now.getTime() < SOON_MS) due = 'due-soon';
    else due = 'scheduled';
    return {
      id: e.id,
      title: e.title || e.id,
      version: e.version,
      path: e.path,
      source: e.source,
      ...(needsSetup && e.purpose === 'setup' ? { startHere: true } : {}),
      sha256: e.runbook?.source.sha256,
      problem: errors.length
        ? `${errors.length} error(s), e.g. line ${errors[0]!.line}: ${sanitize(errors[0]!.message, { max: 80 })}`
        : undefined,
      last: l ? { at: l.at, result: l.result, signed: l.signed, practice: l.practice } : undefined,
      nextDue: l?.nextDue ?? undefined,
      due,
    };
  });
  // What this tenant needs next: set-up first when it has none; then overdue, never done live, due soon,
  // scheduled, unscheduled; invalid last.
  const rank: Record<DueState, number> = {
    overdue: 0,
    'never-done-live': 1,
    'due-soon': 2,
    scheduled: 3,
    'no-cadence': 4,
  };
  runbooks.sort(
    (a, b) =>
      Number(Boolean(a.problem)) - Number(Boolean(b.problem)) ||
      Number(!a.startHere) - Number(!b.startHere) ||
      rank[a.due] - rank[b.due] ||
      compareText(a.title, b.title),
  );
  return { tenant, unfinished, runbooks, needsSetup };
}

export function dateOnly(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** The due state as words (never colour alone). */
export function dueWords(r: HomeRunbook): string {
  if (r.startHere) return 'START HERE — not set up yet';
  switch (r.due) {
    case 'overdue':
      return `OVERDUE since ${dateOnly(r.nextDue)}`;
    case 'never-done-live':
      return 'DUE — never done live';
    case 'due-soon':
      return `due ${dateOnly(r.nextDue)}`;
    case 'scheduled':
      return `next ${dateOnly(r.nextDue)}`;
    case 'no-cadence':
      return 'on demand';
  }
}

export function lastWords(r: HomeRunbook): string {
  if (!r.last) return 'never run';
  return `last ${dateOnly(r.last.at)} ${sanitize(r.last.result)}${r.last.signed ? ', signed' : ', NOT signed'}${r.last.practice ? ' (practice)' : ''}`;
}
