import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { OperatorQuit, type CheckResult, type SecretDisplay } from '../core/events.js';
import { SecretSurfaceContext, type SecretSurface } from '../components/SecretNotice.js';
import { checkResult, KEY, result, run, stripAnsi, tick, type, waitFor } from '../../test/tui-helpers.js';
import { RunStore } from './run-store.js';
import { StepRunner } from './StepRunner.js';

afterEach(() => cleanup());

function setup(surface?: SecretSurface) {
  const store = new RunStore({ fingerprint: () => 'sha256:feedface' });
  const app = render(
    <SecretSurfaceContext.Provider value={surface ?? null}>
      <StepRunner store={store} />
    </SecretSurfaceContext.Provider>,
  );
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  const all = () => app.frames.join('\n');
  return { store, app, frame, all, until: (p: (f: string) => boolean) => waitFor(frame, p) };
}

function startStep(
  store: RunStore,
  over: Partial<{ title: string; prose: string; mutating: boolean; index: number }> = {},
) {
  store.emit({ type: 'run-started', run, resumed: false });
  store.emit({
    type: 'step-started',
    instanceId: 's1',
    stepId: 's1',
    index: over.index ?? 2,
    total: 5,
    title: over.title ?? 'Create the accounts',
    prose: over.prose ?? 'Create **two** accounts on the `onmicrosoft.com` domain.',
    kind: 'manual',
    mutating: over.mutating ?? true,
  });
}

describe('StepRunner', () => {
  it('shows the header (PRACTICE as a word, step n/N), the step title with the tenant-change mark and the prose', async () => {
    const { store, until } = setup();
    startStep(store);
    const f = await until((f) => f.includes('2/5 Create the accounts'));
    expect(f).toContain('PRACTICE');
    expect(f).toMatch(/PRACTICE\s+healthy · step 2\/5 · \d\d:\d\d · Quarterly break-glass validation/);
    expect(f).toContain('✎ changes tenant');
    expect(f).toContain('Create two accounts on the onmicrosoft.com domain.');
    expect(f).toContain('? keys · q quit');
  });

  it('answers a confirm with y, and the finished step lands in the transcript', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const answer = store.ask({ type: 'confirm', instanceId: 's1', message: 'Did you create both accounts?' });
    await until((f) => f.includes('Did you create both accounts? [Y/n]'));
    await type(app.stdin, 'y');
    await expect(answer).resolves.toBe(true);
    store.emit({ type: 'step-finished', instanceId: 's1', result: result({ summary: 'operator confirmed' }) });
    const f = await until((f) => f.includes('✓ done'));
    expect(f).toMatch(/✓ done\s+2\/5 Create the accounts ✎ — operator confirmed/);
  });

  it('? lists the keys of the widget on screen, and they do what it says', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const answer = store.ask({ type: 'confirm', instanceId: 's1', message: 'Continue?', defaultYes: false });
    await until((f) => f.includes('[y/N]'));
    await type(app.stdin, '?');
    const help = await until((f) => f.includes('Keys — confirm'));
    expect(help).toMatch(/y\s+yes/);
    expect(help).toMatch(/n\s+no/);
    expect(help).toMatch(/Enter\s+the default/);
    expect(help).toMatch(/q\s+quit/);
    await type(app.stdin, KEY.esc);
    await until((f) => f.includes('[y/N]'));
    await type(app.stdin, KEY.enter); // the default: no
    await expect(answer).resolves.toBe(false);
  });

  it('q asks before quitting, says exactly how to resume, and rejects the pending ask with OperatorQuit', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const answer = store.ask({ type: 'confirm', instanceId: 's1', message: 'Continue?' });
    const settled = answer.catch((e) => e);
    await until((f) => f.includes('Continue?'));
    await type(app.stdin, 'q');
    const f = await until((f) => f.includes('Quit now?'));
    expect(f).toContain('breakglass resume run-2025-01-01-abc123');
    await type(app.stdin, 'n');
    await until((f) => !f.includes('Quit now?') && f.includes('Continue?'));
    await type(app.stdin, 'q', 'y');
    expect(await settled).toBeInstanceOf(OperatorQuit);
    const end = await until((f) => f.includes('Stopped.'));
    expect(end).toMatch(/Continue later with:\n {2}breakglass resume run-2025-01-01-abc123/);
    // a later ask is refused at once
    await expect(store.ask({ type: 'confirm', instanceId: 's2', message: 'x' })).rejects.toBeInstanceOf(OperatorQuit);
  });

  it('text and Enter arriving in one read (paste, laggy link) both count', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const answer = store.ask({
      type: 'form',
      instanceId: 's1',
      title: 'Key',
      fields: [{ name: 'label', type: 'string', label: 'Label', required: true }],
    });
    await until((f) => f.includes('Label'));
    await type(app.stdin, 'KEY-7\r');
    await expect(answer).resolves.toEqual({ label: 'KEY-7' });
  });

  it('Ctrl+C twice quits even while typing in a field', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const answer = store
      .ask({
        type: 'form',
        instanceId: 's1',
        title: 'Accounts',
        fields: [{ name: 'upn', type: 'upn', label: 'UPN', required: true }],
      })
      .catch((e) => e);
    await until((f) => f.includes('UPN'));
    await type(app.stdin, 'q'); // typed into the field, not a quit
    let f = await until((f) => f.includes('UPN: q'));
    expect(f).not.toContain('Quit now?');
    expect(f).toContain('Ctrl+C quit');
    await type(app.stdin, KEY.ctrlC);
    f = await until((f) => f.includes('Quit now?'));
    await type(app.stdin, KEY.ctrlC);
    expect(await answer).toBeInstanceOf(OperatorQuit);
  });

  it('never renders a secret in the Ink tree; it goes to the secret surface and is cleared on Enter', async () => {
    const calls: string[] = [];
    const surface: SecretSurface = {
      show: (s: SecretDisplay) => calls.push(`show:${s.lines.join('|')}`),
      hide: () => calls.push('hide'),
    };
    const { store, app, all, until } = setup(surface);
    startStep(store);
    const secret: SecretDisplay = {
      title: 'Temporary Access Pass for bg1',
      lines: ['TAP: Xy7#kL9!pQ2m'],
      fingerprint: 'tap:0123456789ab',
    };
    const answer = store.ask({ type: 'secret', instanceId: 's1', secret });
    const f = await until((f) => f.includes('shown on a separate screen'));
    expect(f).toContain('tap:0123456789ab');
    expect(calls).toEqual(['show:TAP: Xy7#kL9!pQ2m']);
    await type(app.stdin, KEY.enter);
    await expect(answer).resolves.toEqual({ acknowledged: true });
    expect(calls).toEqual(['show:TAP: Xy7#kL9!pQ2m', 'hide']);
    store.emit({
      type: 'step-finished',
      instanceId: 's1',
      result: result({ summary: 'TAP shown (fingerprint tap:0123456789ab)' }),
    });
    await tick(50);
    expect(all()).not.toContain('Xy7#kL9!pQ2m');
  });

  it('q while a secret is up leaves the secret screen first; n brings it back, y quits', async () => {
    const calls: string[] = [];
    const surface: SecretSurface = { show: () => calls.push('show'), hide: () => calls.push('hide') };
    const { store, app, until } = setup(surface);
    startStep(store);
    const answer = store
      .ask({ type: 'secret', instanceId: 's1', secret: { title: 'TAP', lines: ['tap-secret'], fingerprint: 'tap:1' } })
      .catch((e) => e);
    await until((f) => f.includes('shown on a separate screen'));
    await type(app.stdin, 'q');
    await until((f) => f.includes('Quit now?') && calls.length >= 2);
    expect(calls).toEqual(['show', 'hide']);
    await type(app.stdin, 'n');
    // The secret surface is shown again by an effect after the frame that drops the dialog: wait for it.
    await until((f) => f.includes('shown on a separate screen') && calls.length >= 3);
    expect(calls).toEqual(['show', 'hide', 'show']);
    await type(app.stdin, 'q', 'y');
    expect(await answer).toBeInstanceOf(OperatorQuit);
    await until(() => calls.at(-1) === 'hide');
    expect(calls.at(-1)).toBe('hide');
  });

  it('a failure shows what / why / to do / request-id, and override takes a justification', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const answer = store.ask({
      type: 'failure',
      instanceId: 's1',
      canRetry: true,
      result: result({
        status: 'error',
        summary: 'could not read Conditional Access policies',
        error: {
          what: 'Reading policies failed',
          cause: 'the token lacks Policy.Read.All',
          todo: 'grant consent and retry',
          requestId: 'req-42',
        },
      }),
    });
    const f = await until((f) => f.includes('What: Reading policies failed'));
    expect(f).toContain('⚠ ERROR: could not read Conditional Access policies');
    expect(f).toContain('Why: the token lacks Policy.Read.All');
    expect(f).toContain('To do: grant consent and retry');
    expect(f).toContain('request-id req-42');
    expect(f).toContain('r retry · o override with justification · a abort');
    await type(app.stdin, 'o');
    await until((f) => f.includes('Why is it safe to go on?'));
    await type(app.stdin, 'short', KEY.enter);
    await until((f) => f.includes('at least 10 characters'));
    await type(app.stdin, ' but the policy was checked by hand', KEY.enter);
    await expect(answer).resolves.toEqual({
      choice: 'override',
      justification: 'short but the policy was checked by hand',
    });
  });

  it('failure with check results: table rows expand to findings, remediation and evidence', async () => {
    const { store, app, until } = setup();
    startStep(store);
    const check = (id: string, verdict: CheckResult['verdict'], name: string): CheckResult => ({
      id,
      title: `${id} title`,
      severity: 'high',
      verdict,
      reason: `${name} is not excluded`,
      objects: [{ type: 'policy', name }],
      findings: [{ object: { type: 'policy', name }, verdict, reason: 'group missing from excludeGroups' }],
      remediation: 'Add the exclusion group',
      source: 'break-glass guidance',
      evidence: [
        {
          service: 'graph',
          method: 'GET',
          path: '/v1.0/identity/conditionalAccess/policies',
          status: 200,
          durationMs: 5,
          retries: 0,
          requestId: 'rq-1',
          at: '',
        },
      ],
    });
    const answer = store.ask({
      type: 'failure',
      instanceId: 's1',
      canRetry: false,
      result: result({
        status: 'fail',
        summary: '2 checks failed',
        checks: [check('BG-003', 'fail', 'CA001'), check('BG-004', 'fail', 'CA002')],
      }),
    });
    let f = await until((f) => f.includes('BG-003'));
    expect(f).toMatch(/✗ FAIL\s+BG-003\s+CA001 CA001 is not excluded/);
    expect(f).not.toContain('r retry');
    await type(app.stdin, KEY.down, KEY.enter);
    f = await until((f) => f.includes('Fix: Add the exclusion group'));
    expect(f).toContain('group missing from excludeGroups');
    expect(f).toContain('request-id rq-1');
    await type(app.stdin, 'a');
    await until((f) => f.includes('Abort the run?'));
    await type(app.stdin, 'y');
    await expect(answer).resolves.toEqual({ choice: 'abort' });
  });

  it('sanitizes hostile tenant strings everywhere they are shown', async () => {
    const { store, app, all, until } = setup();
    startStep(store, { title: 'Evil\x1b]0;pwned\x07 step\u202e' });
    const answer = store.ask({
      type: 'action',
      instanceId: 's1',
      preview: {
        actionId: 'add-exclusion',
        summary: 'Add group to \x1b[2Jpolicy',
        target: { type: 'policy', name: 'CA\x1b[31m001\u200b\u2066' },
        alreadyDone: false,
        destructive: false,
      },
    });
    await until((f) => f.includes('Add group to policy'));
    const raw = all();
    expect(raw).not.toContain('\x1b]0;');
    expect(raw).not.toContain('\x1b[2J');
    expect(raw).not.toContain('\u202e');
    expect(raw).not.toContain('\u2066');
    expect(stripAnsi(app.lastFrame() ?? '')).toContain('Target: policy CA001');
    await type(app.stdin, 'n');
    await expect(answer).resolves.toEqual({ approved: false });
  });

  it('keeps the live region inside 24 rows with long prose, and PgDn scrolls it', async () => {
    const prose = Array.from({ length: 60 }, (_, i) => `Paragraph line number ${i + 1}.`).join('\n\n');
    const { store, app, until } = setup();
    startStep(store, { prose });
    store.ask({ type: 'confirm', instanceId: 's1', message: 'Done?' }).catch(() => undefined);
    const liveRows = (f: string) => f.split('\n').length - f.split('\n').findIndex((l) => l.includes(' step 2/5 · '));
    let f = await until((f) => f.includes('Done?'));
    expect(liveRows(f)).toBeLessThan(24);
    expect(liveRows(f)).toBeGreaterThan(18); // the room is used, not wasted
    expect(f).toContain('Paragraph line number 1.');
    expect(f).toMatch(/↓ \d+ more line\(s\)/);
    await type(app.stdin, KEY.pageDown);
    f = await until((f) => !f.includes('Paragraph line number 1.'));
    expect(f).toMatch(/↑ \d+ line\(s\) above/);
    expect(liveRows(f)).toBeLessThan(24);
  });

  it('never lets a huge failure overflow the screen: the choices and keys stay visible', async () => {
    const { store, until } = setup();
    startStep(store);
    const many: CheckResult[] = Array.from({ length: 20 }, (_, i) =>
      checkResult(
        `BG-${String(i + 1).padStart(3, '0')}`,
        'fail',
        'a reason that is long enough to wrap around the screen several times '.repeat(3),
        { title: 't', objects: [{ type: 'user', name: `user${i}@contoso.onmicrosoft.com` }] },
      ),
    );
    store
      .ask({
        type: 'failure',
        instanceId: 's1',
        canRetry: true,
        result: result({
          status: 'fail',
          summary: 'BG-001 FAIL: something; '.repeat(40),
          checks: many,
          error: { what: 'w '.repeat(100), cause: 'c '.repeat(100), todo: 't '.repeat(100) },
        }),
      })
      .catch(() => undefined);
    const f = await until((f) => f.includes('o override'));
    const lines = f.split('\n');
    const live = lines.length - lines.findIndex((l) => l.includes(' step 2/5 · '));
    expect(live).toBeLessThan(24);
    expect(lines.at(-1)).toContain('? keys · q quit');
    expect(f).toContain('r retry · o override with justification · a abort');
  });

  it('shows progress with a bar, percentage and countdown', async () => {
    const { store, until } = setup();
    startStep(store);
    store.emit({
      type: 'step-progress',
      instanceId: 's1',
      message: 'Waiting for the alert to fire',
      fraction: 0.5,
      deadline: new Date(Date.now() + 65_000).toISOString(),
    });
    const f = await until((f) => f.includes('Waiting for the alert'));
    expect(f).toContain('50%');
    expect(f).toMatch(/01:0[45] left/);
    expect(f).toContain('█');
  });

  it('ends on the report screen: path, fingerprint, how to verify', async () => {
    const { store, until } = setup();
    startStep(store);
    store.emit({
      type: 'run-finished',
      status: 'completed',
      runDir: '/state/runs/r1',
      reportPath: '/state/runs/r1/report.json',
      report: { result: 'PASSED', complete: true, signatures: 2, attention: [] },
    });
    const f = await until((f) => f.includes('Run completed'));
    expect(f).toContain('✓ Run completed · PASSED (PRACTICE — not a live drill)');
    expect(f).toContain('Signed report: /state/runs/r1/report.json');
    expect(f).toMatch(/Fingerprint \(sha256 of the report file\):\n {2}sha256:feedface/);
    expect(f).toContain('Verify it: breakglass verify /state/runs/r1/report.json');
  });

  it('a completed run whose required signature is missing does not end as a signed pass', async () => {
    const { store, until } = setup();
    startStep(store);
    const sign =
      "breakglass sign /state/runs/r1/report.dsse.json --key sam-okafor-KEYID.key.pem --role witness --name 'Sam Okafor'";
    store.emit({
      type: 'run-finished',
      status: 'completed',
      runDir: '/state/runs/r1',
      reportPath: '/state/runs/r1/report.dsse.json',
      report: {
        result: 'PASSED · NOT SIGNED BY WITNESS',
        complete: false,
        signatures: 1,
        verifyCommand: 'breakglass verify /state/runs/r1/report.dsse.json --state-dir /state',
        attention: [
          { level: 'OVERRIDDEN', text: 'BG-007 Exclusions — 1 policy does not exclude the group — overridden by Ada' },
          { level: 'NOT SIGNED', text: 'No witness signature — Sam Okafor is named as witness', todo: sign },
          { level: 'RETRIED', text: 'Wait for the alert — needed 2 attempts; it ended PASS' },
        ],
      },
    });
    const f = await until((f) => f.includes('Run completed'));
    expect(f).toContain('! Run completed · PASSED · NOT SIGNED BY WITNESS · 3 items need attention');
    expect(f).not.toContain('✓ Run completed');
    expect(f).toContain('OVERRIDDEN BG-007 Exclusions');
    expect(f).toContain('NOT SIGNED No witness signature');
    expect(f).toContain('RETRIED Wait for the alert');
    expect(f.replace(/\n\s*/g, ' ')).toContain(`→ ${sign}`);
    expect(f).not.toContain('Signed report');
    expect(f).toContain('Report (signed, incomplete): /state/runs/r1/report.dsse.json');
    expect(f).toContain('Verify it: breakglass verify /state/runs/r1/report.dsse.json --state-dir /state');
  });

  it('an aborted run with an unsigned report never says "Signed report"', async () => {
    const { store, until } = setup();
    startStep(store);
    store.emit({
      type: 'run-finished',
      status: 'aborted',
      reason: 'custodian unreachable',
      runDir: '/state/runs/r1',
      reportPath: '/state/runs/r1/report.dsse.json',
      report: {
        result: 'ABORTED · NOT SIGNED BY OPERATOR',
        complete: false,
        signatures: 0,
        attention: [{ level: 'ABORTED', text: 'The run was aborted — custodian unreachable' }],
      },
    });
    const f = await until((f) => f.includes('Run aborted'));
    expect(f).toContain('Report result: ABORTED · NOT SIGNED BY OPERATOR');
    expect(f).toContain('Report (NOT signed): /state/runs/r1/report.dsse.json');
    expect(f).not.toContain('Signed report');
  });

  it('shows the device code with its URL while signing in', async () => {
    const { store, until } = setup();
    startStep(store);
    store.showDeviceCode({
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://microsoft.com/devicelogin',
      expiresAt: new Date(Date.now() + 900_000),
      message: 'To sign in, open the page and enter the code.',
    });
    const f = await until((f) => f.includes('ABCD-EFGH'));
    expect(f).toContain('Open https://microsoft.com/devicelogin and enter the code');
    expect(f).toMatch(/Code expires in 1[45]:\d\d/);
  });
});
