import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startRun, type StartRunOptions } from '../src/engine/run.js';
import { readJournal } from '../src/journal/journal.js';
import { ScriptedOperator, type AnswersFile } from '../src/engine/scripted-operator.js';
import type { JournalRecord } from '../src/core/journal-types.js';
import type { Runbook } from '../src/core/runbook.js';
import type { Prompt, SecretDisplay } from '../src/core/events.js';
import { secretLines } from '../src/plain/format.js';
import { secretScreenText } from '../src/screens/secret-text.js';
import {
  testCatalog,
  fakeTenant,
  fixedClock,
  resetWorld,
  runbook,
  step,
  unreachableTenant,
  world,
} from './harness/engine-kit.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'bg-engine-'));
}

async function go(rb: Runbook, answers: AnswersFile = {}, extra: Partial<StartRunOptions> = {}) {
  const operator = new ScriptedOperator(answers);
  let factoryCalls = 0;
  const outcome = await startRun({
    catalog: testCatalog(),
    runbook: rb,
    operator,
    tenantFactory: async () => {
      factoryCalls++;
      return fakeTenant();
    },
    tenant: { mode: 'practice', label: 'PRACTICE · test' },
    stateDir: tmp(),
    clock: fixedClock(),
    toolVersion: '0.0.0-test',
    ...extra,
  });
  const journal = readJournal(join(outcome.runDir, 'journal.jsonl'));
  const finished = (id: string) =>
    journal.records
      .filter((r) => r.type === 'step-finished' && (r as JournalRecord<'step-finished'>).data.instanceId === id)
      .map((r) => (r as JournalRecord<'step-finished'>).data.result);
  return { outcome, operator, journal, finished, factoryCalls: () => factoryCalls };
}

beforeEach(() => resetWorld());

describe('engine: step flow', () => {
  it('runs steps in order, journals every transition, and completes', async () => {
    const rb = runbook([
      step('ask', 'input', { input: { owner: { type: 'string', label: 'Owner' } } }),
      step('confirm', 'manual', { manual: { confirm: 'Tell ${steps.ask.owner} now' } }),
      step('add', 'action', { action: 'test.add' }, { with: { item: '${steps.ask.owner}' } }),
      step('bye', 'show', { show: 'text' }, { with: { lines: ['added ${steps.add.id}'] } }),
    ]);
    const { outcome, operator, journal, finished } = await go(rb, { answers: { ask: { form: { owner: 'alice' } } } });
    expect(outcome.status).toBe('completed');
    expect(journal.valid).toBe(true);
    const confirm = operator.prompts.find((p) => p.type === 'confirm');
    expect(confirm).toMatchObject({ message: 'Tell alice now' });
    const show = operator.prompts.find((p) => p.type === 'show');
    expect(show).toMatchObject({ lines: ['added id-alice'] });
    expect(world.applied).toEqual(['alice']);
    expect(finished('add')[0]).toMatchObject({ status: 'done', outputs: { id: 'id-alice' } });
    const types = journal.records.map((r) => r.type);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-finished');
    // intent strictly before outcome, both inside the action's step
    const i = types.indexOf('intent');
    const o = types.indexOf('outcome');
    expect(i).toBeGreaterThan(0);
    expect(o).toBe(i + 1);
    expect(operator.events.map((e) => e.type)).toContain('run-finished');
  });

  it('connects to the tenant lazily: manual steps before the first tenant step need no tenant', async () => {
    const rb = runbook([step('m', 'manual'), step('m2', 'manual')]);
    const { outcome, factoryCalls } = await go(
      rb,
      {},
      { tenantFactory: () => Promise.reject(new Error('must not be called')) },
    );
    expect(outcome.status).toBe('completed');
    expect(factoryCalls()).toBe(0);
  });

  it('journals who signed in (never a token)', async () => {
    const rb = runbook([step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } })]);
    const { journal } = await go(rb);
    const signedIn = journal.records.find((r) => r.type === 'signed-in') as JournalRecord<'signed-in'>;
    expect(signedIn.data).toMatchObject({ upn: 'operator@test.onmicrosoft.com', kind: 'user' });
  });

  it('an already-done action sends nothing and records already-done', async () => {
    world.items.add('x');
    const rb = runbook([step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } })]);
    const { journal, operator, finished } = await go(rb);
    expect(world.applied).toEqual([]);
    expect(operator.prompts.some((p) => p.type === 'action')).toBe(false);
    const outcome = journal.records.find((r) => r.type === 'outcome') as JournalRecord<'outcome'>;
    expect(outcome.data.status).toBe('already-done');
    expect(journal.records.some((r) => r.type === 'intent')).toBe(false);
    expect(finished('add')[0]!.summary).toMatch(/Already done/);
  });

  it('a destructive action needs the typed confirmation', async () => {
    world.items.add('victim');
    const rb = runbook([step('del', 'action', { action: 'test.delete' }, { with: { item: 'victim' } })]);
    const wrong = await go(rb, { answers: { del: { action: { approved: true, typed: 'nope' } } } });
    expect(wrong.outcome.status).toBe('aborted');
    expect(world.items.has('victim')).toBe(true);
    const right = await go(rb, { answers: { del: { action: { approved: true, typed: 'victim' } } } });
    expect(right.outcome.status).toBe('completed');
    expect(world.items.has('victim')).toBe(false);
  });
});

describe('engine: foreach and when', () => {
  it('runs a group once per item with instance ids, local and indexed output references', async () => {
    const group = step(
      'enroll',
      'manual',
      {},
      {
        foreach: { expr: '${inputs.accounts}', as: 'account' },
        children: [
          step('enroll.create', 'action', { action: 'test.add' }, { with: { item: '${account}' } }),
          step('enroll.note', 'manual', {
            manual: { confirm: 'Label ${steps.create.id} for ${account} (#${loop.number})' },
          }),
        ],
      },
    );
    const rb = runbook(
      [group, step('after', 'show', { show: 'text' }, { with: { lines: ['${steps.enroll[1].create.id}'] } })],
      {
        inputs: { accounts: { name: 'accounts', type: 'upn-list', label: 'Accounts', required: true } },
      },
    );
    const { outcome, operator, finished } = await go(
      rb,
      {},
      { inputs: { accounts: 'bg1@t.onmicrosoft.com,bg2@t.onmicrosoft.com' } },
    );
    expect(outcome.status).toBe('completed');
    expect(world.applied).toEqual(['bg1@t.onmicrosoft.com', 'bg2@t.onmicrosoft.com']);
    const started = operator.events
      .filter((e) => e.type === 'step-started')
      .map((e) => (e as { instanceId: string }).instanceId);
    expect(started).toEqual([
      'enroll',
      'enroll[1].create',
      'enroll[1].note',
      'enroll[2].create',
      'enroll[2].note',
      'after',
    ]);
    expect(operator.prompts.filter((p) => p.type === 'confirm').map((p) => (p as { message: string }).message)).toEqual(
      [
        'Label id-bg1@t.onmicrosoft.com for bg1@t.onmicrosoft.com (#1)',
        'Label id-bg2@t.onmicrosoft.com for bg2@t.onmicrosoft.com (#2)',
      ],
    );
    expect(operator.prompts.find((p) => p.type === 'show')).toMatchObject({ lines: ['id-bg2@t.onmicrosoft.com'] });
    expect(finished('enroll')[0]).toMatchObject({ status: 'done', outputs: { count: 2 } });
  });

  it('a false `when` skips the step (journaled as skipped), a true one runs it', async () => {
    const rb = runbook(
      [
        step('maybe', 'manual', {}, { when: '${inputs.mode} == full' }),
        step('other', 'manual', {}, { when: '${inputs.mode} != full' }),
      ],
      { inputs: { mode: { name: 'mode', type: 'choice', label: 'Mode', required: true, choices: ['full', 'quick'] } } },
    );
    const { finished, operator } = await go(rb, {}, { inputs: { mode: 'quick' } });
    expect(finished('maybe')[0]!.status).toBe('skipped');
    // Said as a sentence with the input's label, never as `${inputs.mode} == full is false`.
    expect(finished('maybe')[0]!.summary).toBe('Skipped: runs only when “Mode” is “full” (it was “quick”).');
    expect(finished('other')[0]!.status).toBe('done');
    expect(operator.prompts.filter((p) => p.type === 'confirm')).toHaveLength(1);
  });

  it('asks for missing required inputs before the run starts, and validates them', async () => {
    const rb = runbook([step('m', 'manual')], {
      inputs: { group: { name: 'group', type: 'guid', label: 'Group id', required: true } },
    });
    const bad = go(rb, { answers: { inputs: { form: { group: 'not-a-guid' } } } });
    await expect(bad).rejects.toThrow(/Group id.*GUID/);
    const { journal } = await go(rb, {
      answers: { inputs: { form: { group: 'AAAAAAAA-1111-2222-3333-444444444444' } } },
    });
    expect((journal.records[0] as JournalRecord<'run-started'>).data.inputs).toEqual({
      group: 'aaaaaaaa-1111-2222-3333-444444444444',
    });
  });
});

describe('engine: failures', () => {
  it('retry re-runs the step; a retried action reads the tenant again before sending', async () => {
    world.failNext = 1;
    const rb = runbook([step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } })]);
    const { outcome, journal, finished } = await go(rb, { answers: { add: { failure: [{ choice: 'retry' }] } } });
    expect(outcome.status).toBe('completed');
    expect(world.applied).toEqual(['x']);
    const outcomes = journal.records
      .filter((r) => r.type === 'outcome')
      .map((r) => (r as JournalRecord<'outcome'>).data.status);
    expect(outcomes).toEqual(['failed', 'applied']);
    const attempts = journal.records
      .filter((r) => r.type === 'step-started')
      .map((r) => (r as JournalRecord<'step-started'>).data.attempt);
    expect(attempts).toEqual([1, 2]);
    expect(finished('add')).toHaveLength(1);
  });

  it('override requires a non-empty typed justification, which is recorded', async () => {
    world.failNext = 5;
    const rb = runbook([
      step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } }),
      step('next', 'manual'),
    ]);
    const { outcome, journal, finished, operator } = await go(rb, {
      answers: {
        add: {
          failure: [
            { choice: 'override', justification: '   ' },
            { choice: 'override', justification: 'Graph outage; ticket INC-42' },
          ],
        },
      },
    });
    expect(outcome.status).toBe('completed');
    const r = finished('add')[0]!;
    expect(r.status).toBe('overridden');
    expect(r.override).toMatchObject({ justification: 'Graph outage; ticket INC-42', by: 'operator' });
    expect(r.error).toMatchObject({ requestId: 'req-503' });
    expect(operator.prompts.filter((p) => p.type === 'failure')).toHaveLength(2);
    expect(operator.events.some((e) => e.type === 'notice' && /justification|why/.test(e.message))).toBe(true);
    expect(journal.records.some((x) => x.type === 'answer' && JSON.stringify(x.data).includes('INC-42'))).toBe(true);
  });

  it('only empty justifications: the run stops resumable (quit), nothing overridden', async () => {
    world.failNext = 5;
    const rb = runbook([step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } })]);
    const { outcome, finished } = await go(rb, { defaults: { failure: { choice: 'override', justification: '' } } });
    expect(outcome.status).toBe('quit');
    expect(finished('add')).toHaveLength(0);
  });

  it('abort ends the run as aborted with the failing step recorded and later steps not run', async () => {
    world.failNext = 5;
    const rb = runbook([
      step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } }),
      step('later', 'manual'),
    ]);
    const { outcome, journal, finished, operator } = await go(rb);
    expect(outcome.status).toBe('aborted');
    expect(outcome.reason).toMatch(/add/);
    expect(finished('add')[0]!.status).toBe('error');
    expect(finished('later')).toHaveLength(0);
    const last = journal.records.at(-1) as JournalRecord<'run-finished'>;
    expect(last.data.status).toBe('aborted');
    expect(operator.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'aborted' });
  });

  it('an emergency procedure goes on when the tenant is unreachable: the explanation is kept, override works', async () => {
    const rb = runbook([
      step('add', 'action', { action: 'test.add' }, { with: { item: 'x' } }),
      step('after', 'manual'),
    ]);
    const { outcome, finished } = await go(
      rb,
      { answers: { add: { failure: { choice: 'override', justification: 'tenant down, proceeding by hand' } } } },
      { tenantFactory: unreachableTenant },
    );
    expect(outcome.status).toBe('completed');
    const r = finished('add')[0]!;
    expect(r.status).toBe('overridden');
    expect(r.error).toMatchObject({ what: 'Cannot reach login.microsoftonline.com', cause: 'the network is down' });
    expect(finished('after')[0]!.status).toBe('done');
  });

  it('a reference to a missing output is a step error, not a crash', async () => {
    const rb = runbook([step('show', 'show', { show: 'text' }, { with: { lines: ['${steps.nope.id}'] } })]);
    const { outcome, finished } = await go(rb);
    expect(outcome.status).toBe('aborted');
    expect(finished('show')[0]!.summary).toMatch(/steps.nope/);
  });
});

describe('engine: secrets', () => {
  it('never writes a secret, a share or a half to the journal or run dir; only fingerprints', async () => {
    const rb = runbook([
      step('pp', 'secret', { secret: 'passphrase', name: 'pp', split: 'halves', custodians: ['Ann', 'Bo'] }),
      step('sh', 'secret', { secret: 'shamir', name: 'sh', split: { threshold: 2, shares: 3 } }),
      step('pw', 'secret', { secret: 'password', name: 'pw' }),
      step('again', 'show', { show: 'secret' }, { with: { secret: 'pw', title: 'Password' } }),
    ]);
    const shown: string[] = [];
    const fingerprints: string[] = [];
    const operator = new ScriptedOperator(
      {},
      {
        onSecret: (_id, s) => {
          shown.push(s.lines[0]!);
          fingerprints.push(s.fingerprint);
        },
      },
    );
    const outcome = await startRun({
      catalog: testCatalog(),
      runbook: rb,
      operator,
      tenantFactory: async () => fakeTenant(),
      tenant: { mode: 'practice', label: 'P' },
      stateDir: tmp(),
      toolVersion: 't',
    });
    expect(outcome.status).toBe('completed');
    expect(shown).toHaveLength(2 + 3 + 1 + 1);
    const audiences = operator.prompts
      .filter((p) => p.type === 'secret')
      .map((p) => (p as { secret: { audience?: string } }).secret.audience);
    expect(audiences.slice(0, 2)).toEqual(['Ann', 'Bo']);
    // Shamir shares without named custodians: "custodian 2", and the words read once ("only", not "only only").
    expect(audiences.slice(2, 5)).toEqual(['custodian 1', 'custodian 2', 'custodian 3']);
    const firstShare = operator.prompts.filter((p) => p.type === 'secret')[2] as { secret: SecretDisplay };
    expect(secretLines(firstShare.secret)[0]).toMatch(/\(for custodian 1 only\)$/);
    expect(secretScreenText(firstShare.secret, 80)).not.toMatch(/only only/);
    const files = readdirSync(outcome.runDir).map((f) => readFileSync(join(outcome.runDir, f)));
    for (const secret of shown) {
      expect(secret.length).toBeGreaterThan(10);
      for (const bytes of files) {
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
        // also no 8-character run of it (a half of a half, a share's group…)
        expect(bytes.includes(Buffer.from(secret.replace(/-/g, '').slice(0, 8)))).toBe(false);
      }
    }
    const journal = readFileSync(join(outcome.runDir, 'journal.jsonl'), 'utf8');
    for (const fp of fingerprints) expect(journal).toContain(fp);
    const shownRecords = readJournal(join(outcome.runDir, 'journal.jsonl')).records.filter(
      (r) => r.type === 'secret-shown',
    );
    expect(shownRecords).toHaveLength(7);
  });

  /** A shamir/halves secret made, then combined from parts the test types (`typed(shares)` gives them in order). */
  async function makeAndCombine(
    make: Record<string, unknown>,
    combine: Record<string, unknown>,
    typed: (shown: string[]) => (string | string[])[],
  ) {
    const shown: string[] = [];
    const rb = runbook([
      step('make', 'secret', { name: 'orig', ...make }),
      step('back', 'secret', { secret: 'combine', name: 'recovered', ...combine }),
    ]);
    const operator = new ScriptedOperator({}, { onSecret: (id, s) => void (id === 'make' && shown.push(s.lines[0]!)) });
    const origAsk = operator.ask.bind(operator);
    const asked = new Map<string, number>();
    operator.ask = (async (p: Parameters<typeof origAsk>[0]) => {
      if (p.type === 'form' && p.instanceId === 'back') {
        operator.prompts.push(p);
        const name = p.fields[0]!.name;
        const n = asked.get(name) ?? 0;
        asked.set(name, n + 1);
        const part = typed(shown)[Number(name.slice(4)) - 1]!;
        return { [name]: Array.isArray(part) ? part[Math.min(n, part.length - 1)] : part };
      }
      return origAsk(p);
    }) as typeof operator.ask;
    const outcome = await startRun({
      catalog: testCatalog(),
      runbook: rb,
      operator,
      tenantFactory: async () => fakeTenant(),
      tenant: { mode: 'practice', label: 'P' },
      stateDir: tmp(),
      toolVersion: 't',
    });
    const recs = readJournal(join(outcome.runDir, 'journal.jsonl')).records.filter(
      (r) => r.type === 'step-finished',
    ) as JournalRecord<'step-finished'>[];
    const result = (id: string) => recs.filter((r) => r.data.instanceId === id).at(-1)?.data.result;
    const logs = operator.events.flatMap((e) => (e.type === 'step-log' ? [e.message] : []));
    return { outcome, operator, shown, result, logs };
  }

  it('secret: combine recovers a Shamir-split secret from 2 of 3 typed shares, one custodian at a time, hidden', async () => {
    const r = await makeAndCombine({ secret: 'shamir' }, { custody: 'shamir', custodians: ['Ann', 'Bo'] }, (s) => [
      s[2]!.toLowerCase(),
      s[0]!,
    ]);
    expect(r.outcome.status).toBe('completed');
    expect(r.result('back')!.outputs['fingerprint']).toBe(r.result('make')!.outputs['fingerprint']);
    // The making step recorded the custody the combine step was told.
    expect(r.result('make')!.outputs['custody']).toBe('shamir');
    expect(r.result('make')!.summary).toMatch(/as Shamir shares, any 2 of 3 \(custody: shamir\)/);
    // One form per custodian, each with one hidden field, and a hand-over screen between them.
    const back = r.operator.prompts.filter((p) => p.instanceId === 'back').map((p) => p.type);
    expect(back).toEqual(['form', 'show', 'form', 'secret']);
    const forms = r.operator.prompts.filter((p) => p.type === 'form' && p.instanceId === 'back') as Extract<
      Prompt,
      { type: 'form' }
    >[];
    expect(forms.map((f) => f.fields.map((x) => [x.name, x.secret]))).toEqual([[['part1', true]], [['part2', true]]]);
    expect(forms[0]!.title).toMatch(/Ann only \(part 1 of 2\)/);
    expect(forms[1]!.title).toMatch(/Bo only \(part 2 of 2\)/);
  });

  it('secret: combine refuses a share that fails its checksum, naming whose, and asks that custodian again', async () => {
    const typo = (share: string) => (share[0] === 'A' ? 'B' : 'A') + share.slice(1);
    const r = await makeAndCombine({ secret: 'shamir' }, { custody: 'shamir', custodians: ['Ann', 'Bo'] }, (s) => [
      s[0]!,
      [typo(s[1]!), s[1]!],
    ]);
    expect(r.outcome.status).toBe('completed');
    expect(r.logs.join('\n')).toMatch(/Bo's share \(part 2 of 2\) is refused: the share’s checksum does not match/);
    expect(r.logs.join('\n')).not.toMatch(/Ann's share/);

    const never = await makeAndCombine({ secret: 'shamir' }, { custody: 'shamir' }, (s) => [typo(s[0]!), s[1]!]);
    expect(never.outcome.status).toBe('aborted');
    expect(never.result('back')!.summary).toMatch(
      /^custodian 1's share \(part 1 of 2\) was refused 3 times: the share’s checksum/,
    );
  });

  it('secret: combine never guesses the custody: halves are joined in order, a half typed as a share is refused', async () => {
    const halves = await makeAndCombine({ secret: 'passphrase', split: 'halves' }, { custody: 'halves' }, (s) => [
      s[0]!,
      s[1]!,
    ]);
    expect(halves.outcome.status).toBe('completed');
    expect(halves.result('make')!.outputs['custody']).toBe('halves');
    expect(halves.result('back')!.outputs['fingerprint']).toBe(halves.result('make')!.outputs['fingerprint']);
    // Told "shamir", halves are not quietly joined: the first custodian's part is refused by its checksum.
    const wrong = await makeAndCombine({ secret: 'passphrase', split: 'halves' }, { custody: 'shamir' }, (s) => [
      s[0]!,
      s[1]!,
    ]);
    expect(wrong.outcome.status).toBe('aborted');
    expect(wrong.result('back')!.summary).toMatch(/^custodian 1's share \(part 1 of 2\) was refused/);
  });

  it('show: secret refuses, at run time too, a link that is not a Microsoft sign-in page', async () => {
    for (const [url, status] of [
      ['https://aka.ms/mysecurityinfo', 'completed'],
      ['https://mysignins.microsoft.com/security-info', 'completed'],
      ['https://evil.example/login', 'aborted'],
    ] as const) {
      const rb = runbook([
        step('pw', 'secret', { secret: 'password', name: 'pw' }),
        step('again', 'show', { show: 'secret' }, { with: { secret: 'pw', url } }),
      ]);
      const { outcome, finished, operator } = await go(rb);
      expect(outcome.status, url).toBe(status);
      const shown = operator.prompts.filter((p) => p.type === 'secret' && p.instanceId === 'again');
      if (status === 'aborted') {
        expect(shown).toHaveLength(0);
        expect(finished('again')[0]!.summary).toMatch(/^Not shown: evil\.example is not a Microsoft sign-in page/);
      } else expect(shown).toHaveLength(1);
    }
  });

  it('secret: combine without `custody` does not validate', () => {
    const k = testCatalog().stepKind('secret')!;
    expect(() => k.describe(k.schema.parse({ secret: 'combine' }), step('b', 'secret'), testCatalog())).toThrow(
      /needs `custody: shamir` or `custody: halves`/,
    );
    expect(() =>
      k.describe(k.schema.parse({ secret: 'passphrase', custody: 'halves' }), step('b', 'secret'), testCatalog()),
    ).toThrow(/`custody` belongs to `secret: combine`/);
  });

  it('secret: combine checks expectFingerprint: the recorded one passes, another fails the step', async () => {
    for (const [expect_, status] of [
      ['${steps.make.fingerprint}', 'completed'],
      ['secret:scrypt:000000000000', 'aborted'],
    ] as const) {
      const r = await makeAndCombine({ secret: 'shamir' }, { custody: 'shamir', expectFingerprint: expect_ }, (s) => [
        s[1]!,
        s[2]!,
      ]);
      expect(r.outcome.status).toBe(status);
      if (status === 'aborted')
        expect(r.outcome.reason).toMatch(/does not match the recorded fingerprint secret:scrypt:000000000000/);
    }
  });
});

describe('engine: wait', () => {
  it('polls a query until done, emitting progress with a deadline; times out as fail', async () => {
    const { z } = await import('zod');
    let polls = 0;
    const catalog = testCatalog().with({
      queries: [
        {
          id: 'test.ready',
          title: 'test readiness',
          permissions: {},
          outputs: ['done'],
          args: z.object({ after: z.number() }),
          async run(a: { after: number }) {
            polls++;
            return { outputs: { done: polls >= a.after }, summary: `poll ${polls}` };
          },
        },
      ],
    });
    const rb = runbook([
      step('w', 'wait', { wait: 'test.ready', timeout: 'PT1M', interval: 'PT10S' }, { with: { after: 3 } }),
    ]);
    const { outcome, operator, finished } = await go(rb, {}, { catalog });
    expect(outcome.status).toBe('completed');
    expect(finished('w')[0]!.summary).toMatch(/after 20s/);
    const progress = operator.events.filter((e) => e.type === 'step-progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({ deadline: '2025-01-14T09:01:00.000Z' });
    polls = 0;
    const slow = runbook([
      step('w', 'wait', { wait: 'test.ready', timeout: 'PT30S', interval: 'PT10S' }, { with: { after: 100 } }),
    ]);
    const timedOut = await go(slow, {}, { catalog });
    expect(timedOut.outcome.status).toBe('aborted');
    expect(timedOut.finished('w')[0]).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/Timed out after 30s/),
    });
  });
});
