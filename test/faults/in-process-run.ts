/**
 * A shipped runbook run in THIS process through the same pieces as
 * `breakglass run` (loadForRun, resolveRunTenant, connectRun,
 * reportWriter), with the scripted operator's onSecret hook capturing every
 * secret shown and its log capturing what the terminal would print.
 */
import { join } from 'node:path';
import { connectRun, loadForRun, parseRunFlags, reportWriter, resolveRunTenant } from '../../src/commands/run.js';
import { startRun, type RunOutcome } from '../../src/engine/run.js';
import { loadAnswersFile, ScriptedOperator } from '../../src/engine/scripted-operator.js';
import type { PracticeServer } from '../../src/practice/server.js';
import { answersFile, inputArgs, type RunbookCase, type Signer } from './harness.js';
import { builtInCatalog } from '../../src/steps/catalog.js';

const CATALOG = builtInCatalog();

export interface InProcessRun {
  outcome: RunOutcome;
  secrets: string[];
  terminal: string;
  stateDir: string;
}

export async function runInProcess(
  c: RunbookCase,
  signers: Signer[],
  server: PracticeServer,
  dir: string,
): Promise<InProcessRun> {
  const stateDir = join(dir, 'state');
  const answers = answersFile(c, signers, dir);
  const flags = parseRunFlags([c.file, ...inputArgs(c, dir), '--answers', answers, '--state-dir', stateDir], 'run');
  const runbook = await loadForRun(c.file, CATALOG);
  const { config, info: tenant } = await resolveRunTenant(flags, runbook);
  const conn = await connectRun(flags, runbook, CATALOG, { config, tenant, practiceServer: server });
  const secrets: string[] = [];
  const lines: string[] = [];
  const operator = new ScriptedOperator(await loadAnswersFile(answers), {
    log: (l) => lines.push(l),
    onSecret: (_id, s) => secrets.push(...s.lines.map((l) => l.trim()).filter((l) => l.length >= 6)),
  });
  try {
    const outcome = await startRun({
      catalog: CATALOG,
      runbook,
      inputs: flags.inputs,
      operator,
      tenantFactory: conn.factory,
      ...(conn.practiceHooks ? { practiceHooks: conn.practiceHooks } : {}),
      tenant,
      stateDir,
      toolVersion: 'fault-suite',
      onFinished: await reportWriter(runbook),
    });
    return { outcome, secrets, terminal: lines.join('\n'), stateDir };
  } finally {
    await conn.close();
  }
}
