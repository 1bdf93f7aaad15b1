/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * The layered path, set up twice on one practice tenant: the first run
 * registers the app, makes the certificate here (private key encrypted on
 * disk, only the certificate uploaded), grants consent, creates the empty
 * role-assignable group the app owns and excludes it from the MFA policy; the
 * second run finds everything in place and changes nothing in the tenant.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import { leaks, loadShipped, mutationCount, runOnPractice, signers, startServer } from './harness.js';

describe('service-principal-layered on healthy', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => server?.close());

  it('builds the layered path once, and a second run changes nothing', async () => {
    const runbook = await loadShipped('service-principal-layered.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const keyPath = join(mkdtempSync(join(tmpdir(), 'bg-sp-')), 'emergency.key.pem');
    const inputs = {
      appName: 'EmergencyAccess-Layered',
      groupName: 'CA-Emergency-Exclude',
      mfaPolicy: 'CA001-All-Users-Require-MFA',
      keyPath,
    };
    const answers = {
      answers: {
        envelopes: { form: { keyEnvelope: 'ENV-A-001', passphraseEnvelope: 'ENV-B-001', keyFileDeleted: true } },
        certificate: { grant: ['EmergencyAccess-Layered'] },
        consent: { grant: ['EmergencyAccess-Layered'] },
        owner: { grant: ['EmergencyAccess-Layered'] },
        exclude: { grant: ['CA-Emergency-Exclude'] },
        'sign-off': { signoff: { signers: keys } },
      },
    };
    const first = await runOnPractice({ server, runbook, inputs, answers, signers: keys });
    expect(first.outcome.status, first.transcript.join('\n')).toBe('completed');
    expect(first.verify?.complete).toBe(true);
    // The run checks its own work: the application is the group's only owner (BG-021), and it is empty (BG-025).
    expect(first.transcript.join('\n')).toMatch(
      /owners-check: Check who owns the exclusion group, and that it is empty\n\s*→ PASS: 2 check\(s\) passed\n/,
    );

    // The private key is encrypted on disk, owner-only; the passphrase is nowhere in the run's files.
    const pem = readFileSync(keyPath, 'utf8');
    expect(pem).toContain('-----BEGIN BREAKGLASS ENCRYPTED PRIVATE KEY-----'); // scrypt, util/sealed-key.ts
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(first.secrets.length).toBe(1);
    expect(leaks(first.secrets, first.runDir, first.transcript)).toEqual([]);

    const w = server.world as unknown as {
      groups: Map<string, any>;
      caPolicies: Map<string, any>;
      applications: Map<string, any>;
    };
    const group = [...w.groups.values()].find((g) => g.displayName === 'CA-Emergency-Exclude');
    expect(group.isAssignableToRole).toBe(true);
    expect(group._members).toEqual([]); // empty by design: the app adds a user only in an emergency
    const mfa = [...w.caPolicies.values()].find((p) => p.displayName === 'CA001-All-Users-Require-MFA');
    expect(mfa.conditions.users.excludeGroups).toContain(group.id);
    const app = [...w.applications.values()].find((a) => a.displayName === 'EmergencyAccess-Layered');
    expect(app).toBeDefined();

    const before = mutationCount(server);
    const second = await runOnPractice({ server, runbook, inputs, answers, signers: keys });
    expect(second.outcome.status, second.transcript.join('\n')).toBe('completed');
    expect(mutationCount(server)).toBe(before);
  });
  it('never overwrites an existing key file: the step fails before anything is uploaded', async () => {
    const runbook = await loadShipped('service-principal-layered.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const keyPath = join(mkdtempSync(join(tmpdir(), 'bg-sp-')), 'existing.key.pem');
    writeFileSync(keyPath, 'an operator key that must survive\n', { mode: 0o600 });
    const answers = {
      answers: {
        envelopes: { form: { keyEnvelope: 'ENV-A-002', passphraseEnvelope: 'ENV-B-002', keyFileDeleted: true } },
        certificate: { grant: ['EmergencyAccess-Existing'], failure: { choice: 'abort' } },
        consent: { grant: ['EmergencyAccess-Existing'] },
        owner: { grant: ['EmergencyAccess-Existing'] },
        exclude: { grant: ['CA-Emergency-Exclude-2'] },
        'sign-off': { signoff: { signers: keys } },
      },
    };
    const inputs = {
      appName: 'EmergencyAccess-Existing',
      groupName: 'CA-Emergency-Exclude-2',
      mfaPolicy: 'CA001-All-Users-Require-MFA',
      keyPath,
    };
    const run = await runOnPractice({ server, runbook, inputs, answers, signers: keys });
    expect(run.outcome.status).not.toBe('completed');
    expect(run.transcript.join('\n')).toMatch(/already exists\. breakglass never overwrites a key or certificate file/);
    expect(readFileSync(keyPath, 'utf8')).toBe('an operator key that must survive\n');
    const w = server.world as unknown as { applications: Map<string, any> };
    const app = [...w.applications.values()].find((a) => a.displayName === 'EmergencyAccess-Existing');
    expect(app?.keyCredentials ?? []).toEqual([]);
  });
});
