/**
 * runbooks/emergency-sign-in.md, branch "Break-glass application (certificate)", end to end on
 * sp-break-glass-healthy over TLS with the real per-identity sign-ins: the sealed certificate (key file
 * encrypted, its passphrase typed into the masked field) gets a client-credentials token, the proof step
 * reports the application, the credential used and Global Administrator in the token, the break-glass
 * USER sign-in is skipped (no user on this door), and the review lists exactly the directory changes the
 * application made. Mandatory MFA does not stop the door: it applies to users, not workload identities.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../src/practice/server.js';
import type { AnswersFile } from '../../src/engine/scripted-operator.js';
import type { JournalData } from '../../src/core/journal-types.js';
import { builtInCatalog } from '../../src/steps/catalog.js';
import { BG_APP_ID, breakGlassAppWorld, operatorAndWitness } from './break-glass-app.js';
import { filesUnder, results, runInPractice, tmp } from '../identities.helpers.js';
import { makeAppCertificate } from '../tenant-fixtures.js';

const RUNBOOK = resolve(import.meta.dirname, '../../runbooks/emergency-sign-in.md');

describe('emergency-sign-in: the break-glass application door', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'sp-break-glass-healthy', autoApproveDeviceCodeAfterMs: 0 });
  });
  afterAll(async () => server?.close());

  it('opens with the sealed certificate, proves Global Administrator, and reviews what the app did', async () => {
    const world = breakGlassAppWorld(server);
    // The sealed credential, as the setup runbook left it: the certificate on the app, the key in the envelope.
    const sealed = await makeAppCertificate();
    const app = world.applicationByAppId(BG_APP_ID)!;
    world.addCertificate(app, sealed.certPem, 'bg-app-cert-envelope');
    const sealedKey = app.keyCredentials.find((k) => k.displayName === 'bg-app-cert-envelope')!;
    // One change the application made (what the responder did through Graph), already in the audit log.
    const sp = world.servicePrincipalByAppId(BG_APP_ID)!;
    world.audit(
      { kind: 'app', id: sp.id, appId: BG_APP_ID, name: 'BreakGlass-App' },
      'Update conditional access policy',
      'Policy',
      [
        {
          id: 'p1',
          displayName: 'CA001-All-Users-Require-MFA',
          type: 'Policy',
          userPrincipalName: null,
          modifiedProperties: [],
        },
      ],
    );
    world.audits.at(-1)!.ingestAt = world.audits.at(-1)!.at;

    const dir = tmp('bg-app-door-');
    const signers = await operatorAndWitness(dir);
    const answers: AnswersFile = {
      answers: {
        incident: {
          form: {
            reference: 'INC-5150',
            failureMode: 'MFA service or method outage',
            description: 'No MFA for anyone.',
          },
        },
        envelopes: {
          form: {
            custodian1: 'Ana',
            envelope1: 'KEY-ENV-0101',
            seal1Intact: true,
            custodian2: 'Ben',
            envelope2: 'PASS-ENV-0102',
            seal2Intact: true,
          },
        },
        'way-in': { form: { method: 'Break-glass application (certificate)' } },
        'app-door': { form: { appId: BG_APP_ID, keyPath: sealed.encryptedPemPath } },
        'identity.bg-app': { form: { secret: sealed.passphrase } },
        recovery: { form: { actions: 'Turned CA001 off through Graph as the app at 10:02', resolvedAt: '10:05' } },
        alert: { form: { alertReference: 'ALR-7', pagedAt: '10:01' } },
        rotation: { form: { rotationDue: '2026-12-07' } },
        'sign-off': { signoff: { signers } },
      },
    };
    const { reportWriter, loadForRun } = await import('../../src/commands/run.js');
    const run = await runInPractice({
      runbook: RUNBOOK,
      server,
      stateDir: join(dir, 'state'),
      inputs: { account: 'bg-admin-01@contosopractice.onmicrosoft.com' },
      answers,
      onFinished: await reportWriter(await loadForRun(RUNBOOK, builtInCatalog())),
    });
    const r = results(run.journal);
    expect(
      run.outcome.status,
      JSON.stringify([...r].filter(([, x]) => !['done', 'pass', 'skipped'].includes(x.status))),
    ).toBe('completed');

    // The token: this application, the sealed credential, Global Administrator in `wids`.
    expect(r.get('app-proof')!.status).toBe('pass');
    expect(r.get('app-proof')!.outputs).toMatchObject({
      appId: BG_APP_ID,
      keyId: sealedKey.keyId,
      thumbprint: sealedKey.customKeyIdentifier,
      directoryRoles: ['Global Administrator'],
    });
    // No user on this door: the break-glass user sign-in and the layered steps did not run.
    for (const id of ['ga', 'portal', 'layered', 'add-user']) expect(r.get(id)?.status, id).toBe('skipped');
    const signedIn = run.journal.filter((x) => x.type === 'signed-in').map((x) => x.data as JournalData['signed-in']);
    expect(signedIn.map((s) => s.identity)).toEqual(['bg-app']);
    expect(signedIn[0]).toMatchObject({ kind: 'app', appId: BG_APP_ID });
    // The sign-in is in the service-principal sign-in log with the sealed key: what the alert sees.
    const row = world.spSignIns.filter((s) => s.appId === BG_APP_ID && s.errorCode === 0).at(-1)!;
    expect(row.credentialKeyId).toBe(sealedKey.keyId);

    // The review lists exactly the application's own directory change.
    expect(r.get('app-audit')!.outputs).toMatchObject({ changes: 1 });
    expect(String((r.get('app-audit')!.outputs['activities'] as string[])[0])).toMatch(
      /Update conditional access policy — CA001-All-Users-Require-MFA/,
    );

    // The key's passphrase is nowhere in the run.
    for (const f of filesUnder(run.outcome.runDir))
      expect(readFileSync(f).includes(Buffer.from(sealed.passphrase)), `${f} holds the passphrase`).toBe(false);
    expect(run.outcome.reportPath).toBeTruthy();
  }, 240_000);
});
