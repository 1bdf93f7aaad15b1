/**
 * runbooks/emergency-sign-in.md on the practice tenant, which enforces Microsoft's mandatory MFA
 * (https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication):
 * the security-key door gets through to the admin portal and Graph end to end; a password-only
 * attempt at the portal by the same CA-excluded account fails with AADSTS50076, and the step the
 * operator is looking at when it happens tells them what that code means and what to do.
 * (The layered door is driven end to end in test/identities-layered.test.ts.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import { ADMIN_PORTALS_APP_ID } from '../../src/practice/identity/mandatory-mfa.js';
import { emergencyByKeyAnswers, loadShipped, runOnPractice, signers, startServer } from './harness.js';

const BG = 'bg-admin-01@contosopractice.onmicrosoft.com';

interface SignInView {
  errorCode: number;
  conditionalAccessStatus: string;
  failureReason: string;
}
interface WorldView {
  simulateSignIn(a: { upn: string; method: string; appId?: string }): SignInView;
}

describe('emergency-sign-in on healthy, mandatory MFA enforced', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => server?.close());

  it('offers no password door, and every way in it offers is one mandatory MFA lets through', async () => {
    const runbook = await loadShipped('emergency-sign-in.md');
    const wayIn = runbook.steps.find((s) => s.id === 'way-in')!;
    const choices = (wayIn.config as { input: { method: { choices: string[] } } }).input.method.choices;
    expect(choices).toContain('FIDO2 key');
    for (const c of choices) expect(c).not.toMatch(/passphrase|password/i);
    // No text sends the responder to a password as a way in, or calls a door narrower than it is.
    const all = runbook.steps.map((s) => `${s.title}\n${s.prose}`).join('\n');
    expect(all).not.toMatch(/signs in without MFA|can do nothing else|recombine the passphrase/i);
    expect(all).toMatch(/Global Administrator credential/);
  });

  it('the security-key path completes; a password-only portal attempt meets AADSTS50076 and the step says what to do', async () => {
    const runbook = await loadShipped('emergency-sign-in.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const world = server.world as unknown as WorldView;
    const attempts: { method: string; result: SignInView }[] = [];
    const portalStep = runbook.steps.find((s) => s.id === 'portal')!;
    const answers = emergencyByKeyAnswers(keys);
    const run = await runOnPractice({
      server,
      runbook,
      inputs: { account: BG },
      answers,
      signers: keys,
      // The person at the browser, while the sign-in step is on screen: first the wrong way (a
      // password), then the key.
      onLog: (line) => {
        if (!line.includes(portalStep.title) || attempts.length) return;
        for (const method of ['password', 'fido2'])
          attempts.push({ method, result: world.simulateSignIn({ upn: BG, method, appId: ADMIN_PORTALS_APP_ID }) });
      },
    });
    expect(run.outcome.status, run.transcript.join('\n')).toBe('completed');
    expect(run.verify?.complete).toBe(true);

    expect(attempts.map((a) => a.method)).toEqual(['password', 'fido2']);
    const [password, key] = attempts.map((a) => a.result);
    // Mandatory MFA stops a password at the admin portals (AADSTS50076); Conditional Access fails it too:
    // CA101 requires phishing-resistant MFA of the accounts (BG-027).
    expect(password).toMatchObject({ errorCode: 50076, conditionalAccessStatus: 'failure' });
    expect(key!.errorCode).toBe(0);
    // What the operator reads on that step names the code and sends them back to the key.
    expect(portalStep.prose).toMatch(/AADSTS50076/);
    expect(portalStep.prose).toMatch(/AADSTS50079/);
    expect(portalStep.prose).toMatch(/Start again with the key/);
    expect(portalStep.prose).toContain(
      'https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication',
    );
  });
});
