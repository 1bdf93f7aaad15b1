/**
 * Run directories: `<state>/runs/<runId>/` holding journal.jsonl (the truth)
 * and runbook.md (the runbook text as it was when the run began, so resume
 * can tell what changed). Everything about a run is read from its journal.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../journal/journal.js';
import type { JournalData, JournalRecord } from '../core/journal-types.js';
import { ensureDir, runsDir } from './paths.js';
import { compareText } from '../util/collate.js';

export const JOURNAL_FILE = 'journal.jsonl';
export const RUNBOOK_COPY = 'runbook.md';
/** A practice run's tenant, saved after every change so `resume` continues against it (src/practice/world/persist.ts). */
export const PRACTICE_TENANT_FILE = 'practice-tenant.json';

/** Where a run's folder is (or will be, for a run id chosen before it starts). */
export function runDirOf(stateDir: string, runId: string): string {
  return join(runsDir(stateDir), runId);
}

export function journalPath(runDir: string): string {
  return join(runDir, JOURNAL_FILE);
}

/** Sortable, readable and unique: 20250114-093012-quarterly-validation-3f9a. */
export function newRunId(runbookId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = runbookId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 40);
  return `${stamp}-${slug}-${randomBytes(2).toString('hex')}`;
}

export function createRunDir(stateDir: string, runId: string, runbookText: string): string {
  const dir = join(ensureDir(runsDir(stateDir)), runId);
  ensureDir(dir);
  writeFileSync(join(dir, RUNBOOK_COPY), runbookText, { mode: 0o600, flag: 'wx' });
  return dir;
}

export interface RunInfo {
  runId: string;
  runDir: string;
  runbookId: string;
  runbookTitle: string;
  runbookPath: string;
  tenantLabel: string;
  practice: boolean;
  startedAt: string;
  lastActivity: string;
  /** Instance id of the step in progress (started, not finished), or the last finished one. */
  currentStep?: string;
  finished?: JournalData['run-finished'];
  /** The journal does not verify (tampered) — shown, never resumed. */
  problem?: string;
}

export function readRunInfo(runDir: string, runId: string): RunInfo | undefined {
  const path = journalPath(runDir);
  if (!existsSync(path)) return undefined;
  const read = readJournal(path);
  const first = read.records[0] as JournalRecord<'run-started'> | undefined;
  if (!first || first.type !== 'run-started') return undefined;
  let current: string | undefined;
  let finished: RunInfo['finished'];
  for (const r of read.records) {
    if (r.type === 'step-started') current = (r.data as JournalData['step-started']).instanceId;
    if (r.type === 'run-finished') finished = r.data as JournalData['run-finished'];
  }
  const info: RunInfo = {
    runId,
    runDir,
    runbookId: first.data.run.runbookId,
    runbookTitle: first.data.run.runbookTitle,
    runbookPath: first.data.runbookPath,
    tenantLabel: first.data.tenant.label,
    practice: first.data.tenant.mode === 'practice',
    startedAt: first.ts,
    // The file's time, not the record's: a practice run at --time-scale journals simulated time.
    lastActivity: statSync(path).mtime.toISOString(),
  };
  if (current) info.currentStep = current;
  if (finished) info.finished = finished;
  if (!read.valid) info.problem = read.problems[0]?.message ?? 'journal does not verify';
  return info;
}

export function listRuns(stateDir: string): RunInfo[] {
  const dir = runsDir(stateDir);
  if (!existsSync(dir)) return [];
  const out: RunInfo[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (!ent.isDirectory()) continue;
    const info = readRunInfo(join(dir, ent.name), ent.name);
    if (info) out.push(info);
  }
  return out.sort((a, b) => compareText(b.lastActivity, a.lastActivity));
}

/** Runs without a run-finished record, most recent first. */
export function listUnfinishedRuns(stateDir: string): RunInfo[] {
  return listRuns(stateDir).filter((r) => !r.finished);
}

/** Finds a run by full id or unique prefix. */
export function findRun(stateDir: string, idOrPrefix: string): RunInfo | { error: string } {
  const all = listRuns(stateDir);
  const exact = all.find((r) => r.runId === idOrPrefix);
  if (exact) return exact;
  const matches = all.filter((r) => r.runId.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return { error: `no run "${idOrPrefix}" in ${runsDir(stateDir)}` };
  return { error: `"${idOrPrefix}" matches ${matches.length} runs: ${matches.map((m) => m.runId).join(', ')}` };
}
