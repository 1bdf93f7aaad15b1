/**
 * One step count: the overview ("Steps (20)"), the progress line ("[12/20]", "Step 12 of 20") and
 * the report ("20 steps: 9 done, 11 skipped") give the same number for a run that skips a branch —
 * all three from src/runbook/step-numbers.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../src/practice/server.js';
import { describeRunbook } from '../src/screens/overview-model.js';
import { overviewLines } from '../src/plain/overview-lines.js';
import { builtInCatalog } from '../src/steps/catalog.js';
import { emergencyByKeyAnswers, loadShipped, runOnPractice, signers, startServer } from './runbooks/harness.js';

const BG = 'bg-admin-01@contosopractice.onmicrosoft.com';

describe('overview, progress and report count the steps the same way', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => server?.close());

  it('emergency-sign-in by security key: the other doors are skipped, and counted once each everywhere', async () => {
    const runbook = await loadShipped('emergency-sign-in.md');
    const overview = overviewLines(describeRunbook(runbook, builtInCatalog()), 100).join('\n');
    const onOverview = Number(/^Steps \((\d+)\)/m.exec(overview)?.[1]);

    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const run = await runOnPractice({
      server,
      runbook,
      inputs: { account: BG },
      signers: keys,
      answers: emergencyByKeyAnswers(keys),
    });
    expect(run.outcome.status, run.transcript.join('\n')).toBe('completed');

    // Progress: every "[i/total]" line names the same total, and the last step is "total of total".
    const progress = run.transcript.flatMap((l) => {
      const m = /^\[(\d+)\/(\d+)\]/.exec(l);
      return m ? [{ i: Number(m[1]), total: Number(m[2]) }] : [];
    });
    const totals = [...new Set(progress.map((p) => p.total))];
    expect(totals).toHaveLength(1);
    expect(Math.max(...progress.map((p) => p.i))).toBe(totals[0]);

    const md = readFileSync(join(run.runDir, 'report.md'), 'utf8');
    const html = readFileSync(join(run.runDir, 'report.html'), 'utf8');
    const inMd = Number(/^\| Steps \| (\d+) steps: /m.exec(md)?.[1]);
    const inHtml = Number(/<dt>Steps<\/dt><dd>(\d+) steps: /.exec(html)?.[1]);
    // A branch was skipped, and the skipped steps are in the count.
    expect(md).toMatch(/^\| Steps \| \d+ steps: .*\d+ skipped/m);

    expect({ overview: onOverview, progress: totals[0], reportMd: inMd, reportHtml: inHtml }).toEqual({
      overview: runbook.steps.length,
      progress: runbook.steps.length,
      reportMd: runbook.steps.length,
      reportHtml: runbook.steps.length,
    });
  });
});
