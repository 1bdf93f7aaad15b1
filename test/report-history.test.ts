import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCadence, dueText } from '../src/report/cadence.js';
import { criticalOverride, dueDates, lastRuns, latencyTrend, listReports } from '../src/report/history.js';
import { createKeyPair } from '../src/report/keys.js';
import { formatHistory, renderHistoryHtml } from '../src/report/render-history.js';
import { writeSampleRun } from '../src/report/sample-run.js';
import { barLines, sparkline } from '../src/report/trend.js';
import { writeReport } from '../src/report/write.js';
import { addTrustAnchor } from '../src/report/trust.js';

const PASS = 'history test passphrase';
let state: string;

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'bg-hist-'));
  const op = await createKeyPair({ name: 'Dana', dir: join(state, 'keys'), passphrase: PASS });
  const wi = await createKeyPair({ name: 'Sam', dir: join(state, 'keys'), passphrase: PASS });
  // The organisation trusts these two keys (`breakglass keys trust`): history counts only their signatures.
  await addTrustAnchor(state, { pem: op.publicKeyPem, role: 'operator', name: 'Dana Whitfield' });
  await addTrustAnchor(state, { pem: wi.publicKeyPem, role: 'witness', name: 'Sam Okafor' });
  const both = [
    { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS },
    { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS },
  ];
  const runs = join(state, 'runs');
  // Q1 live, fully signed, 3 min 40 s; Q2 live, only the operator signed (incomplete), 2 min 10 s; a practice run after that, 1 min.
  const q1 = await writeSampleRun({
    dir: runs,
    mode: 'live',
    start: new Date('2025-01-10T09:00:00Z'),
    alertLatencyMs: 220_000,
    tenantLabel: 'contoso.onmicrosoft.com',
  });
  await writeReport({ runDir: q1.runDir, signers: both });
  const q2 = await writeSampleRun({
    dir: runs,
    mode: 'live',
    start: new Date('2025-04-08T09:00:00Z'),
    alertLatencyMs: 130_000,
    tenantLabel: 'contoso.onmicrosoft.com',
  });
  await writeReport({ runDir: q2.runDir, signers: [both[0]!] });
  const p = await writeSampleRun({ dir: runs, start: new Date('2025-05-02T09:00:00Z'), alertLatencyMs: 60_000 });
  await writeReport({ runDir: p.runDir, signers: both });
  // A run whose report was tampered with after signing.
  const t = await writeSampleRun({
    dir: runs,
    mode: 'live',
    start: new Date('2025-05-20T09:00:00Z'),
    tenantLabel: 'contoso.onmicrosoft.com',
  });
  const res = await writeReport({ runDir: t.runDir, signers: both });
  const { readFile } = await import('node:fs/promises');
  await writeFile(res.envelopePath, (await readFile(res.envelopePath, 'utf8')).replace(/"sig": "./, '"sig": "A'));
  // An unfinished run without a report is not listed.
  await writeSampleRun({ dir: runs, start: new Date('2025-06-01T09:00:00Z'), aborted: true });
});
afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('history', () => {
  it('lists reports oldest first with their check state', async () => {
    const e = await listReports(state);
    expect(e.map((x) => [x.at.slice(0, 10), x.practice, x.check])).toEqual([
      ['2025-01-10', false, 'intact'],
      ['2025-04-08', false, 'incomplete'],
      ['2025-05-02', true, 'intact'],
      ['2025-05-20', false, 'invalid'],
    ]);
    expect(e[1]!.missingRoles).toEqual(['witness']);
    expect(e[0]!.signedBy).toEqual(['operator Dana Whitfield', 'witness Sam Okafor']);
  });

  it('next due counts only live, fully signed, completed drills (not practice, not incomplete, not tampered)', async () => {
    const due = dueDates(await listReports(state));
    expect(due).toEqual([
      {
        runbookId: 'quarterly-validation',
        cadence: 'P90D',
        lastDone: expect.stringMatching(/^2025-01-10/),
        nextDue: expect.stringMatching(/^2025-04-10/),
      },
    ]);
    const last = await lastRuns(state);
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({
      runbookId: 'quarterly-validation',
      result: 'passed-with-warnings',
      signed: false,
      dueState: 'scheduled',
    });
    expect(last[0]!.nextDue).toMatch(/^2025-04-10/);
  });

  it('filters by tenant and runbook', async () => {
    expect(await listReports(state, { tenant: 'PRACTICE' })).toHaveLength(1);
    expect(await listReports(state, { runbook: 'nope' })).toHaveLength(0);
    expect((await listReports(state, { tenant: '7d3c1f9a' })).length).toBe(4);
  });

  it('shows the alert-latency trend in the terminal and in HTML', async () => {
    const e = await listReports(state);
    const trend = latencyTrend(e, 'quarterly-validation');
    expect(trend.map((p) => p.ms)).toEqual([220_000, 130_000, 60_000]);
    expect(sparkline(trend)).toBe('█▅▃');
    expect(barLines(trend, 10)[0]).toBe('2025-01-10  ██████████  3 min 40 s');
    const text = formatHistory(
      state,
      e,
      dueDates(e),
      [{ runbookId: 'quarterly-validation', points: trend }],
      new Date('2025-03-01T00:00:00Z'),
    );
    expect(text).toContain('Alert latency, quarterly-validation  █▅▃');
    expect(text).toContain('2025-04-10 (in 40 days)');
    expect(text).toContain('(practice)');
    expect(text).toMatch(/invalid\n.*\n\s+! /);
    const html = renderHistoryHtml(e, dueDates(e), [{ runbookId: 'quarterly-validation', points: trend }], new Date());
    expect(html.match(/<rect /g)).toHaveLength(3);
  });

  it('cadence arithmetic is calendar-aware', () => {
    expect(addCadence(new Date('2025-01-31T00:00:00Z'), 'P3M')!.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(addCadence(new Date('2025-01-01T00:00:00Z'), 'P90D')!.toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(addCadence(new Date('2025-01-01T00:00:00Z'), 'P1Y2W')!.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(addCadence(new Date(), 'quarterly')).toBeUndefined();
    expect(dueText(new Date('2025-01-01'), new Date('2025-01-05'))).toBe('OVERDUE by 4 days');
  });

  it('an empty state dir says how to get a first report', async () => {
    expect(formatHistory('/nowhere', [], [], [], new Date())).toContain('No reports yet');
    expect(await listReports('/nonexistent/state')).toEqual([]);
  });
});

describe('report.html trend', () => {
  it('a drill report shows the alert latency of earlier verified drills of the same runbook and tenant', async () => {
    const { readFile } = await import('node:fs/promises');
    const runs = join(state, 'runs');
    const { runDir } = await writeSampleRun({
      dir: runs,
      mode: 'live',
      start: new Date('2025-07-01T09:00:00Z'),
      alertLatencyMs: 95_000,
    });
    const res = await writeReport({ runDir, signers: [] });
    const html = await readFile(res.htmlPath, 'utf8');
    expect(html).toContain('Alert latency across drills');
    expect(html).toContain('not part of this signed report');
    // Q1, Q2, the practice run and this one (the tampered report is left out).
    expect(html.match(/<rect /g)).toHaveLength(4);
  });
});

describe('history counts only trusted signatures and no overridden critical failure', () => {
  it('a LIVE report re-signed with fresh keys under the original names is "untrusted" and moves no due date', async () => {
    const { readFile } = await import('node:fs/promises');
    const { createKeyPair: mk } = await import('../src/report/keys.js');
    const alt = await mkdtemp(join(tmpdir(), 'bg-hist-forged-'));
    try {
      // Same trust anchors as the organisation's state dir; the forger holds only fresh keys.
      await writeFile(join(alt, 'trusted-keys.json'), await readFile(join(state, 'trusted-keys.json')));
      const fo = await mk({ name: 'Forged Dana', dir: join(alt, 'keys'), passphrase: PASS });
      const fw = await mk({ name: 'Forged Sam', dir: join(alt, 'keys'), passphrase: PASS });
      const run = await writeSampleRun({
        dir: join(alt, 'runs'),
        mode: 'live',
        start: new Date('2025-09-01T09:00:00Z'),
      });
      await writeReport({
        runDir: run.runDir,
        signers: [
          { role: 'operator', name: 'Dana Whitfield', keyPath: fo.privatePath, passphrase: PASS },
          { role: 'witness', name: 'Sam Okafor', keyPath: fw.privatePath, passphrase: PASS },
        ],
      });
      const [e] = await listReports(alt);
      expect(e).toMatchObject({ check: 'untrusted', result: 'passed-with-warnings', practice: false });
      expect(dueDates([e!])).toEqual([{ runbookId: 'quarterly-validation', cadence: 'P90D', nextDue: undefined }]);
      expect(formatHistory(alt, [e!], dueDates([e!]), [], new Date('2025-09-02T00:00:00Z'), true)).toContain(
        'signed by keys that are not trusted: breakglass keys trust <pub.pem>',
      );
    } finally {
      await rm(alt, { recursive: true, force: true });
    }
  });

  it('an overridden critical failure does not reset the due date; an overridden low-severity one does', () => {
    const check = (severity: string, verdict: string) => ({ severity, verdict });
    const report = (steps: object[]) => ({ steps }) as unknown as Parameters<typeof criticalOverride>[0];
    expect(criticalOverride(report([{ status: 'overridden', checks: [check('critical', 'fail')] }]))).toBe(true);
    expect(criticalOverride(report([{ status: 'overridden', checks: [] }]))).toBe(true); // no severity known: fails closed
    expect(
      criticalOverride(report([{ status: 'overridden', checks: [check('low', 'fail'), check('critical', 'pass')] }])),
    ).toBe(false);
    expect(criticalOverride(report([{ status: 'pass', checks: [check('critical', 'pass')] }]))).toBe(false);
    const entry = (at: string, result: 'passed' | 'passed-with-overrides', critical: boolean) => ({
      runDir: '',
      runId: at,
      runbookId: 'quarterly-validation',
      runbookTitle: '',
      at,
      result,
      practice: false,
      tenant: 't',
      signedBy: [],
      missingRoles: [],
      check: 'intact' as const,
      cadence: 'P90D',
      ...(critical ? { criticalOverride: true } : {}),
    });
    expect(
      dueDates([
        entry('2025-01-10T10:00:00Z', 'passed', false),
        entry('2025-04-01T10:00:00Z', 'passed-with-overrides', true),
      ])[0]!.lastDone,
    ).toBe('2025-01-10T10:00:00Z');
    expect(
      dueDates([
        entry('2025-01-10T10:00:00Z', 'passed', false),
        entry('2025-04-01T10:00:00Z', 'passed-with-overrides', false),
      ])[0]!.lastDone,
    ).toBe('2025-04-01T10:00:00Z');
  });
});
