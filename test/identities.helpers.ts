/**
 * Shared by the identities tests: run a runbook in-process against ONE
 * practice server (so a second run sees what the first one made), with the
 * real run wiring (connectRun), the real engine and a scripted operator.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRun, type RunOutcome } from '../src/engine/run.js';
import type { TenantInfo } from '../src/core/tenant.js';
import { ScriptedOperator, type AnswersFile } from '../src/engine/scripted-operator.js';
import type { SecretDisplay } from '../src/core/events.js';
import { connectRun, loadForRun, resolveRunTenant, type RunFlags } from '../src/commands/run.js';
import type { PracticeServer } from '../src/practice/server.js';
import type { JournalRecord } from '../src/core/journal-types.js';
import { builtInCatalog } from '../src/steps/catalog.js';
import type { Clock } from '../src/util/clock.js';

const CATALOG = builtInCatalog();

export function tmp(prefix = 'bg-ident-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  outcome: RunOutcome;
  operator: ScriptedOperator;
  journal: JournalRecord[];
  secrets: SecretDisplay[];
}

export async function runInPractice(opts: {
  runbook: string;
  server: PracticeServer;
  answers: AnswersFile;
  inputs?: Record<string, string>;
  stateDir: string;
  env?: NodeJS.ProcessEnv;
  onFinished?: Parameters<typeof startRun>[0]['onFinished'];
  /** Reach the server as an external practice tenant (BREAKGLASS_PRACTICE_URL…, its admin API), not in-process. */
  external?: boolean;
  /** Sees each secret as it is shown: a test can type it back later, as a custodian would. */
  onSecret?: (instanceId: string, secret: SecretDisplay) => void;
  /** The engine's clock (e.g. the practice world's simulated time with waits shortened); default: real time. */
  clock?: Clock;
}): Promise<RunResult> {
  const runbook = await loadForRun(opts.runbook, CATALOG);
  const flags: RunFlags = {
    positional: [opts.runbook],
    plain: false,
    inputs: opts.inputs ?? {},
    tenantRest: [],
    tenant: 'practice',
  };
  const tenant: TenantInfo = { mode: 'practice', label: 'PRACTICE · healthy', scenario: 'healthy' };
  const { config } = await resolveRunTenant(flags, runbook);
  const conn = await connectRun(flags, runbook, CATALOG, {
    config,
    tenant,
    ...(opts.external ? {} : { practiceServer: opts.server }),
    ...(opts.env ? { env: opts.env } : {}),
  });
  const secrets: SecretDisplay[] = [];
  const operator = new ScriptedOperator(opts.answers, {
    onSecret: (id, s) => {
      secrets.push(s);
      opts.onSecret?.(id, s);
    },
  });
  try {
    const outcome = await startRun({
      catalog: CATALOG,
      runbook,
      inputs: opts.inputs ?? {},
      operator,
      tenantFactory: conn.factory,
      ...(conn.practiceHooks ? { practiceHooks: conn.practiceHooks } : {}),
      tenant,
      stateDir: opts.stateDir,
      toolVersion: 'test',
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.onFinished ? { onFinished: opts.onFinished } : {}),
    });
    return { outcome, operator, journal: readJournal(outcome.runDir), secrets };
  } finally {
    await conn.close();
  }
}

export function readJournal(runDir: string): JournalRecord[] {
  return readFileSync(join(runDir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalRecord);
}

/** Every file under dir, recursively (for byte searches). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Step results by instance id, from the journal. */
export function results(
  journal: JournalRecord[],
): Map<string, { status: string; summary: string; outputs: Record<string, unknown> }> {
  const m = new Map<string, { status: string; summary: string; outputs: Record<string, unknown> }>();
  for (const r of journal)
    if (r.type === 'step-finished') {
      const d = r.data as {
        instanceId: string;
        result: { status: string; summary: string; outputs: Record<string, unknown> };
      };
      m.set(d.instanceId, d.result);
    }
  return m;
}
