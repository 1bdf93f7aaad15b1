/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * The drill and review runbooks on the healthy practice tenant: the alert
 * drill measures sign-in → log → alert with a passing verdict, the quarterly
 * validation proves FIDO2 sign-ins from the logs, rotation changes the
 * passwords through Shamir shares nobody stores, the post-use review
 * classifies every sign-in, re-sealing needs no tenant at all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import { leaks, loadShipped, mutationCount, practiceClock, runOnPractice, signers, startServer } from './harness.js';

const ACCOUNTS = ['bg-admin-01@contosopractice.onmicrosoft.com', 'bg-admin-02@contosopractice.onmicrosoft.com'];
const WORKSPACE =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const WORKSPACE_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';
const SCALE = 200;

let server: PracticeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const keysFor = (roles: string[]) => signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), roles);

describe('drills and reviews on the healthy practice tenant', () => {
  it('alert-verification-drill: both sign-ins reach the logs, the NRT incident fires within the threshold, latencies recorded', async () => {
    server = await startServer('healthy', SCALE);
    const runbook = await loadShipped('alert-verification-drill.md');
    const keys = await keysFor(['operator', 'witness']);
    const r = await runOnPractice({
      server,
      runbook,
      clock: practiceClock(server, SCALE),
      inputs: { accounts: ACCOUNTS, workspaceId: WORKSPACE_ID, workspaceResourceId: WORKSPACE },
      answers: {
        answers: {
          delivery: { form: { receivedBy: 'SecOps on-call', channels: 'pager, SMS' } },
          'sign-off': { signoff: { signers: keys } },
        },
      },
      signers: keys,
    });
    const log = r.transcript.join('\n');
    expect(r.outcome.status, log).toBe('completed');
    expect(log).toMatch(/success-row[\s\S]*PASS/);
    expect(log).toMatch(/alert fired: incident/);
    const finished = r.operator.events.filter((e) => e.type === 'step-finished') as {
      instanceId: string;
      result: { status: string; outputs: Record<string, unknown> };
    }[];
    const alert = finished.find((e) => e.instanceId === 'alert')!;
    expect(alert.result.status).toBe('pass');
    expect(alert.result.outputs['alertLatencyMs']).toBeGreaterThan(0);
    expect(alert.result.outputs['alertLatencyMs'] as number).toBeLessThanOrEqual(15 * 60_000);
    const rows = finished.find((e) => e.instanceId === 'success-row')!;
    // healthy holds the accounts to phishing-resistant MFA (CA101, BG-027): the key satisfied it.
    expect(rows.result.outputs['conditionalAccessStatus']).toContain('success');
    expect(r.verify?.complete).toBe(true);
  });

  it('quarterly-validation: every check passes, each account signs in with FIDO2 (proved from the logs), the alert fires', async () => {
    server = await startServer('healthy', SCALE);
    const runbook = await loadShipped('quarterly-validation.md');
    const keys = await keysFor(['operator', 'witness']);
    const r = await runOnPractice({
      server,
      runbook,
      clock: practiceClock(server, SCALE),
      inputs: {
        accounts: ACCOUNTS,
        group: 'SG-BreakGlass-Exclude',
        workspaceResourceId: WORKSPACE,
        workspaceId: WORKSPACE_ID,
        // The healthy tenant's exclusion group is owned by its emergency app (service-principal-layered).
        emergencyApp: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
      },
      answers: {
        answers: {
          custody: {
            form: {
              keysAccountedFor: true,
              custodians: 'Ana (share 1), Ben (share 2), Cy (share 3)',
              custodiansConfirmed: true,
            },
          },
          'sign-off': { signoff: { signers: keys } },
        },
      },
      signers: keys,
    });
    const log = r.transcript.join('\n');
    expect(r.outcome.status, log).toBe('completed');
    // What-If is off, Security Defaults is off, no service principal is declared as a break-glass
    // identity, and no layered door is declared: those five are named as not applicable, never counted as passes.
    expect(log).toMatch(
      /checks: Check everything[\s\S]*?→ PASS: 23 check\(s\) passed; not applicable: BG-018, BG-019, BG-023, BG-024, BG-025/,
    );
    // A loop's rounds are named as a person reads them: "test.logged (round 1 of …)".
    expect((log.match(/test\.logged \(round \d of [^)]*\)[\s\S]*?→ PASS/g) ?? []).length).toBe(2);
    expect(r.verify?.complete).toBe(true);
  });

  it('credential-rotation: a new key PIN shown once per account, random passwords nobody sees; only fingerprints are written', async () => {
    server = await startServer('healthy');
    const runbook = await loadShipped('credential-rotation.md');
    const keys = await keysFor(['operator', 'witness']);
    const w = server.world as unknown as { users: Map<string, any>; upnIndex: Map<string, string> };
    const before = ACCOUNTS.map((u) => w.users.get(w.upnIndex.get(u)!).lastPasswordChangeDateTime);
    const answers: Record<string, object> = { 'sign-off': { signoff: { signers: keys } } };
    ACCOUNTS.forEach((upn, i) => {
      answers[`rotate[${i + 1}].set-password`] = { grant: [upn] };
      answers[`rotate[${i + 1}].envelopes`] = {
        form: { pinEnvelope: `E-${i}01`, keyBag: `B-${i}01` },
      };
      answers[`rotate[${i + 1}].each-key-is-physically-in-its-place`] = { form: { keysSeen: 'BG key A, BG key B' } };
    });
    const r = await runOnPractice({
      server,
      runbook,
      inputs: { accounts: ACCOUNTS },
      answers: { answers },
      signers: keys,
    });
    const log = r.transcript.join('\n');
    expect(r.outcome.status, log).toBe('completed');
    ACCOUNTS.forEach((u, i) => {
      const after = w.users.get(w.upnIndex.get(u)!).lastPasswordChangeDateTime;
      expect(Date.parse(after)).toBeGreaterThan(Date.parse(before[i]));
    });
    expect(r.secrets.length).toBe(ACCOUNTS.length); // one new key PIN per account, shown once; the password is never shown
    ACCOUNTS.forEach((u) => {
      expect(w.users.get(w.upnIndex.get(u)!).passwordPolicies).toMatch(/DisablePasswordExpiration/);
    });
    expect(log).toMatch(/verify: Verify keys, methods and rotation[\s\S]*?→ PASS/);
    expect(leaks(r.secrets, r.runDir, r.transcript)).toEqual([]);
    expect(r.verify?.complete).toBe(true);
  });

  it('post-use-review: every break-glass sign-in since the date is classified; read-only', async () => {
    server = await startServer('healthy');
    const runbook = await loadShipped('post-use-review.md');
    const keys = await keysFor(['operator', 'witness']);
    const since = new Date(Date.now() - 60 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const before = mutationCount(server);
    const r = await runOnPractice({
      server,
      runbook,
      inputs: { accounts: ACCOUNTS, since },
      answers: {
        defaults: { form: { classification: 'drill', justification: 'Quarterly validation, report Q3' } },
        answers: { 'sign-off': { signoff: { signers: keys } } },
      },
      signers: keys,
    });
    const log = r.transcript.join('\n');
    expect(r.outcome.status, log).toBe('completed');
    expect((log.match(/classify\.verdict \(round \d+ of [^)]*\)/g) ?? []).length).toBeGreaterThanOrEqual(2);
    // What the accounts did is on screen before the first sign-in is classified: the scenario's
    // break-glass account changed a Conditional Access policy after its drill sign-in.
    const change = log.search(
      /bg-admin-01@contosopractice\.onmicrosoft\.com: \S+ Update conditional access policy — CA201-Require-Compliant-Device \(success\)/,
    );
    expect(change, log).toBeGreaterThan(-1);
    expect(change).toBeLessThan(log.search(/classify\.verdict/));
    expect(log).toMatch(/1 directory change\(s\) by the break-glass accounts/);
    expect(mutationCount(server)).toBe(before);
  });

  it('reseal-envelopes: completes with no tenant connection at all', async () => {
    server = await startServer('healthy');
    const runbook = await loadShipped('reseal-envelopes.md');
    const keys = await keysFor(['operator', 'witness']);
    const requestsBefore = server.counters().totalRequests;
    const r = await runOnPractice({
      server,
      runbook,
      answers: {
        answers: {
          inventory: { form: { envelopesChecked: 'E-101 — safe A — intact', allPresent: true, allSealsIntact: true } },
          reseal: { form: { resealed: 'none' } },
          safes: { form: { combinationChanged: false, safesChecked: 'Safe A (HQ)' } },
          'sign-off': { signoff: { signers: keys } },
        },
      },
      signers: keys,
    });
    expect(r.outcome.status, r.transcript.join('\n')).toBe('completed');
    expect(server.counters().totalRequests).toBe(requestsBefore);
    expect(r.verify?.complete).toBe(true);
  });
});
