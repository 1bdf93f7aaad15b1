/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into the emulator's records */
/**
 * enrol-security-keys on both kinds of tenant: a Conditional Access tenant
 * (healthy: the exclusion group scopes the methods policies) and a Security
 * Defaults tenant (smb-security-defaults, after its setup runbook enrolled one
 * key per account). Each run ends with two hardware keys per account, no pass
 * left, the Temporary Access Pass policy exactly as found — and the method
 * checks run and pass.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import { leaks, loadShipped, runOnPractice, signers, startServer } from './harness.js';

let server: PracticeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type TapPolicy = { state: string; includeTargets: { id: string }[] };
function tapPolicy(s: PracticeServer): TapPolicy {
  const cfg = (s.world as any).authMethodsPolicy.configurations.find((c: any) => c.id === 'TemporaryAccessPass');
  return structuredClone({ state: cfg.state, includeTargets: cfg.includeTargets });
}
function keysOf(s: PracticeServer, upn: string): number {
  const w = s.world as unknown as { users: Map<string, any>; upnIndex: Map<string, string> };
  return w.users.get(w.upnIndex.get(upn)!)._methods.filter((m: { kind: string }) => m.kind === 'fido2').length;
}
function tapsOf(s: PracticeServer, upn: string): number {
  const w = s.world as unknown as { users: Map<string, any>; upnIndex: Map<string, string> };
  return w.users.get(w.upnIndex.get(upn)!)._methods.filter((m: { kind: string }) => m.kind === 'tap').length;
}

async function enrol(s: PracticeServer, accounts: string[], group: string) {
  const runbook = await loadShipped('enrol-security-keys.md');
  const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
  const found = tapPolicy(s);
  const during: TapPolicy[] = [];
  const r = await runOnPractice({
    server: s,
    runbook,
    inputs: { accounts, group },
    answers: {
      answers: {
        'allow-fido2': { grant: [group] },
        'tap-group-only': { grant: [group] },
        'enrol.tap': { grant: accounts },
        'enrol.tap2': { grant: accounts },
        'enrol.label': { form: { keyLabels: 'BG-KEY', keyLocations: 'Safe A', pinEnvelopes: 'PIN-1, PIN-2' } },
        'sign-off': { signoff: { signers: keys } },
      },
    },
    signers: keys,
    beforeRegisterFido2: () => during.push(tapPolicy(s)),
  });
  const log = r.transcript.join('\n');
  expect(r.outcome.status, log).toBe('completed');
  expect(r.verify?.complete).toBe(true);
  // During enrolment only the break-glass group could use a pass; afterwards the policy is as found.
  expect(during.length).toBeGreaterThan(0);
  for (const p of during) expect(p.state).toBe('enabled');
  for (const p of during) expect(p.includeTargets).toHaveLength(1);
  expect(tapPolicy(s)).toEqual(found);
  for (const upn of accounts) {
    expect(keysOf(s, upn), upn).toBe(2);
    expect(tapsOf(s, upn), upn).toBe(0);
  }
  // The method checks ran and passed: none skipped, none not applicable.
  expect(log).toMatch(
    /verify: Verify: a hardware key on every account, nothing weaker, no pass left\n\s*→ PASS: 3 check\(s\) passed\n/,
  );
  expect(leaks(r.secrets, r.runDir, r.transcript)).toEqual([]);
  return r;
}

describe('enrol-security-keys', () => {
  it('on a Conditional Access tenant: a second key for the account that had one', async () => {
    server = await startServer('healthy');
    const accounts = ['bg-admin-01@contosopractice.onmicrosoft.com', 'bg-admin-02@contosopractice.onmicrosoft.com'];
    expect(keysOf(server, accounts[1]!)).toBe(1);
    await enrol(server, accounts, 'SG-BreakGlass-Exclude');
  });

  it('on a Security Defaults tenant: the second key after a setup that enrolled one per account', async () => {
    server = await startServer('smb-security-defaults');
    const accounts = ['bg-admin-01@fabrikambakery.onmicrosoft.com', 'bg-admin-02@fabrikambakery.onmicrosoft.com'];
    const setup = await loadShipped('security-defaults-fido2.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator']);
    const first = await runOnPractice({
      server,
      runbook: setup,
      answers: {
        answers: {
          names: { form: {} },
          'enrol.second': { form: { register: false } },
          'enrol.label': { form: { keyLabels: 'BG-KEY', keyLocations: 'Office safe', pinEnvelopes: 'PIN-1' } },
          'accounts.global-admin': { grant: accounts },
          members: { grant: accounts },
          'allow-fido2': { grant: ['SG-BreakGlass-Accounts'] },
          'tap-group-only': { grant: ['SG-BreakGlass-Accounts'] },
          'enrol.tap': { grant: accounts },
          'sign-off': { signoff: { signers: keys } },
        },
      },
      signers: keys,
    });
    expect(first.outcome.status, first.transcript.join('\n')).toBe('completed');
    for (const upn of accounts) expect(keysOf(server, upn)).toBe(1);
    await enrol(server, accounts, 'SG-BreakGlass-Accounts');
  });
});
