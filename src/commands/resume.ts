/**
 * `breakglass resume [run-id] [--plain] [--answers FILE] [--input name=value …] [--state-dir DIR]`
 *
 * Without an id: lists unfinished runs (runbook, started, current step).
 * With an id (or a unique prefix): continues that run from its journal. The
 * runbook is re-read from where it was; the copy kept in the run dir is the
 * "as it began" version, so a changed runbook is detected and explained,
 * and a deleted one does not strand the run. `--input name=value` corrects an
 * input for the steps still to run (journaled as a correction).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT } from '../core/exit-codes.js';
import type { Runbook } from '../core/runbook.js';
import type { DeviceCodeInfo } from '../core/tenant.js';
import { UsageError } from '../core/errors.js';
import { reportError } from './report-error.js';
import {
  connectRun,
  exitFor,
  resumeCommandFor,
  makeOperator,
  parseRunFlags,
  resolveRunTenant,
  sharedRunOptions,
  type Operator,
} from './run.js';

function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

export async function run(args: string[]): Promise<number> {
  let operator: Operator | undefined;
  let tenantConn: { close(): Promise<void> } | undefined;
  try {
    const flags = parseRunFlags(args, 'resume');
    const { resolveStateDir } = await import('../state/paths.js');
    const { findRun, listUnfinishedRuns, RUNBOOK_COPY } = await import('../state/runs.js');
    const stateDir = resolveStateDir(flags.stateDir);
    if (flags.positional.length === 0) {
      const runs = listUnfinishedRuns(stateDir);
      if (runs.length === 0) {
        process.stdout.write(`No unfinished runs in ${stateDir}.\n`);
        return EXIT.OK;
      }
      process.stdout.write(`Unfinished runs (most recent first):\n`);
      for (const r of runs) {
        process.stdout.write(
          `  ${r.runId}\n    ${r.runbookTitle} — ${r.practice ? (r.tenantLabel.startsWith('PRACTICE') ? '' : 'PRACTICE ') : 'LIVE '}${r.tenantLabel}\n    started ${r.startedAt} · last activity ${ago(r.lastActivity)} · at step ${r.currentStep ?? '(first)'}${r.problem ? `\n    ! journal does not verify: ${r.problem}` : ''}\n`,
        );
      }
      process.stdout.write(`Continue one with: ${resumeCommandFor(flags)('<run-id>')}\n`);
      return EXIT.OK;
    }
    if (flags.positional.length > 1) throw new UsageError('give one run id');
    if (flags.tenant || flags.scenario)
      throw new UsageError('a resumed run keeps the tenant it began with; --tenant/--scenario do not apply');
    const found = findRun(stateDir, flags.positional[0]!);
    if ('error' in found)
      throw new UsageError(`${found.error}. \`breakglass resume\` lists unfinished runs.`, EXIT.NO_INPUT);
    if (found.finished)
      throw new UsageError(
        `run ${found.runId} already finished (${found.finished.status}); nothing to resume`,
        EXIT.FAIL,
      );
    if (found.problem)
      throw new UsageError(
        `the journal of run ${found.runId} does not verify (${found.problem}); it cannot be resumed`,
        EXIT.FAIL,
      );

    const catalog = (await import('../steps/catalog.js')).builtInCatalog();
    const { parseRunbook, loadRunbook } = await import('../runbook/parse.js');
    const { readRunHeader } = await import('../engine/run-header.js');
    const header = readRunHeader(found.runDir);
    const copyText = await readFile(join(found.runDir, RUNBOOK_COPY), 'utf8');
    // The copy is, by construction, the runbook the run began with: label it with that sha.
    const original = parseRunbook(copyText, found.runbookPath, catalog, header.run.runbookSha256).runbook;
    const current = await loadRunbook(found.runbookPath, catalog);
    let runbook: Runbook | undefined = current.runbook;
    if (!runbook) {
      if (!original)
        throw new UsageError(`neither ${found.runbookPath} nor the run's copy of it can be parsed`, EXIT.FAIL);
      process.stderr.write(
        `note: ${found.runbookPath} cannot be loaded now (${current.diagnostics[0]?.message ?? 'unreadable'}); continuing with the copy kept in the run\n`,
      );
      runbook = original;
    }
    const tenant = header.tenant;
    // A resumed run keeps the tenant it began with; the rest of the configuration (client, flow…) resolves as for `run`.
    // A practice run keeps its time scale too, unless --time-scale says otherwise.
    const runFlags = {
      ...flags,
      tenant: tenant.mode === 'practice' ? 'practice' : (tenant.tenantId ?? tenant.label),
      ...(flags.timeScale === undefined && tenant.timeScale ? { timeScale: tenant.timeScale } : {}),
    };
    const { config } = await resolveRunTenant(runFlags, runbook);
    // The practice tenant comes back as the run left it (saved in the run folder), not freshly loaded.
    let showDeviceCode: ((info: DeviceCodeInfo) => void) | undefined;
    const conn = await connectRun(runFlags, runbook, catalog, {
      config,
      tenant,
      runDir: found.runDir,
      onDeviceCode: (info) => showDeviceCode?.(info),
    });
    tenantConn = conn;
    operator = await makeOperator(flags, tenant);
    const fe = operator.frontEnd;
    if (fe?.showDeviceCode) showDeviceCode = (info) => fe.showDeviceCode!(info);
    const { resumeRun } = await import('../engine/run.js');
    const outcome = await resumeRun(found.runDir, {
      runbook,
      ...(original ? { originalRunbook: original } : {}),
      // --input corrects an input (journaled; finished steps keep what they did) or is refused with why.
      ...(Object.keys(flags.inputs).length ? { corrections: flags.inputs } : {}),
      ...(await sharedRunOptions(conn, operator, stateDir, flags, runbook, catalog)),
    });
    await operator.close();
    operator = undefined;
    return exitFor(outcome, flags);
  } catch (e) {
    await operator?.close().catch(() => {});
    return reportError('resume', e);
  } finally {
    await tenantConn?.close();
  }
}
