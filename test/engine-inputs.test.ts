/**
 * Run inputs are asked, visible and fixable: every input is asked up front with
 * its value filled in; an input that makes a step fail is corrected there and the
 * step retried (journaled, nothing before it redone); `resume --input` corrects
 * (journaled) or is refused with why — never accepted and ignored.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resumeRun, startRun } from '../src/engine/run.js';
import { readJournal } from '../src/journal/journal.js';
import { ScriptedOperator, type AnswersFile } from '../src/engine/scripted-operator.js';
import { remembersForms } from '../src/engine/form-memory.js';
import { buildStatement } from '../src/report/build.js';
import type { JournalRecord } from '../src/core/journal-types.js';
import type { Answer, Prompt } from '../src/core/events.js';
import type { Runbook } from '../src/core/runbook.js';
import { fakeTenant, QuittingOperator, resetWorld, runbook, step, testCatalog, world } from './harness/engine-kit.js';

beforeEach(() => resetWorld());

const base = { tenantFactory: async () => fakeTenant(), toolVersion: 't', catalog: testCatalog() };

/** `item` has no default and is optional: left empty, the step that adds it cannot run. */
function withInputs(): Runbook {
  return runbook(
    [
      step('first', 'action', { action: 'test.add' }, { with: { item: '${inputs.who}-first' } }),
      step('use', 'action', { action: 'test.add' }, { with: { item: '${inputs.item}' } }),
      step('after', 'manual', { manual: { confirm: 'Added ${inputs.item} for ${inputs.who}?' } }),
    ],
    {
      inputs: {
        who: { name: 'who', type: 'string', label: 'Who', required: false, default: 'bob' },
        item: { name: 'item', type: 'string', label: 'Item', required: false },
      },
    },
  );
}

function journalOf(runDir: string): JournalRecord[] {
  return readJournal(join(runDir, 'journal.jsonl')).records;
}

async function start(rb: Runbook, operator: ScriptedOperator, inputs: Record<string, unknown> = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'bg-inputs-'));
  const outcome = await startRun({
    ...base,
    runbook: rb,
    operator,
    stateDir,
    inputs,
    tenant: { mode: 'practice', label: 'PRACTICE · test' },
  });
  return { stateDir, outcome };
}

describe('inputs asked up front', () => {
  it('asks every input, the default and the --input value filled in, and journals what was accepted', async () => {
    const op = new ScriptedOperator({ answers: { use: { failure: { choice: 'abort' } } } });
    const { outcome } = await start(withInputs(), op, { item: 'x' });
    const form = op.prompts[0] as Extract<Prompt, { type: 'form' }>;
    expect(form).toMatchObject({ type: 'form', instanceId: 'inputs' });
    // The input with a default is asked too, showing the default; the given one shows its value.
    expect(form.fields.map((f) => [f.name, f.default])).toEqual([
      ['who', 'bob'],
      ['item', 'x'],
    ]);
    const header = journalOf(outcome.runDir)[0] as JournalRecord<'run-started'>;
    expect(header.data.inputs).toEqual({ who: 'bob', item: 'x' });
  });

  it('asks nothing when every input came on the command line', async () => {
    const op = new ScriptedOperator({});
    await start(withInputs(), op, { who: 'ann', item: 'x' });
    expect(op.prompts.some((p) => p.type === 'form')).toBe(false);
    expect(world.applied).toEqual(['ann-first', 'x']);
  });

  it('an operator who changes the default gets what they typed', async () => {
    const op = new ScriptedOperator({ answers: { inputs: { form: { who: 'carol', item: 'y' } } } });
    await start(withInputs(), op);
    expect(world.applied).toEqual(['carol-first', 'y']);
  });
});

describe('an input corrected at the step it broke', () => {
  it('journals the correction, retries that step only, and a resume sees the corrected value', async () => {
    const answers: AnswersFile = {
      answers: {
        use: { failure: [{ choice: 'correct', inputs: { who: 'bob', item: 'alice' } }] },
      },
    };
    // Quit at the confirm after the corrected step: the resumed run must see the corrected value.
    const op = new QuittingOperator(answers, (p) => p.type === 'confirm');
    const { stateDir, outcome } = await start(withInputs(), op);
    expect(outcome.status).toBe('quit');
    const failure = op.prompts.find((p) => p.type === 'failure') as Extract<Prompt, { type: 'failure' }>;
    // The failure offers the inputs with their values now.
    expect(failure.inputs?.map((f) => [f.name, f.default])).toEqual([
      ['who', 'bob'],
      ['item', undefined],
    ]);
    expect(world.applied).toEqual(['bob-first', 'alice']); // "first" was not repeated
    const corrected = journalOf(outcome.runDir).filter((r) => r.type === 'input-corrected');
    expect(corrected.map((r) => r.data)).toEqual([{ instanceId: 'use', name: 'item', from: undefined, to: 'alice' }]);
    expect(op.events).toContainEqual(
      expect.objectContaining({
        type: 'notice',
        message: expect.stringContaining('Input Item corrected: (none) → alice'),
      }),
    );

    const again = new ScriptedOperator({});
    const out = await resumeRun(outcome.runDir, { ...base, runbook: withInputs(), operator: again, stateDir });
    expect(out.status).toBe('completed');
    expect(again.prompts[0]).toMatchObject({ type: 'confirm', message: 'Added alice for bob?' });
    expect(world.applied).toEqual(['bob-first', 'alice']); // no tenant change repeated
    // The report says what was corrected, where, from what to what.
    const report = (await buildStatement({ runDir: outcome.runDir, signers: [] })).statement.predicate;
    expect(report.inputs).toEqual({ who: 'bob', item: 'alice' });
    expect(report.notices.map((n) => n.message)).toContain('Input "item" corrected at step use: (none) → alice');
  });

  it('an invalid correction is refused with why and the failure is asked again', async () => {
    const answers: AnswersFile = {
      answers: {
        use: {
          failure: [
            { choice: 'correct', inputs: { nope: 'x' } },
            { choice: 'correct', inputs: { item: 'dave' } },
          ],
        },
      },
    };
    const op = new ScriptedOperator(answers);
    const { outcome } = await start(withInputs(), op);
    expect(outcome.status).toBe('completed');
    expect(op.events).toContainEqual(
      expect.objectContaining({ type: 'notice', message: expect.stringContaining('unknown input "nope"') }),
    );
    expect(op.prompts.filter((p) => p.type === 'failure')).toHaveLength(2);
    expect(world.applied).toEqual(['bob-first', 'dave']);
  });
});

describe('resume --input', () => {
  async function stopped() {
    const op = new QuittingOperator({}, (p) => p.type === 'confirm');
    const { stateDir, outcome } = await start(withInputs(), op, { item: 'x' });
    return { stateDir, runDir: outcome.runDir };
  }

  it('takes effect: journaled as a correction, the steps still to run see it', async () => {
    const { stateDir, runDir } = await stopped();
    const op = new ScriptedOperator({});
    const out = await resumeRun(runDir, {
      ...base,
      runbook: withInputs(),
      operator: op,
      stateDir,
      corrections: { who: 'erin' },
    });
    expect(out.status).toBe('completed');
    expect(op.prompts[0]).toMatchObject({ type: 'confirm', message: 'Added x for erin?' });
    const corrected = journalOf(runDir).filter((r) => r.type === 'input-corrected');
    expect(corrected.map((r) => r.data)).toEqual([{ instanceId: 'resume', name: 'who', from: 'bob', to: 'erin' }]);
    expect(world.applied).toEqual(['bob-first', 'x']); // finished steps keep what they did
  });

  it('is refused with why (unknown name, invalid value) and nothing is written', async () => {
    const { stateDir, runDir } = await stopped();
    const before = journalOf(runDir).length;
    const run = (corrections: Record<string, unknown>) =>
      resumeRun(runDir, { ...base, runbook: withInputs(), operator: new ScriptedOperator({}), stateDir, corrections });
    await expect(run({ acount: 'x' })).rejects.toThrow(/unknown input "acount"; this runbook takes who, item/);
    await expect(run({ who: '' })).rejects.toThrow(/Who is required/);
    expect(journalOf(runDir)).toHaveLength(before);
  });
});

describe('a form asked again', () => {
  it('comes back with what was typed (never a secret)', async () => {
    const asked: Prompt[] = [];
    const port = remembersForms({
      emit: () => {},
      ask: async <P extends Prompt>(p: P) => {
        asked.push(p);
        return { owner: 'alice', pass: 'hunter2-hunter2' } as unknown as Answer<P>;
      },
    });
    const form: Prompt = {
      type: 'form',
      instanceId: 'incident',
      title: 'Incident',
      fields: [
        { name: 'owner', type: 'string', label: 'Owner', required: true },
        { name: 'pass', type: 'string', label: 'Passphrase', required: true, secret: true },
      ],
    };
    await port.ask(form);
    await port.ask(form);
    const second = asked[1] as Extract<Prompt, { type: 'form' }>;
    expect(second.fields.map((f) => f.default)).toEqual(['alice', undefined]);
  });
});

describe('a sign-off asked again after it failed', () => {
  it('comes back with both signers as entered, and offers the keys folder', async () => {
    const asked: Extract<Prompt, { type: 'signoff' }>[] = [];
    const same = [
      { role: 'operator', name: 'Ada Lovelace' },
      { role: 'witness', name: 'ada lovelace' },
    ];
    const operator = {
      emit: () => {},
      ask: async <P extends Prompt>(p: P): Promise<Answer<P>> => {
        if (p.type === 'signoff') {
          asked.push(p);
          // First time the same person for both roles (the step fails); then the witness is fixed.
          const signers = asked.length === 1 ? same : [same[0]!, { role: 'witness', name: 'Grace Hopper' }];
          return { signers } as Answer<P>;
        }
        if (p.type === 'failure') return { choice: 'retry' } as Answer<P>;
        throw new Error(`unexpected prompt ${p.type}`);
      },
    };
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-signoff-retry-'));
    const outcome = await startRun({
      ...base,
      runbook: runbook([step('sign', 'signoff', { signoff: ['operator', 'witness'] })]),
      operator,
      stateDir,
      tenant: { mode: 'practice', label: 'PRACTICE · test' },
      signingKeys: async () => ['/keys/ada-lovelace-0011.key.pem'],
    });
    expect(outcome.status).toBe('completed');
    expect(asked).toHaveLength(2);
    expect(asked[0]!.keys).toEqual(['/keys/ada-lovelace-0011.key.pem']);
    expect(asked[0]!.filled).toBeUndefined();
    // Neither signer is cleared by the retry.
    expect(asked[1]!.filled).toEqual(same);
    expect(outcome.signers.map((s) => s.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });
});

describe('suggestions are offered, never used unchosen', () => {
  it('a scripted answer without the input gets the default, not the suggestion; a failed read says so', async () => {
    const rb = runbook([step('after', 'manual', { manual: { confirm: 'Done for ${inputs.who}?' } })], {
      inputs: {
        who: { name: 'who', type: 'string', label: 'Who', required: false, default: 'bob', suggest: 'exclusion-group' },
        where: { name: 'where', type: 'string', label: 'Where', required: false, suggest: 'sign-in-log-workspace' },
      },
    });
    const op = new ScriptedOperator({ answers: { after: { confirm: true } } });
    const { outcome } = await start(rb, op, {});
    const suggestInputs = async () => ({
      who: { suggestions: [{ value: 'alice', label: 'alice (excluded)' }] },
      where: { error: 'HTTP 403' },
    });
    const stateDir = mkdtempSync(join(tmpdir(), 'bg-inputs-'));
    const op2 = new ScriptedOperator({ answers: { after: { confirm: true } } });
    const out = await startRun({
      ...base,
      runbook: rb,
      operator: op2,
      stateDir,
      tenant: { mode: 'practice', label: 'PRACTICE · test' },
      suggestInputs,
    });
    expect(outcome.status).toBe('completed');
    expect(out.status).toBe('completed');
    const form = op2.prompts.find((p) => p.type === 'form') as Extract<Prompt, { type: 'form' }>;
    expect(form.fields.find((f) => f.name === 'who')?.suggestions).toEqual([
      { value: 'alice', label: 'alice (excluded)' },
    ]);
    expect(form.fields.find((f) => f.name === 'where')?.suggestNote).toContain('could not be read (HTTP 403)');
    const started = journalOf(out.runDir).find((r) => r.type === 'run-started')!;
    expect((started.data as { inputs: Record<string, unknown> }).inputs).toEqual({ who: 'bob' });
    expect(op2.events).toContainEqual(
      expect.objectContaining({ type: 'notice', message: expect.stringContaining('Where: The tenant') }),
    );
  });
});
