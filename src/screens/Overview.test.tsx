import React from 'react';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { loadRunbook } from '../runbook/parse.js';
import { KEY, stripAnsi, type, waitFor } from '../../test/tui-helpers.js';
import { describeRunbook, type OverviewModel } from './overview-model.js';
import { overviewRows } from './overview-rows.js';
import { markdownTree } from '../components/markdown-lines.js';
import { RunStore } from './run-store.js';
import { Overview } from './Overview.js';
import { line, runsOfLines } from '../components/styled-lines.js';
import { StepRunner } from './StepRunner.js';
import { confirmOverview, markOverviewAccepted } from './overview-flow.js';
import { builtInCatalog } from '../steps/catalog.js';

const CATALOG = builtInCatalog();

afterEach(() => cleanup());

async function shipped(name: string) {
  const r = await loadRunbook(join(process.cwd(), 'runbooks', name), CATALOG);
  if (!r.runbook) throw new Error(`runbook ${name} does not load: ${JSON.stringify(r.diagnostics[0])}`);
  return r.runbook;
}

describe('runbook overview', () => {
  it('marks every step that changes the tenant, lists permissions, inputs and sign-off', async () => {
    const rb = await shipped('setup-conditional-access.md');
    const m = describeRunbook(rb, CATALOG);
    expect(m.mutatingCount).toBeGreaterThan(0);
    const text = overviewRows(m, 100)
      .map((r) => r.text)
      .join('\n');
    for (const s of m.steps.filter((s) => s.mutating && s.kind !== 'group'))
      expect(text).toMatch(new RegExp(`${s.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*✎ changes tenant`));
    for (const p of rb.permissions.graph) expect(text).toContain(p);
    expect(text).toContain('Permissions it will request:');
    expect(text).toContain(`sha256 ${rb.source.sha256.slice(0, 12)}`);
  });

  it('says the cadence in words, not as an ISO duration', async () => {
    const rb = await shipped('quarterly-validation.md');
    expect(rb.cadence).toBe('P90D');
    const text = overviewRows(describeRunbook(rb, CATALOG), 100)
      .map((r) => r.text)
      .join('\n');
    expect(text).toContain('· every 90 days');
    expect(text).not.toContain('P90D');
  });

  it('lists every input as asked next, with the default the form will show filled in', async () => {
    const rb = await shipped('emergency-sign-in.md');
    const text = overviewRows(describeRunbook(rb, CATALOG), 100)
      .map((r) => r.text)
      .join('\n');
    expect(text).toContain('Inputs (asked next, each filled in where it has a value; checked as you type):');
    expect(text).toContain(
      'Break-glass account to use — name@domain (default: bg-admin-01@contoso.onmicrosoft.com, can be changed)',
    );
  });

  it('a read-only runbook says none of its steps changes the tenant', async () => {
    const rb = await shipped('quarterly-validation.md');
    const m = describeRunbook(rb, CATALOG);
    const text = overviewRows(m, 100)
      .map((r) => r.text)
      .join('\n');
    if (m.mutatingCount === 0) expect(text).toContain('none changes the tenant');
    else expect(text).toContain('✎ changes tenant');
  });

  it('in the TUI: scrolls, Enter starts, Esc goes back, and the PRACTICE badge is on screen', async () => {
    const rb = await shipped('setup-conditional-access.md');
    const store = new RunStore();
    const app = render(<StepRunner store={store} tenant={{ label: 'PRACTICE · healthy', practice: true }} />);
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    const started = store.showOverview(describeRunbook(rb, CATALOG));
    let f = await waitFor(frame, (f) => f.includes('Enter start · Esc back'));
    expect(f).toContain('PRACTICE');
    expect(f).toContain(rb.title);
    expect(f.split('\n').length).toBeLessThan(24);
    await type(app.stdin, '?');
    f = await waitFor(frame, (f) => f.includes('Keys — overview'));
    expect(f).toMatch(/Enter\s+start this runbook/);
    await type(app.stdin, KEY.esc, KEY.pageDown);
    f = await waitFor(frame, (f) => f.includes('Enter start'));
    await type(app.stdin, KEY.enter);
    await expect(started).resolves.toBe(true);

    const back = store.showOverview(describeRunbook(rb, CATALOG));
    await waitFor(frame, (f) => f.includes('Enter start'));
    await type(app.stdin, KEY.esc);
    await expect(back).resolves.toBe(false);
  });

  it('is not shown twice when the home screen already started it', async () => {
    const rb = await shipped('quarterly-validation.md');
    let shown = 0;
    const fe = { overview: async () => (shown++, false) };
    markOverviewAccepted(rb.source.sha256);
    expect(await confirmOverview(fe, rb, CATALOG)).toBe(true);
    expect(shown).toBe(0);
    expect(await confirmOverview(fe, rb, CATALOG)).toBe(false);
    expect(shown).toBe(1);
  });

  it('draws rows that fit together and truncates any other row on its own line, as before', () => {
    const rows = [
      { text: 'Steps (2) — 1 changes the tenant:', bold: true },
      { text: '  1. Add the user  ✎ changes tenant (PRIVILEGE)', color: 'red' as const },
      { text: `  2. ${'long '.repeat(20)}end` },
      { text: '  3. 緊急アクセス用アカウントでサインインする' },
      { text: '' },
    ];
    // 60 columns: row 3 is too long, row 4 is of wide characters (2 columns each): each alone.
    expect(
      runsOfLines(
        rows.map((r) => line(r.text)),
        60,
      ).map((r) => [r.from, r.lines.length, r.alone]),
    ).toEqual([
      [0, 2, false],
      [2, 1, true],
      [3, 1, true],
      [4, 1, false],
    ]);
    // In Ink: the grouped rows read as they are; the long row ends in … within the width.
    const step = (number: string, title: string) => ({
      number,
      ref: number,
      title,
      kind: 'manual',
      mutating: false,
      destructive: false,
      risk: 'read' as const,
      depth: 0,
    });
    const model: OverviewModel = {
      id: 'x',
      title: 'Rows',
      version: '1.0.0',
      summary: 'Short summary.',
      summaryTree: markdownTree('Short summary.'),
      sha256: 'a'.repeat(64),
      path: '/runbooks/x.md',
      readOnly: true,
      steps: [
        step('1.', 'Read the guide'),
        step('2.', `${'long '.repeat(40)}end`),
        step('3.', '緊急アクセス'.repeat(12)),
      ],
      stepCount: 3,
      mutatingCount: 0,
      privilegeSteps: [],
      secretSteps: [],
      permissions: { graph: [], arm: [], logs: [] },
      inputs: [],
      signoff: [],
    };
    const app = render(<Overview model={model} onStart={() => {}} onBack={() => {}} />);
    const lines = stripAnsi(app.lastFrame() ?? '').split('\n');
    expect(lines).toContain('Short summary.');
    expect(lines).toContain('  1. Read the guide');
    const long = lines.find((l) => l.startsWith('  2. long'));
    expect(long).toMatch(/long…$/);
    expect(lines.find((l) => l.startsWith('  3. 緊急'))).toMatch(/…$/);
    expect(lines).toContain('Steps (3) — none changes the tenant:');
  });
});
