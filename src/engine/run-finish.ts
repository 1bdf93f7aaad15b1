/**
 * The end of a run: `run-finished` is journaled and the journal closed, secrets leave memory, then the
 * caller's report writer runs (its failure is told, not fatal: the journal is complete and `verify` can
 * rebuild the report) and the front end hears how it ended and where the report is.
 */
import type { Signer } from '../core/step.js';
import type { EngineEvent, ReportVerdict } from '../core/events.js';
import type { JournalData } from '../core/journal-types.js';
import type { JournalWriter } from '../journal/journal.js';
import { describeError, type RunCore } from './run-core.js';
import type { RunOutcome } from './run-options.js';
import type { MemoryVault } from './vault.js';

export async function finishRun(
  run: RunCore,
  journal: JournalWriter,
  vault: MemoryVault,
  signers: Signer[],
  status: 'completed' | 'aborted',
  reason?: string,
): Promise<RunOutcome> {
  const runId = run.header.run.runId;
  const data: JournalData['run-finished'] = { status };
  if (reason) data.reason = reason;
  run.write('run-finished', data);
  journal.close();
  vault.clear();
  let reportPath: string | undefined;
  let verdict: ReportVerdict | undefined;
  if (run.opts.onFinished) {
    try {
      const written = await run.opts.onFinished({
        runId,
        runDir: run.runDir,
        status,
        signers,
        practice: run.practice,
      });
      if (typeof written === 'string') reportPath = written;
      else if (written) ({ reportPath, verdict } = written);
    } catch (err) {
      run.emit({
        type: 'notice',
        level: 'error',
        message: `The report could not be written: ${describeError(err)}. The journal is complete; \`breakglass verify\` can rebuild it.`,
      });
    }
  }
  const ev: EngineEvent = { type: 'run-finished', status, runDir: run.runDir };
  if (reportPath) ev.reportPath = reportPath;
  if (verdict) ev.report = verdict;
  if (reason) ev.reason = reason;
  run.emit(ev);
  const out: RunOutcome = { status, runId, runDir: run.runDir, signers };
  if (reason) out.reason = reason;
  if (reportPath) out.reportPath = reportPath;
  return out;
}
