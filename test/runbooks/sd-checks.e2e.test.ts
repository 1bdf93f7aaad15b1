/**
 * `check --all` on a Security-Defaults tenant without Entra ID P1/P2, set up the way the
 * small-business runbook sets it up (security-defaults-fido2 on smb-security-defaults, whose
 * scenario holds no licence): every check either passes or says, naming the licence, why it does
 * not apply and what to do instead — exit 0 — in every output format. The tenant's licences are
 * read as Microsoft exposes them (organization.assignedPlans) and its licence errors are the
 * documented ones; nothing here tells the checks which tenant this is. The same tenant, broken,
 * still fails.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import type { CheckResult } from '../../src/core/events.js';
import { connectTenant } from '../../src/tenant/connect.js';
import { DEFAULT_PUBLIC_CLIENT_ID } from '../../src/config/tenant-config.js';
import { BUILT_IN_CHECKS } from '../../src/checks/index.js';
import { permissionsFor, runChecksDetailed } from '../../src/checks/run.js';
import { exitCodeFor, type CheckReport } from '../../src/checks/output/report.js';
import { renderJson } from '../../src/checks/output/json.js';
import { renderJunit } from '../../src/checks/output/junit.js';
import { renderSarif } from '../../src/checks/output/sarif.js';
import { renderMarkdown } from '../../src/checks/output/markdown.js';
import { renderText } from '../../src/checks/output/text.js';
import { filesUnder, loadShipped, runOnPractice, signers, startServer } from './harness.js';

const ACCOUNTS = ['bg-admin-01@fabrikambakery.onmicrosoft.com', 'bg-admin-02@fabrikambakery.onmicrosoft.com'];
const GROUP = 'SG-BreakGlass-Accounts';

describe('check --all on a Security-Defaults tenant without P1/P2, set up by security-defaults-fido2', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('smb-security-defaults');
    const runbook = await loadShipped('security-defaults-fido2.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator']);
    const setup = await runOnPractice({
      server,
      runbook,
      signers: keys,
      answers: {
        answers: {
          names: { form: {} },
          'enrol.label': {
            form: { keyLabels: 'BG-KEY', keyLocations: 'Safe A, office', pinEnvelopes: 'PIN-1, PIN-2' },
          },
          'accounts.global-admin': { grant: ACCOUNTS },
          members: { grant: ACCOUNTS },
          'allow-fido2': { grant: [GROUP] },
          'tap-group-only': { grant: [GROUP] },
          'enrol.tap': { grant: ACCOUNTS },
          'enrol.tap2': { grant: ACCOUNTS },
          'sign-off': { signoff: { signers: keys } },
        },
      },
    });
    expect(setup.outcome.status, setup.transcript.join('\n')).toBe('completed');
  }, 120_000);
  afterAll(async () => server?.close());

  async function checkAll(over: { whatIf?: boolean } = {}): Promise<CheckResult[]> {
    const perms = permissionsFor(BUILT_IN_CHECKS, 'all');
    const session = connectTenant({
      mode: 'practice',
      cloud: 'practice',
      tenantId: server.tenantId,
      clientId: DEFAULT_PUBLIC_CLIENT_ID,
      endpoints: server.endpoints,
      caPem: server.caPem,
      flow: 'device-code',
      scopes: perms.graph.map((s) => `https://graph.microsoft.com/${s}`),
      label: 'PRACTICE · smb-security-defaults',
      callbacks: { onDeviceCode: (i) => void server.approveDeviceCode(i.userCode) },
    });
    try {
      // No workspace: a free tenant has none to declare.
      return (await runChecksDetailed(BUILT_IN_CHECKS, session, 'all', { accounts: ACCOUNTS, group: GROUP, ...over }))
        .results;
    } finally {
      await (session as { close?: () => Promise<void> }).close?.();
    }
  }
  const report = (results: CheckResult[]): CheckReport => ({
    tool: { name: 'breakglass', version: 'test' },
    tenant: { label: 'PRACTICE · smb-security-defaults', mode: 'practice' },
    generatedAt: '2026-12-06T12:00:00.000Z',
    durationMs: 1,
    config: { accounts: ACCOUNTS, group: GROUP },
    results,
    rationale: Object.fromEntries(BUILT_IN_CHECKS.map((c) => [c.id, c.rationale])),
  });

  it('exits 0: nothing fails or errors; the licensed checks say which licence they need and what to do', async () => {
    const results = await checkAll();
    const by = new Map(results.map((r) => [r.id, r]));
    const bad = results.filter((r) => r.verdict === 'fail' || r.verdict === 'error');
    expect(bad.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(exitCodeFor(results)).toBe(0);

    // Not applicable because the tenant holds no Entra ID P1/P2 — read from the tenant, not assumed.
    for (const id of ['BG-011', 'BG-012', 'BG-016']) {
      expect(by.get(id)!.verdict, `${id}: ${by.get(id)!.reason}`).toBe('not-applicable');
      expect(by.get(id)!.reason).toMatch(/needs Microsoft Entra ID P1/);
      expect(by.get(id)!.remediation).toMatch(/7 days on Free/);
    }
    expect(by.get('BG-015')!.verdict).toBe('not-applicable');
    expect(by.get('BG-015')!.reason).toMatch(/needs Microsoft Entra ID P2/);
    // Security Defaults: no Conditional Access to judge.
    expect(by.get('BG-007')!.verdict).toBe('not-applicable');
    // Never validated since set-up, and no sign-in data without P1: a warning naming the licence.
    expect(by.get('BG-013')!.verdict).toBe('warn');
    expect(by.get('BG-013')!.reason).toMatch(/needs Microsoft Entra ID P1/);
    // What the small-business procedure builds passes.
    for (const id of ['BG-002', 'BG-003', 'BG-004', 'BG-005', 'BG-006', 'BG-010', 'BG-019', 'BG-020', 'BG-021'])
      expect(by.get(id)!.verdict, `${id}: ${by.get(id)!.reason}`).toBe('pass');

    // Every format shows the verdict, the reason and what to do instead.
    const r = report(results);
    const text = renderText(r, { color: false, width: 120 });
    expect(text).toMatch(/N\/A\s+BG-011/);
    expect(text).toMatch(/instead: Without P1 nothing can page on a sign-in/);
    expect(text).toMatch(/0 failed · 0 errors · \d+ not applicable/);
    const json = JSON.parse(renderJson(r)) as { summary: Record<string, number>; results: CheckResult[] };
    expect(json.summary['not-applicable']).toBeGreaterThanOrEqual(5);
    expect(json.results.find((x) => x.id === 'BG-015')!.verdict).toBe('not-applicable');
    const junit = renderJunit(r);
    expect(junit).toMatch(/failures="0" errors="0" skipped="\d+"/);
    expect(junit).toMatch(/<skipped message="needs Microsoft Entra ID P1[^"]*">Instead: Without P1/);
    const sarif = JSON.parse(renderSarif(r)) as {
      runs: { results: { ruleId: string; kind: string; level: string; message: { text: string } }[] }[];
    };
    const s11 = sarif.runs[0]!.results.find((x) => x.ruleId === 'BG-011')!;
    expect(s11).toMatchObject({ kind: 'notApplicable', level: 'none' });
    expect(s11.message.text).toMatch(/needs Microsoft Entra ID P1/);
    const md = renderMarkdown(r);
    expect(md).toMatch(/## Not applicable/);
    expect(md).toMatch(/\*\*BG-015 .*needs Microsoft Entra ID P2.*\*Instead:\*/);
  }, 120_000);

  it('What-If on a free tenant: BG-018 is not applicable and names Entra ID P1, never an error', async () => {
    // The evaluate call gets Microsoft's licence error here (docs/permissions.md, ca.evaluate): the check must
    // say which licence What If needs, not report the refused call as an error nor as Security Defaults' doing.
    const bg018 = (await checkAll({ whatIf: true })).find((r) => r.id === 'BG-018')!;
    expect(bg018.verdict, bg018.reason).toBe('not-applicable');
    expect(bg018.reason).toMatch(/needs Microsoft Entra ID P1 \(Conditional Access and its What If evaluation\)/);
    expect(bg018.remediation).toMatch(/BG-019/);
  });

  it('quarterly-validation completes on the free path: the report says what was verified, and how, and what a licence would add', async () => {
    const runbook = await loadShipped('quarterly-validation.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const answers: Record<string, object> = {};
    ACCOUNTS.forEach((upn, i) => {
      answers[`test[${i + 1}].seen`] = {
        form: { signInTime: `2026-12-06 12:0${i}`, method: 'FIDO2 security key', correlationId: `c0ffee0${i}` },
      };
    });
    answers['free-tenant'] = { form: { watcher: 'Olivia Owner, every Monday' } };
    answers['custody'] = {
      form: { keysAccountedFor: true, custodians: 'Olivia (keys), Ben (PIN envelopes)', custodiansConfirmed: true },
    };
    answers['sign-off'] = { signoff: { signers: keys } };
    const run = await runOnPractice({
      server,
      runbook,
      inputs: { accounts: ACCOUNTS, group: GROUP },
      answers: { answers },
      signers: keys,
    });
    const log = run.transcript.join('\n');
    expect(run.outcome.status, log).toBe('completed');
    expect(run.verify?.complete).toBe(true);
    // The licences were read from the tenant, and decided the path.
    expect(log).toMatch(/→ DONE: Fabrikam Bakery: .*Security Defaults ON; no Microsoft Entra ID P1 or P2/);
    // No workspace to read and no alert to wait for: those steps did not run; the admin-center view did.
    const finished = run.operator.events.filter((e) => e.type === 'step-finished') as unknown as {
      instanceId: string;
      result: { status: string; outputs: Record<string, unknown> };
    }[];
    const status = (id: string) => finished.find((e) => e.instanceId === id)?.result.status;
    expect(status('test[1].logged')).toBe('skipped');
    expect(status('alert')).toBe('skipped');
    expect(status('test[1].seen')).toBe('done');
    expect(status('free-tenant')).toBe('done');
    expect(finished.find((e) => e.instanceId === 'test[2].seen')!.result.outputs).toMatchObject({
      method: 'FIDO2 security key',
    });
    // The checks ran: nothing failed or errored on the free tenant.
    expect(status('checks')).toBe('skipped');
    expect(['pass', 'warn']).toContain(status('checks-free'));
    // The signed report carries what was seen and how: the admin-center rows, and who watches instead of an alert.
    const report = filesUnder(run.runDir)
      .filter((f) => /report/i.test(f.path) && !f.path.endsWith('.json'))
      .map((f) => f.bytes.toString('utf8'))
      .join('\n');
    expect(report).toMatch(/admin center shows a successful sign-in of bg-admin-01/);
    expect(report).toContain('c0ffee01');
    expect(report).toMatch(/pages nobody here/);
    expect(report).toContain('Olivia Owner, every Monday');
  }, 120_000);

  it('a broken Security-Defaults tenant still fails: an SMS method on a break-glass account, a third member', async () => {
    const w = server.world as unknown as {
      user(upn: string): { id: string; _methods: { kind: string; id: string; [k: string]: string }[] };
      groupByName(n: string): { _members: string[] };
    };
    // A whole phoneAuthenticationMethod (phoneType and smsSignInState are non-nullable in v1.0 $metadata):
    // the practice tenant's answers are checked against Microsoft's definitions too.
    w.user(ACCOUNTS[0]!)._methods.push({
      kind: 'phone',
      id: '3179e48a-750b-4051-897c-87b9720928f7', // the mobile phone method's fixed id (phoneAuthenticationMethod)
      phoneNumber: '+44 7700 900999',
      phoneType: 'mobile',
      smsSignInState: 'notEnabled',
    });
    w.groupByName(GROUP)._members.push(w.user('baker@fabrikam-bakery.example').id);
    const results = await checkAll();
    const by = new Map(results.map((r) => [r.id, r]));
    expect(by.get('BG-005')!.verdict).toBe('fail');
    expect(by.get('BG-006')!.verdict).toBe('fail');
    expect(exitCodeFor(results)).toBe(1);
  }, 120_000);
});
