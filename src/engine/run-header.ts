/** The run-started record of a run dir (tenant, inputs, runbook sha) without replaying the whole run. */
import { readJournal } from '../journal/journal.js';
import type { JournalData } from '../core/journal-types.js';
import { journalPath } from '../state/runs.js';

export function readRunHeader(runDir: string): JournalData['run-started'] {
  const first = readJournal(journalPath(runDir)).records[0];
  if (!first || first.type !== 'run-started') throw new Error(`${runDir} has no run journal`);
  return first.data as JournalData['run-started'];
}
