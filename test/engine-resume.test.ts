import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resumeRun, startRun } from '../src/engine/run.js';
import { JournalWriter, readJournal } from '../src/journal/journal.js';
import { ScriptedOperator } from '../src/engine/scripted-operator.js';
import type { JournalRecord } from '../src/core/journal-types.js';
import { listUnfinishedRuns } from '../src/state/runs.js';
import { testCatalog, fakeTenant, QuittingOperator, resetWorld, runbook, step, world } from './harness/engine-kit.js';
import type { Prompt } from '../src/core/events.js';
import { fingerprint } from '../src/steps/fingerprint.js';

beforeEach(() => resetWorld());

const base = { tenantFactory: async () => fakeTenant(), toolVersion: 't' };

function fiveSteps() {
  return runbook([
    step('ask', 'input', { input: { owner: { type: 'string', label: 'Owner' } } }),
    step('add', 'action', { action: 'test.add' }, { with: { item: '${steps.ask.owner}' } }),
    step('check-in', 'manual', { manual: { confirm: 'Owner ${steps.ask.owner} has ${steps.add.id}?' } }),
    step('second', 'action', { action: 'test.add' }, { with: { item: '${steps.ask.owner}-2' } }),
    step('done', 'manual'),
  ]);
}

async function quitAt(rb = fiveSteps(), when: (p: Prompt) => boolean) {
  const stateDir = mkdtempSync(join(tmpdir(), 'bg-resume-'));
  const op = new QuittingOperator({ answers: { ask: { form: { owner: 'alice' } } } }, (p) => when(p));
  const first = await startRun({
    catalog: testCatalog(),
    ...base,
    runbook: rb,
    operator: op,
    tenant: { mode: 'practice', label: 'P' },
    stateDir,
  });
  expect(first.status).toBe('quit');
  return { stateDir, runDir: first.runDir, rb };
}

/** The journal of a process that finished check-in, started `second` and journaled its intent, then died. */
function diedInSecond(runDir: string) {
  const { writer } = JournalWriter.resume(join(runDir, 'journal.jsonl'));
  writer.append('step-started', { instanceId: 'check-in', stepId: 'check-in', kind: 'manual', attempt: 2 });
  writer.append('step-finished', {
    instanceId: 'check-in',
    result: { status: 'done', summary: 'ok', outputs: {}, evidence: [], startedAt: 'x', finishedAt: 'x' },
  });
  writer.append('step-started', { instanceId: 'second', stepId: 'second', kind: 'action', attempt: 1 });
  writer.append('intent', {
    instanceId: 'second',
    actionId: 'test.add',
    key: 'item:alice-2',
    args: { item: 'alice-2' },
  });
  return writer;
}

function records(runDir: string) {
  return readJournal(join(runDir, 'journal.jsonl')).records;
}

/** A passphrase made, shown, a pause (where the tests stop the run), then used again. */
function makeShowUse() {
  return runbook([
    step('gen', 'secret', { secret: 'passphrase', name: 'pp' }),
    step('again', 'show', { show: 'secret' }, { with: { secret: 'pp' } }),
    step('pause', 'manual', { manual: { confirm: 'Envelope sealed?' } }),
    step('use', 'show', { show: 'secret' }, { with: { secret: 'pp' } }),
  ]);
}

describe('resume', () => {
  it('lists the unfinished run, continues at the exact step with outputs restored, and never re-runs finished steps', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    const list = listUnfinishedRuns(stateDir);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ runbookId: 'engine-test', currentStep: 'check-in', practice: true });
    expect(world.applied).toEqual(['alice']);
    const op = new ScriptedOperator({});
    const out = await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(out.status).toBe('completed');
    expect(world.applied).toEqual(['alice', 'alice-2']);
    // resumed at check-in, with ask/add outputs from the journal
    expect(op.events[0]).toMatchObject({ type: 'run-started', resumed: true, resumeAt: 'check-in' });
    expect(op.prompts[0]).toMatchObject({ type: 'confirm', message: 'Owner alice has id-alice?' });
    expect(op.prompts.some((p) => p.type === 'form')).toBe(false);
    expect(readJournal(join(runDir, 'journal.jsonl')).valid).toBe(true);
    expect(listUnfinishedRuns(stateDir)).toHaveLength(0);
    await expect(
      resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir }),
    ).rejects.toThrow(/already finished/);
  });

  it('an intent without an outcome is reconciled by reading the tenant: applied → not sent again', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    // Simulate a crash after the mutation reached the tenant but before the outcome was journaled.
    diedInSecond(runDir).close();
    world.items.add('alice-2'); // it did land
    const op = new ScriptedOperator({});
    const out = await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(out.status).toBe('completed');
    expect(world.applied).toEqual(['alice']); // second never re-sent
    expect(op.prompts.some((p) => p.type === 'action')).toBe(false);
    const oc = records(runDir)
      .filter((r) => r.type === 'outcome')
      .map((r) => (r as JournalRecord<'outcome'>).data);
    expect(oc.at(-1)).toMatchObject({
      instanceId: 'second',
      status: 'reconciled-applied',
      outputs: { id: 'id-alice-2' },
    });
  });

  it('a change journaled as applied whose step never finished is finished from the journal, not sent again', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    const writer = diedInSecond(runDir);
    writer.append('outcome', {
      instanceId: 'second',
      actionId: 'test.add',
      key: 'item:alice-2',
      status: 'applied',
      outputs: { id: 'id-alice-2' },
    });
    writer.close();
    // (Not added to world.items: preview would not see it, so only the journal keeps it from being sent again.)
    world.applied.push('alice-2');
    const op = new ScriptedOperator({});
    expect(
      (await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir })).status,
    ).toBe('completed');
    expect(world.applied).toEqual(['alice', 'alice-2']); // not sent again
    expect(op.prompts.some((p) => p.type === 'action')).toBe(false);
    const fin = records(runDir)
      .filter((r) => r.type === 'step-finished')
      .map((r) => (r as JournalRecord<'step-finished'>).data)
      .find((d) => d.instanceId === 'second')!;
    expect(fin.result).toMatchObject({ status: 'done', outputs: { id: 'id-alice-2' } });
    expect(fin.result.summary).toMatch(/applied before the interruption \(journaled\)/);
  });

  it('an intent without an outcome that did not land is reconciled as not applied, then previewed, approved and sent once', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    diedInSecond(runDir).close();
    const op = new ScriptedOperator({});
    await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(world.applied).toEqual(['alice', 'alice-2']);
    const oc = records(runDir)
      .filter((r) => r.type === 'outcome')
      .map((r) => (r as JournalRecord<'outcome'>).data.status);
    expect(oc).toEqual(['applied', 'reconciled-not-applied', 'applied']);
    expect(op.prompts.filter((p) => p.type === 'action')).toHaveLength(1);
  });

  it('a reconcile that cannot reach the tenant is an error; retry reconciles again (never re-sends)', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'action' && p.instanceId === 'second');
    const { writer } = JournalWriter.resume(join(runDir, 'journal.jsonl'));
    writer.append('intent', {
      instanceId: 'second',
      actionId: 'test.add',
      key: 'item:alice-2',
      args: { item: 'alice-2' },
    });
    writer.close();
    world.items.add('alice-2');
    let calls = 0;
    const flaky = async () => {
      if (calls++ === 0) throw new Error('connect ETIMEDOUT');
      return fakeTenant();
    };
    const op = new ScriptedOperator({ answers: { second: { failure: [{ choice: 'retry' }] } } });
    const out = await resumeRun(runDir, {
      catalog: testCatalog(),
      ...base,
      tenantFactory: flaky,
      runbook: rb,
      operator: op,
      stateDir,
    });
    expect(out.status).toBe('completed');
    expect(world.applied).toEqual(['alice']);
    expect(op.prompts.filter((p) => p.type === 'failure')).toHaveLength(1);
  });

  it('a secret shown by a step that never finished is voided and the step makes a new one', async () => {
    const rb = runbook([
      step('split', 'secret', { secret: 'shamir', name: 'pp', split: { threshold: 2, shares: 3 } }),
      step('after', 'manual'),
    ]);
    let secrets = 0;
    const { stateDir, runDir } = await quitAt(rb, (p) => p.type === 'secret' && ++secrets === 2);
    const shownBefore = records(runDir)
      .filter((r) => r.type === 'secret-shown')
      .map((r) => (r as JournalRecord<'secret-shown'>).data.fingerprint);
    expect(shownBefore).toHaveLength(2); // share 1 shown, share 2 journaled just before display
    const op = new ScriptedOperator({});
    const out = await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(out.status).toBe('completed');
    const recs = records(runDir);
    const voided = recs
      .filter((r) => r.type === 'secret-voided')
      .map((r) => (r as JournalRecord<'secret-voided'>).data.fingerprint);
    // The shown shares, and the whole passphrase they were cut from (kept in the dead process's vault).
    const whole = (recs.find((r) => r.type === 'secret-kept') as JournalRecord<'secret-kept'>).data.fingerprint;
    expect(voided).toEqual([...shownBefore, whole]);
    const shownAfter = recs
      .filter((r) => r.type === 'secret-shown')
      .map((r) => (r as JournalRecord<'secret-shown'>).data.fingerprint)
      .slice(2);
    expect(shownAfter).toHaveLength(3);
    expect(shownAfter.some((f) => shownBefore.includes(f))).toBe(false);
    expect(op.events.some((e) => e.type === 'notice' && /Void and destroy/.test(e.message))).toBe(true);
  });

  it('a secret made before the stop and needed after it is made again: old value voided, maker and earlier users re-run, the new value used', async () => {
    const rb = makeShowUse();
    const { stateDir, runDir } = await quitAt(rb, (p) => p.type === 'confirm');
    const oldFp = (records(runDir).find((r) => r.type === 'secret-kept') as JournalRecord<'secret-kept'>).data;
    expect(oldFp).toMatchObject({ instanceId: 'gen', name: 'pp' });
    const op = new ScriptedOperator({});
    const out = await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(out.status).toBe('completed');
    const recs = records(runDir);
    const afterResume = recs.slice(recs.findIndex((r) => r.type === 'resumed'));
    // The old value is void for the step that made it and the step that showed it.
    const voided = afterResume
      .filter((r) => r.type === 'secret-voided')
      .map((r) => (r as JournalRecord<'secret-voided'>).data);
    expect(voided.map((v) => [v.instanceId, v.fingerprint])).toEqual([
      ['gen', oldFp.fingerprint],
      ['again', oldFp.fingerprint],
    ]);
    // The pause (where it stopped) is asked again; then gen and again run again, before "use".
    const started = op.events
      .filter((e) => e.type === 'step-started')
      .map((e) => (e as { instanceId: string }).instanceId);
    expect(started).toEqual(['pause', 'gen', 'again', 'use']);
    expect(op.prompts.filter((p) => p.type === 'confirm')).toHaveLength(1);
    const secrets = op.prompts.filter((p) => p.type === 'secret').map((p) => p.secret);
    expect(secrets).toHaveLength(3);
    expect(new Set(secrets.map((s) => s.fingerprint)).size).toBe(1);
    expect(secrets[0]!.fingerprint).not.toBe(oldFp.fingerprint);
    expect(op.events.some((e) => e.type === 'notice' && /"pp" was lost when the run stopped/.test(e.message))).toBe(
      true,
    );
  });

  it('a secret made by an unfinished step but never shown is voided when the step runs again', async () => {
    const rb = runbook([
      step('pause', 'manual', { manual: { confirm: 'Ready?' } }),
      step('gen', 'secret', { secret: 'passphrase', name: 'pp' }),
    ]);
    const { stateDir, runDir } = await quitAt(rb, (p) => p.type === 'confirm');
    // The dead process got as far as putting the passphrase in its vault (journaled), not as far as showing it.
    const { writer } = JournalWriter.resume(join(runDir, 'journal.jsonl'));
    writer.append('step-started', { instanceId: 'pause', stepId: 'pause', kind: 'manual', attempt: 2 });
    writer.append('step-finished', {
      instanceId: 'pause',
      result: { status: 'done', summary: 'ok', outputs: {}, evidence: [], startedAt: 'x', finishedAt: 'x' },
    });
    writer.append('step-started', { instanceId: 'gen', stepId: 'gen', kind: 'secret', attempt: 1 });
    writer.append('secret-kept', { instanceId: 'gen', name: 'pp', fingerprint: 'secret:scrypt:0123456789ab' });
    writer.close();
    const op = new ScriptedOperator({});
    expect(
      (await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir })).status,
    ).toBe('completed');
    const voided = records(runDir)
      .filter((r) => r.type === 'secret-voided')
      .map((r) => (r as JournalRecord<'secret-voided'>).data);
    expect(voided).toEqual([
      {
        instanceId: 'gen',
        fingerprint: 'secret:scrypt:0123456789ab',
        reason: '"pp" was made before the run stopped and never shown; a new one is made',
      },
    ]);
    const shown = op.prompts.filter((p) => p.type === 'secret').map((p) => p.secret.fingerprint);
    expect(shown).toHaveLength(1);
    expect(shown[0]).not.toBe('secret:scrypt:0123456789ab');
  });

  it('an interrupted change that needs a lost secret: reconciled (not applied), the secret re-made, then sent once with the new value', async () => {
    const rb = runbook([
      step('gen', 'secret', { secret: 'passphrase', name: 'pp' }),
      step('seal', 'action', { action: 'test.seal' }, { with: { secret: 'pp' } }),
    ]);
    const { stateDir, runDir } = await quitAt(rb, (p) => p.type === 'action');
    // The dead process journaled the intent; the change never reached the tenant.
    const { writer } = JournalWriter.resume(join(runDir, 'journal.jsonl'));
    writer.append('intent', { instanceId: 'seal', actionId: 'test.seal', key: 'seal:pp', args: { secret: 'pp' } });
    writer.close();
    const shown: string[] = [];
    const op = new ScriptedOperator({}, { onSecret: (_id, s) => shown.push(s.lines.join('')) });
    const out = await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(out.status).toBe('completed');
    expect(op.prompts.some((p) => p.type === 'failure')).toBe(false);
    expect(shown).toHaveLength(1); // the new passphrase, shown once
    // Sent once, with the NEW value: the one whose fingerprint the re-run journaled.
    expect(world.applied).toHaveLength(1);
    const recs = records(runDir).slice(records(runDir).findIndex((r) => r.type === 'resumed'));
    const kept = (recs.find((r) => r.type === 'secret-kept') as JournalRecord<'secret-kept'>).data.fingerprint;
    expect(fingerprint('secret', world.applied[0]!.replace(/^seal:/, ''))).toBe(kept);
    expect(recs.map((r) => `${r.type} ${(r.data as { instanceId?: string }).instanceId ?? ''}`.trim())).toEqual([
      'resumed',
      'step-started seal',
      'signed-in',
      'outcome seal',
      'secret-voided gen',
      'step-started gen',
      'secret-kept gen',
      'secret-shown gen',
      'step-finished gen',
      'step-started seal',
      'answer seal',
      'intent seal',
      'outcome seal',
      'step-finished seal',
      'run-finished',
    ]);
  });

  it('a stop while the maker is being re-run: the next resume runs it and its users again in order', async () => {
    const rb = makeShowUse();
    const { stateDir, runDir } = await quitAt(rb, (p) => p.type === 'confirm');
    // Stop again while "again" shows the new value (gen already re-ran).
    let shown = 0;
    const second = await resumeRun(runDir, {
      catalog: testCatalog(),
      ...base,
      runbook: rb,
      operator: new QuittingOperator({}, (p) => p.type === 'secret' && ++shown === 2),
      stateDir,
    });
    expect(second.status).toBe('quit');
    const op = new ScriptedOperator({});
    expect(
      (await resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir })).status,
    ).toBe('completed');
    const started = op.events
      .filter((e) => e.type === 'step-started')
      .map((e) => (e as { instanceId: string }).instanceId);
    expect(started).toEqual(['gen', 'again', 'use']);
    const secrets = op.prompts.filter((p) => p.type === 'secret').map((p) => p.secret.fingerprint);
    expect(new Set(secrets).size).toBe(1);
  });

  it('inside a foreach group, only the stopped iteration makes its secret again', async () => {
    const rb = runbook(
      [
        step(
          'g',
          'manual',
          {},
          {
            foreach: { expr: '${inputs.items}', as: 'it' },
            children: [
              step('g.gen', 'secret', { secret: 'password', name: 'pw' }),
              step('g.ok', 'manual', { manual: { confirm: 'Ready for ${it}?' } }),
              step('g.use', 'show', { show: 'secret' }, { with: { secret: 'pw' } }),
            ],
          },
        ),
      ],
      { inputs: { items: { name: 'items', type: 'upn-list', label: 'Items', required: true } } },
    );
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-resume-'));
    const op1 = new QuittingOperator({}, (p) => p.type === 'confirm' && p.instanceId === 'g[2].ok');
    const first = await startRun({
      catalog: testCatalog(),
      ...base,
      runbook: rb,
      operator: op1,
      inputs: { items: 'a@x.io,b@x.io' },
      tenant: { mode: 'practice', label: 'P' },
      stateDir,
    });
    expect(first.status).toBe('quit');
    const op = new ScriptedOperator({});
    expect(
      (await resumeRun(first.runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir })).status,
    ).toBe('completed');
    const started = op.events
      .filter((e) => e.type === 'step-started')
      .map((e) => (e as { instanceId: string }).instanceId);
    // g[2].ok was unfinished (asked again); g[2].use needs pw → g[2].gen runs again; g[1] is untouched.
    expect(started).toEqual(['g', 'g[2].ok', 'g[2].gen', 'g[2].use']);
    const voided = records(first.runDir)
      .filter((r) => r.type === 'secret-voided')
      .map((r) => (r as JournalRecord<'secret-voided'>).data.instanceId);
    expect(voided).toEqual(['g[2].gen']);
  });

  it('detects a changed runbook, names the changed steps, and continues with the original copy by default', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    const changed = runbook(
      rb.steps
        .map((s) => (s.id === 'done' ? { ...s, prose: 'Do something ELSE.' } : s))
        .concat([step('extra', 'manual')]),
      { text: rb.source.text + '\nchanged' },
    );
    const op = new ScriptedOperator({});
    const out = await resumeRun(runDir, {
      catalog: testCatalog(),
      ...base,
      runbook: changed,
      originalRunbook: rb,
      operator: op,
      stateDir,
    });
    expect(out.status).toBe('completed');
    const notice = op.events.find((e) => e.type === 'notice' && /runbook changed/.test(e.message));
    expect(notice).toBeDefined();
    expect((notice as { message: string }).message).toMatch(/done \(changed\).*extra \(added\)/);
    const resumed = records(runDir).find((r) => r.type === 'resumed') as JournalRecord<'resumed'>;
    expect(resumed.data).toMatchObject({ runbookChanged: true, changedSteps: ['done (changed)', 'extra (added)'] });
    // continued with the original: the added step did not run
    expect(op.events.some((e) => e.type === 'step-started' && e.instanceId === 'extra')).toBe(false);
  });

  it('can continue with the changed runbook, or quit, when the operator says so', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    const changed = runbook(rb.steps.concat([step('extra', 'manual')]), { text: rb.source.text + '\nchanged' });
    const quit = await resumeRun(runDir, {
      catalog: testCatalog(),
      ...base,
      runbook: changed,
      originalRunbook: rb,
      operator: new ScriptedOperator({ answers: { resume: { choice: 'quit' } } }),
      stateDir,
    });
    expect(quit.status).toBe('quit');
    const op = new ScriptedOperator({ answers: { resume: { choice: 'changed' } } });
    const out = await resumeRun(runDir, {
      catalog: testCatalog(),
      ...base,
      runbook: changed,
      originalRunbook: rb,
      operator: op,
      stateDir,
    });
    expect(out.status).toBe('completed');
    expect(op.events.some((e) => e.type === 'step-started' && e.instanceId === 'extra')).toBe(true);
  });

  it('refuses to resume a tampered journal', async () => {
    const { stateDir, runDir, rb } = await quitAt(undefined, (p) => p.type === 'confirm');
    const path = join(runDir, 'journal.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"alice"', '"mallory"'));
    await expect(
      resumeRun(runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: new ScriptedOperator({}), stateDir }),
    ).rejects.toThrow(/does not verify/);
    expect(listUnfinishedRuns(stateDir)[0]!.problem).toMatch(/altered/);
  });

  it('resumes inside a foreach group at the exact iteration', async () => {
    const rb = runbook(
      [
        step(
          'g',
          'manual',
          {},
          {
            foreach: { expr: '${inputs.items}', as: 'it' },
            children: [
              step('g.add', 'action', { action: 'test.add' }, { with: { item: '${it}' } }),
              step('g.ok', 'manual', { manual: { confirm: '${steps.add.id}' } }),
            ],
          },
        ),
        step('last', 'show', { show: 'text' }, { with: { lines: ['${steps.g[0].add.id} ${steps.g[2].add.id}'] } }),
      ],
      { inputs: { items: { name: 'items', type: 'upn-list', label: 'Items', required: true } } },
    );
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-resume-'));
    const op1 = new QuittingOperator({}, (p) => p.type === 'confirm' && p.instanceId === 'g[2].ok');
    const first = await startRun({
      catalog: testCatalog(),
      ...base,
      runbook: rb,
      operator: op1,
      inputs: { items: 'a@x.io,b@x.io,c@x.io' },
      tenant: { mode: 'practice', label: 'P' },
      stateDir,
    });
    expect(first.status).toBe('quit');
    const op = new ScriptedOperator({});
    const out = await resumeRun(first.runDir, { catalog: testCatalog(), ...base, runbook: rb, operator: op, stateDir });
    expect(out.status).toBe('completed');
    expect(world.applied).toEqual(['a@x.io', 'b@x.io', 'c@x.io']);
    expect(
      op.events.filter((e) => e.type === 'step-started').map((e) => (e as { instanceId: string }).instanceId),
    ).toEqual(['g', 'g[2].ok', 'g[3].add', 'g[3].ok', 'last']);
    expect(op.prompts[0]).toMatchObject({ message: 'id-b@x.io' });
    expect(op.prompts.at(-1)).toMatchObject({ lines: ['id-a@x.io id-c@x.io'] });
  });
});
