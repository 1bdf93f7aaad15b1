/**
 * The hardest crash for a Temporary Access Pass: the POST reached the tenant
 * but the process died before the pass was journaled or shown. Graph returns a
 * pass once, so resume cannot recover it; it must say so in the journal and the
 * report, ask, and make one new pass (which replaces the lost one) — on the
 * real practice tenant, through the real action.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalWriter, readJournal } from '../../src/journal/journal.js';
import type { JournalRecord } from '../../src/core/journal-types.js';
import { resumeRun, startRun } from '../../src/engine/run.js';
import { ScriptedOperator } from '../../src/engine/scripted-operator.js';
import { OperatorQuit } from '../../src/core/events.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { buildStatement } from '../../src/report/build.js';
import type { PracticeServer } from '../../src/practice/server.js';
import { methods } from '../../src/practice/world/index.js';
import { practiceClock, practiceConnection, startServer } from './harness.js';
import { builtInCatalog } from '../../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const UPN = 'bg-admin-01@contosopractice.onmicrosoft.com';
const TEXT = `---
id: tap-resume
title: TAP resume
version: 1.0.0
summary: One pass, shown once.
permissions:
  graph: [UserAuthenticationMethod.ReadWrite.All, User.Read.All]
---

## Create the pass

\`\`\`step
id: tap
action: tap.create
with: { user: "${UPN}", secret: tap }
\`\`\`

## Show the pass

\`\`\`step
id: show
show: secret
with: { secret: tap }
\`\`\`
`;

const mutations = (server: PracticeServer) =>
  Object.values(server.counters().mutationsByRoute).reduce((a, b) => a + b, 0);

describe('resume after a TAP landed but was never shown', () => {
  let server: PracticeServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => {
    await server?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('journals what was lost, asks, makes one new pass that replaces it, shows it once; the report says so', async () => {
    const { runbook } = parseRunbook(TEXT, 'tap-resume.md', CATALOG);
    expect(runbook).toBeDefined();
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-tap-resume-'));
    dirs.push(stateDir);
    const conn = practiceConnection(server, runbook!);
    const clock = practiceClock(server, 1); // the journal and the tenant share one clock, as in `breakglass run`
    const tenant = { mode: 'practice' as const, label: 'PRACTICE · healthy', scenario: 'healthy' };
    // 1. The operator is at the approval prompt of tap.create when the process "dies".
    class DiesAtApproval extends ScriptedOperator {
      override async ask<P extends Parameters<ScriptedOperator['ask']>[0]>(p: P) {
        if (p.type === 'action') throw new OperatorQuit();
        return super.ask(p);
      }
    }
    const first = await startRun({
      catalog: CATALOG,
      runbook: runbook!,
      operator: new DiesAtApproval({}),
      tenantFactory: conn.tenantFactory,
      tenant,
      stateDir,
      toolVersion: 't',
      clock,
    });
    expect(first.status).toBe('quit');
    // 2. What the dead process did next: journal the intent, and the POST landed (the pass went nowhere).
    const journal = join(first.runDir, 'journal.jsonl');
    const { writer } = JournalWriter.resume(journal, () => clock.now());
    writer.append('intent', {
      instanceId: 'tap',
      actionId: 'tap.create',
      key: `tap:${UPN}`,
      args: { user: UPN, lifetimeMinutes: 60, usableOnce: true, secret: 'tap' },
    });
    writer.close();
    const w = server.world as unknown as Parameters<typeof methods.createTap>[0] & {
      user(upn: string): undefined | { id: string; _methods: { kind: string; id: string }[] };
    };
    const lost = methods.createTap(w, { kind: 'user', id: 'operator', name: 'operator' }, w.user(UPN)!.id, {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    const mutationsBefore = mutations(server);

    // 3. Resume.
    const shown: string[] = [];
    const op = new ScriptedOperator(
      { answers: { tap: { grant: [UPN] } } },
      { onSecret: (_id, s) => shown.push(s.lines[0]!) },
    );
    const out = await resumeRun(first.runDir, {
      catalog: CATALOG,
      runbook: runbook!,
      operator: op,
      tenantFactory: conn.tenantFactory,
      stateDir,
      toolVersion: 't',
      clock,
    });
    await conn.close();
    expect(out.status).toBe('completed');

    const outcomes = readJournal(journal)
      .records.filter((r) => r.type === 'outcome')
      .map((r) => (r as JournalRecord<'outcome'>).data);
    expect(outcomes.map((o) => o.status)).toEqual(['reconciled-not-applied', 'applied']);
    expect(outcomes[0]!.lost).toMatch(/never shown, and Graph returns it only once: a new pass replaces it/);
    expect(op.prompts.filter((p) => p.type === 'action')).toHaveLength(1); // asked before the replacement
    expect(
      op.events.some(
        (e) =>
          e.type === 'step-log' &&
          /reached the tenant before the interruption, but the pass was created/.test(e.message),
      ),
    ).toBe(true);
    // One new pass was made (one mutation), it replaced the lost one, and it is the one shown.
    const mutationsAfter = mutations(server);
    expect(mutationsAfter - mutationsBefore).toBe(1);
    const taps = w.user(UPN)!._methods.filter((m) => m.kind === 'temporaryAccessPass');
    expect(taps).toHaveLength(1);
    expect(taps[0]!.id).not.toBe(lost.method.id);
    expect(shown).toHaveLength(1);
    expect(shown[0]).not.toBe(lost.pass);

    const { statement } = await buildStatement({ runDir: first.runDir, signers: [] });
    const change = statement.predicate.steps.find((s) => s.instanceId === 'tap')!.changes[0]!;
    expect(change).toMatchObject({
      actionId: 'tap.create',
      status: 'applied',
      lost: expect.stringMatching(/never shown/),
    });
  });
});
