import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { buildHomeModel, dueWords, hasBreakGlassSetup, type LibraryEntry } from './home-model.js';
import { Home } from './Home.js';
import type { OverviewModel } from './overview-model.js';
import { markdownTree } from '../components/markdown-lines.js';

afterEach(() => cleanup());

const now = new Date('2026-06-01T00:00:00Z');
const entry = (id: string, title: string, cadence?: string, errors = 0): LibraryEntry => ({
  id,
  title,
  version: '1.0.0',
  cadence,
  path: `/rb/${id}.md`,
  source: 'shipped',
  summary: '',
  diagnostics: Array.from({ length: errors }, () => ({
    severity: 'error' as const,
    message: 'unknown step kind',
    line: 12,
    col: 1,
  })),
  runbook: errors ? undefined : { source: { sha256: id.padEnd(64, '0') } },
});

const model = buildHomeModel(
  [
    entry('quarterly', 'Quarterly validation', 'P90D'),
    entry('alert', 'Alert drill', 'P30D'),
    entry('setup', 'Setup'),
    entry('broken', 'Broken one', undefined, 1),
    entry('rotate', 'Rotation', 'P180D'),
  ],
  [
    {
      runbookId: 'quarterly',
      at: '2026-01-10T10:00:00Z',
      result: 'passed',
      signed: true,
      nextDue: '2026-04-10T10:00:00Z',
      dueState: 'scheduled',
      practice: false,
    },
    {
      runbookId: 'rotate',
      at: '2026-05-01T10:00:00Z',
      result: 'passed',
      signed: false,
      nextDue: '2026-10-28T10:00:00Z',
      dueState: 'scheduled',
      practice: false,
    },
  ],
  [
    {
      runId: '20260531-120000-alert-1a2b',
      runbookTitle: 'Alert drill',
      tenantLabel: 'PRACTICE · healthy',
      practice: true,
      startedAt: '2026-05-31T12:00:00Z',
      lastActivity: '2026-05-31T12:05:00Z',
      currentStep: 'wait-for-alert',
    },
  ],
  { label: 'PRACTICE · healthy', practice: true },
  now,
);

describe('home model', () => {
  it('puts overdue first, then never-done-live, and invalid runbooks last', () => {
    expect(model.runbooks.map((r) => [r.id, r.due])).toEqual([
      ['quarterly', 'overdue'],
      ['alert', 'never-done-live'],
      ['rotate', 'scheduled'],
      ['setup', 'no-cadence'],
      ['broken', 'no-cadence'],
    ]);
    expect(model.runbooks.at(-1)!.problem).toContain('line 12');
  });

  it('puts set-up runbooks first, in words, while the tenant has no break-glass set-up', () => {
    const entries = [
      entry('quarterly', 'Quarterly validation', 'P90D'),
      { ...entry('setup', 'Setup'), purpose: 'setup' },
    ];
    const fresh = buildHomeModel(entries, [], [], { label: 'contoso', practice: false }, now, { needsSetup: true });
    expect(fresh.needsSetup).toBe(true);
    expect(fresh.runbooks.map((r) => r.id)).toEqual(['setup', 'quarterly']);
    expect(dueWords(fresh.runbooks[0]!)).toBe('START HERE — not set up yet');
    const set = buildHomeModel(entries, [], [], { label: 'contoso', practice: false }, now);
    expect(set.runbooks.map((r) => r.id)).toEqual(['quarterly', 'setup']);
  });

  it('knows a tenant has a set-up from a passed live set-up run, or from the practice scenario', () => {
    const entries = [{ id: 'setup', purpose: 'setup' }, { id: 'quarterly' }];
    const run = (runbookId: string, result: string, practice = false) => ({ runbookId, result, practice });
    expect(hasBreakGlassSetup(entries, [], { practice: false })).toBe(false);
    expect(hasBreakGlassSetup(entries, [run('quarterly', 'passed')], { practice: false })).toBe(false);
    expect(hasBreakGlassSetup(entries, [run('setup', 'failed')], { practice: false })).toBe(false);
    expect(hasBreakGlassSetup(entries, [run('setup', 'passed', true)], { practice: false })).toBe(false);
    expect(hasBreakGlassSetup(entries, [run('setup', 'passed-with-warnings')], { practice: false })).toBe(true);
    expect(hasBreakGlassSetup(entries, [], { practice: true, scenarioDeclaresSetup: true })).toBe(true);
    expect(hasBreakGlassSetup(entries, [run('setup', 'passed', true)], { practice: true })).toBe(false);
  });
});

describe('Home screen', () => {
  function show() {
    const onChoose = vi.fn();
    const describe = vi.fn(async (path: string): Promise<OverviewModel> => {
      // What the home command's describe throws for a runbook that does not validate.
      if (path === '/rb/broken.md')
        throw new Error('/rb/broken.md:12:1: error: unknown step kind\n  hint: see docs/runbook-format.md');
      return {
        id: 'quarterly',
        title: 'Quarterly validation',
        version: '1.0.0',
        summary: 'Check everything.',
        summaryTree: markdownTree('Check everything.'),
        sha256: 'q'.repeat(64),
        path,
        readOnly: true,
        steps: [
          {
            number: '1.',
            title: 'Read policies',
            kind: 'check',
            mutating: false,
            destructive: false,
            risk: 'read',
            ref: '1.',
            depth: 0,
          },
        ],
        stepCount: 0,
        mutatingCount: 0,
        privilegeSteps: [],
        secretSteps: [],
        permissions: { graph: ['Policy.Read.All'], arm: [], logs: [] },
        inputs: [],
        signoff: ['operator', 'witness'],
      };
    });
    const app = render(
      <Home model={model} tenant={model.tenant} describe={describe} onChoose={onChoose} version="0.1.0" />,
    );
    return { app, onChoose, describe, frame: () => stripAnsi(app.lastFrame() ?? '') };
  }

  it('shows the tenant, unfinished runs first, and overdue drills in words', async () => {
    const { frame } = show();
    const f = await waitFor(frame, (f) => f.includes('Runbooks:'));
    const lines = f.split('\n');
    expect(lines[0]).toContain('PRACTICE');
    const resumeAt = lines.findIndex((l) => l.includes('↻ RESUME Alert drill'));
    const runbooksAt = lines.findIndex((l) => l.includes('Runbooks:'));
    expect(resumeAt).toBeGreaterThan(0);
    expect(resumeAt).toBeLessThan(runbooksAt);
    expect(f).toContain('Quarterly validation · OVERDUE since 2026-04-10 · last 2026-01-10 passed, signed');
    expect(f).toContain('Alert drill · DUE — never done live · never run');
    expect(f).toContain('Rotation · next 2026-10-28 · last 2026-05-01 passed, NOT signed');
    expect(f).toContain('Broken one · INVALID: 1 error(s), e.g. line 12: unknown step kind');
  });

  it('Enter on an unfinished run resumes it', async () => {
    const { app, onChoose, frame } = show();
    await waitFor(frame, (f) => f.includes('Runbooks:'));
    await type(app.stdin, KEY.enter);
    expect(onChoose).toHaveBeenCalledWith({ action: 'resume', runId: '20260531-120000-alert-1a2b' });
  });

  it('Enter on a runbook opens its overview; Enter there runs it, Esc returns', async () => {
    const { app, onChoose, describe, frame } = show();
    await waitFor(frame, (f) => f.includes('Runbooks:'));
    await type(app.stdin, KEY.down, KEY.enter);
    let f = await waitFor(frame, (f) => f.includes('Enter start · Esc back'));
    expect(describe).toHaveBeenCalledWith('/rb/quarterly.md');
    expect(f).toContain('Graph: Policy.Read.All');
    expect(f).toContain('none changes the tenant');
    await type(app.stdin, KEY.esc);
    f = await waitFor(frame, (f) => f.includes('Runbooks:'));
    await type(app.stdin, KEY.enter);
    await waitFor(frame, (f) => f.includes('Enter start'));
    await type(app.stdin, KEY.enter);
    expect(onChoose).toHaveBeenCalledWith({ action: 'run', path: '/rb/quarterly.md', sha256: 'q'.repeat(64) });
  });

  it('opening an invalid runbook shows its first error at file:line:col instead of the overview', async () => {
    const { app, onChoose, describe, frame } = show();
    await waitFor(frame, (f) => f.includes('Runbooks:'));
    await type(app.stdin, KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter);
    const f = await waitFor(frame, (f) => f.includes('cannot be opened'));
    expect(describe).toHaveBeenCalledWith('/rb/broken.md');
    expect(f).toContain('Broken one cannot be opened:\n/rb/broken.md:12:1: error: unknown step kind');
    expect(f).not.toContain('Enter start');
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('is up at once while the library loads, and q already works', async () => {
    const onChoose = vi.fn();
    const app = render(
      <Home
        model={undefined}
        tenant={{ label: 'contoso.onmicrosoft.com', practice: false }}
        describe={vi.fn()}
        onChoose={onChoose}
      />,
    );
    const f = await waitFor(
      () => stripAnsi(app.lastFrame() ?? ''),
      (f) => f.includes('Reading runbooks'),
    );
    expect(f).toContain('LIVE');
    expect(f).toContain('contoso.onmicrosoft.com');
    await type(app.stdin, 'q');
    expect(onChoose).toHaveBeenCalledWith({ action: 'quit' });
  });

  it('? lists the keys; q quits', async () => {
    const { app, onChoose, frame } = show();
    await waitFor(frame, (f) => f.includes('Runbooks:'));
    await type(app.stdin, '?');
    const f = await waitFor(frame, (f) => f.includes('Keys — home'));
    expect(f).toMatch(/Enter\s+resume the run \/ open the runbook overview/);
    await type(app.stdin, KEY.esc, 'q');
    expect(onChoose).toHaveBeenCalledWith({ action: 'quit' });
  });
});
