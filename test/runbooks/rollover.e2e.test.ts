/**
 * runbooks/service-principal-rollover.md end to end on sp-break-glass-healthy, over TLS to the practice
 * tenant with the real MSAL / Graph clients and the real per-identity sign-ins: a new certificate is
 * added BESIDE the old ones, a token is proven with it (the app-only sign-in with the new key file and
 * its passphrase typed into the masked field, then one Graph read), the replaced certificate is removed,
 * the envelopes re-sealed, and BG-023 passes. The tenant ends with exactly the kept certificate and the
 * new one; the passphrase is nowhere on disk.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../src/practice/server.js';
import type { AnswersFile } from '../../src/engine/scripted-operator.js';
import { builtInCatalog } from '../../src/steps/catalog.js';
import { BG_APP_ID, breakGlassAppWorld, operatorAndWitness } from './break-glass-app.js';
import { filesUnder, results, runInPractice } from '../identities.helpers.js';

const RUNBOOK = resolve(import.meta.dirname, '../../runbooks/service-principal-rollover.md');

describe('service-principal-rollover on sp-break-glass-healthy', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'sp-break-glass-healthy', autoApproveDeviceCodeAfterMs: 0 });
  });
  afterAll(async () => server?.close());

  it('adds, proves, removes and re-seals; the app ends with exactly the kept and the new certificate', async () => {
    const world = breakGlassAppWorld(server);
    const before = world.applicationByAppId(BG_APP_ID)!.keyCredentials.map((k) => ({ ...k }));
    const kept = before.find((k) => k.displayName === 'bg-app-cert-primary')!;
    const retired = before.find((k) => k.displayName === 'bg-app-cert-sealed')!;
    const dir = mkdtempSync(join(tmpdir(), 'bg-rollover-'));
    const keyPath = join(dir, 'usb', 'breakglass-app-key-next.pem');
    const signers = await operatorAndWitness(dir);
    const answers: AnswersFile = {
      answers: {
        add: { grant: ['BreakGlass-App'] },
        'remove.old': { action: { approved: true, typed: 'bg-app-cert-sealed' } },
        reseal: {
          form: {
            keyEnvelope: 'KEY-ENV-0101',
            passphraseEnvelope: 'PASS-ENV-0102',
            keyFileDeleted: true,
            oldEnvelopesDestroyed: 'KEY-ENV-0007\nPASS-ENV-0008',
          },
        },
        'sign-off': { signoff: { signers } },
      },
    };
    let passphrase = '';
    const { reportWriter, loadForRun } = await import('../../src/commands/run.js');
    const run = await runInPractice({
      runbook: RUNBOOK,
      server,
      stateDir: join(dir, 'state'),
      inputs: { appId: BG_APP_ID, retire: retired.keyId, keyPath },
      answers,
      // The custodian types the passphrase from the paper into the masked sign-in field.
      onSecret: (id, s) => {
        if (id !== 'key-passphrase') return;
        passphrase = s.lines[0]!.trim();
        answers.answers!['identity.new-cert'] = { form: { secret: passphrase } };
      },
      onFinished: await reportWriter(await loadForRun(RUNBOOK, builtInCatalog())),
    });
    const r = results(run.journal);
    expect(
      run.outcome.status,
      JSON.stringify([...r].filter(([, x]) => !['done', 'pass', 'skipped'].includes(x.status))),
    ).toBe('completed');

    // The tenant holds exactly the kept certificate and the new one.
    const after = world.applicationByAppId(BG_APP_ID)!.keyCredentials;
    const added = after.find((k) => k.displayName === 'breakglass-app-cert-next')!;
    expect(added).toBeDefined();
    expect(after.map((k) => k.keyId).sort()).toEqual([kept.keyId, added.keyId].sort());
    expect(after.find((k) => k.keyId === kept.keyId)).toMatchObject({ endDateTime: kept.endDateTime });
    expect(r.get('add')!.outputs).toMatchObject({ keyId: added.keyId });
    expect(r.get('remove[1].old')!.outputs).toMatchObject({ removedKeyId: retired.keyId, kind: 'certificate' });

    // What the proof step showed: the app, the new credential, the roles in the token.
    expect(r.get('prove')!.status).toBe('pass');
    expect(r.get('prove')!.outputs).toMatchObject({
      appId: BG_APP_ID,
      keyId: added.keyId,
      thumbprint: added.customKeyIdentifier,
      directoryRoles: ['Global Administrator'],
    });
    // The sign-in it made is in the service-principal sign-in log with the NEW key.
    const signIn = world.spSignIns.filter((s) => s.appId === BG_APP_ID && s.errorCode === 0).at(-1)!;
    expect(signIn.credentialKeyId).toBe(added.keyId);
    expect(r.get('verify')!.status).toBe('pass');

    // The key is on the "removable media", encrypted; its passphrase is nowhere in the run.
    expect(readFileSync(keyPath, 'utf8')).toMatch(/BEGIN (BREAKGLASS )?ENCRYPTED PRIVATE KEY/);
    expect(passphrase.length).toBeGreaterThan(20);
    for (const f of filesUnder(run.outcome.runDir))
      expect(readFileSync(f).includes(Buffer.from(passphrase)), `${f} holds the passphrase`).toBe(false);
    expect(run.outcome.reportPath).toBeTruthy();
  }, 240_000);
});
