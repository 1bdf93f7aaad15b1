/**
 * The layered (service-principal) path end to end on ONE practice tenant:
 *   1. runbooks/service-principal-layered.md builds the emergency application,
 *      its certificate (key written encrypted + .crt beside it), the empty
 *      role-assignable group, ownership and the CA exclusion; signed off with
 *      real report keys.
 *   2. runbooks/emergency-sign-in.md, branch "Emergency application (layered)":
 *      the emergency-app identity signs in with THAT certificate (client
 *      credentials, client assertion verified against the uploaded keyCredential)
 *      and adds the user to the group; the passphrase is typed into a masked
 *      form field. Then the break-glass identity confirms Global Administrator.
 *   3. The key passphrase never appears in either run's directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { createKeyPair } from '../src/report/keys.js';
import type { JournalData } from '../src/core/journal-types.js';
import type { AnswersFile } from '../src/engine/scripted-operator.js';
import type { Answer, Prompt } from '../src/core/events.js';
import { filesUnder, results, runInPractice, tmp } from './identities.helpers.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const root = resolve(import.meta.dirname, '..');
const BG = 'bg-admin-01@contosopractice.onmicrosoft.com';
const SIGNER_PASSPHRASE = 'correct horse battery staple drill';

interface WorldView {
  user(upn: string): { id: string } | undefined;
  groupByName(n: string): { id: string; _members: string[]; isAssignableToRole: boolean } | undefined;
  applicationByAppId(appId: string): { keyCredentials: unknown[] } | undefined;
  simulateSignIn(a: { upn: string; method: string; appId?: string }): { errorCode: number };
  findApplication(appId: string): { certificates: { thumbprintSha256: string }[]; appRoles: string[] } | undefined;
  audits: { activityDisplayName: string; initiatedBy: { app: { appId: string } | null; user: unknown } }[];
}

describe('layered path (practice, end to end)', () => {
  let server: PracticeServer;
  let work: string;
  let signers: { role: string; name: string; keyPath: string; passphrase: string }[];
  /** What the first test built, for the resume test. */
  let door: { appId: string; groupId: string; keyPath: string; passphrase: string; stateDir: string } | undefined;
  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'healthy' });
    work = tmp('bg-layered-');
    // Report keys, as `breakglass keys create` makes them (BREAKGLASS_KEY_PASSPHRASE).
    const op = await createKeyPair({ name: 'Olu Operator', dir: join(work, 'keys'), passphrase: SIGNER_PASSPHRASE });
    const wi = await createKeyPair({ name: 'Wen Witness', dir: join(work, 'keys'), passphrase: SIGNER_PASSPHRASE });
    signers = [
      { role: 'operator', name: 'Olu Operator', keyPath: op.privatePath, passphrase: SIGNER_PASSPHRASE },
      { role: 'witness', name: 'Wen Witness', keyPath: wi.privatePath, passphrase: SIGNER_PASSPHRASE },
    ];
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('builds the door, then opens it with the certificate; the passphrase is never stored', async () => {
    const world = server.world as unknown as WorldView;
    const keyPath = join(work, 'usb', 'emergency-access-key.pem');
    const stateDir = join(work, 'state');
    const { reportWriter, loadForRun } = await import('../src/commands/run.js');

    // ── 1. build ───────────────────────────────────────────────────────────
    const setup = await runInPractice({
      runbook: join(root, 'runbooks/service-principal-layered.md'),
      server,
      stateDir,
      inputs: {
        appName: 'EmergencyAccess-Drill',
        groupName: 'CA-Emergency-Exclude',
        mfaPolicy: 'CA001-All-Users-Require-MFA',
        keyPath,
      },
      answers: {
        answers: {
          envelopes: { form: { keyEnvelope: 'ENV-A-0001', passphraseEnvelope: 'ENV-B-0001', keyFileDeleted: true } },
          certificate: { grant: ['EmergencyAccess-Drill'] },
          consent: { grant: ['EmergencyAccess-Drill'] },
          owner: { grant: ['EmergencyAccess-Drill'] },
          exclude: { grant: ['CA-Emergency-Exclude'] },
          'sign-off': { signoff: { signers } },
        },
      },
      onFinished: await reportWriter(await loadForRun(join(root, 'runbooks/service-principal-layered.md'), CATALOG)),
    });
    const built = results(setup.journal);
    expect(
      setup.outcome.status,
      JSON.stringify([...built].filter(([, r]) => r.status !== 'done' && r.status !== 'pass')),
    ).toBe('completed');
    const appId = built.get('app')!.outputs['appId'] as string;
    const groupId = built.get('group')!.outputs['id'] as string;
    expect(existsSync(keyPath) && existsSync(`${keyPath}.crt`)).toBe(true);
    // Sealed through scrypt (util/sealed-key.ts), not PKCS#8 under PBKDF2.
    expect(readFileSync(keyPath, 'utf8')).toMatch(/^-----BEGIN BREAKGLASS ENCRYPTED PRIVATE KEY-----/);
    // The certificate uploaded with PATCH /applications is what the token endpoint will verify against.
    expect(world.findApplication(appId)!.certificates).toHaveLength(1);
    expect(world.findApplication(appId)!.appRoles).toContain('RoleManagement.ReadWrite.Directory');
    expect(world.groupByName('CA-Emergency-Exclude')!._members).toEqual([]);
    const shown = setup.secrets.find((s) => /passphrase/i.test(s.title));
    expect(shown, 'the key passphrase is shown once').toBeDefined();
    const passphrase = shown!.lines.map((l) => l.trim()).find((l) => /^[a-z0-9]+(?:[- ][a-z0-9]+){3,}$/i.test(l));
    expect(passphrase, shown!.lines.join('\n')).toBeTruthy();

    door = { appId, groupId, keyPath, passphrase: passphrase!, stateDir };

    // ── 2. emergency: open the layered door ───────────────────────────────
    const user = world.user('sam.staff@contoso-practice.com')!.id;
    const answers: AnswersFile = {
      answers: {
        incident: {
          form: {
            reference: 'INC-4711',
            failureMode: 'Conditional Access policy',
            description: 'A new CA policy blocks every admin.',
          },
        },
        envelopes: {
          form: {
            custodian1: 'Ana',
            envelope1: 'ENV-A-0001',
            seal1Intact: true,
            custodian2: 'Ben',
            envelope2: 'ENV-B-0001',
            seal2Intact: true,
          },
        },
        'way-in': { form: { method: 'Emergency application (layered)' } },
        layered: { form: { appId, keyPath, group: groupId, user } },
        // The emergency application may not read users: the principal is named by its object id.
        'add-user': { grant: [user] },
        // The passphrase from envelope B, typed into the masked sign-in field.
        'identity.emergency-app': { form: { secret: passphrase } },
        recovery: { form: { actions: 'Rolled back CA policy CA999', resolvedAt: '10:42' } },
        alert: { form: { alertReference: 'ALERT-1', pagedAt: '10:31' } },
        rotation: { form: { rotationDue: 'tomorrow' } },
        'sign-off': { signoff: { signers } },
      },
    };
    const em = await runInPractice({
      runbook: join(root, 'runbooks/emergency-sign-in.md'),
      server,
      stateDir,
      inputs: { account: BG },
      answers,
      onFinished: await reportWriter(await loadForRun(join(root, 'runbooks/emergency-sign-in.md'), CATALOG)),
    });
    const r = results(em.journal);
    expect(
      em.outcome.status,
      JSON.stringify([...r].filter(([, x]) => !['done', 'pass', 'skipped'].includes(x.status))),
    ).toBe('completed');
    expect(r.get('add-user')!.status).toBe('done');
    expect(r.get('add-user')!.outputs).toEqual({ result: 'added' });
    expect(world.groupByName('CA-Emergency-Exclude')!._members).toEqual([user]);
    // The exclusion lifts Conditional Access only: mandatory MFA still stops a password-only portal
    // sign-in by the added user, as the runbook says (concept-mandatory-multifactor-authentication).
    const portal = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
    expect(
      world.simulateSignIn({ upn: 'sam.staff@contoso-practice.com', method: 'password', appId: portal }).errorCode,
    ).toBe(50076);
    expect(
      world.simulateSignIn({ upn: 'sam.staff@contoso-practice.com', method: 'passwordAndMfa', appId: portal })
        .errorCode,
    ).toBe(0);
    const audit = world.audits.filter((a) => a.activityDisplayName === 'Add member to group').at(-1)!;
    expect(audit.initiatedBy.app?.appId).toBe(appId);

    const signedIn = em.journal.filter((x) => x.type === 'signed-in').map((x) => x.data as JournalData['signed-in']);
    expect(signedIn.map((s) => s.identity)).toEqual(['emergency-app', 'breakglass']);
    expect(signedIn[0]).toMatchObject({
      kind: 'app',
      appId,
      granted: ['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'],
    });
    expect(signedIn[1]).toMatchObject({ kind: 'user', upn: BG });
    expect(r.get('ga')!.outputs).toMatchObject({ done: true, upn: BG });
    // The passphrase was asked in a masked field of its own.
    const asked = em.operator.prompts.find((p) => p.instanceId === 'identity.emergency-app');
    expect(asked?.type).toBe('form');
    expect(asked?.type === 'form' && asked.fields[0]!.secret).toBe(true);

    // ── 3. the passphrase is nowhere on disk ───────────────────────────────
    const needle = Buffer.from(passphrase!);
    for (const dir of [setup.outcome.runDir, em.outcome.runDir]) {
      const files = filesUnder(dir);
      expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
      for (const f of files) expect(readFileSync(f).includes(needle), `${f} holds the passphrase`).toBe(false);
    }
    expect(setup.outcome.reportPath && em.outcome.reportPath).toBeTruthy();
    // The signed report names both sign-ins: the application by app id, the break-glass account by UPN.
    const report = filesUnder(em.outcome.runDir)
      .filter((f) => /report/i.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(report).toContain('emergency-app');
    expect(report).toContain(appId);
    expect(report).toContain(BG);
  }, 240_000);

  it('resumed in a new process, the emergency app signs in again with its spec resolved from the replayed outputs', async () => {
    expect(door, 'runs after the build test').toBeDefined();
    const { appId, groupId, keyPath, passphrase, stateDir } = door!;
    const world = server.world as unknown as WorldView;
    const { connectRun, loadForRun, resolveRunTenant } = await import('../src/commands/run.js');
    const { startRun, resumeRun } = await import('../src/engine/run.js');
    const { ScriptedOperator } = await import('../src/engine/scripted-operator.js');
    const { OperatorQuit } = await import('../src/core/events.js');
    const { readJournal } = await import('./identities.helpers.js');
    const runbook = await loadForRun(join(root, 'runbooks/emergency-sign-in.md'), CATALOG);
    const user = world.user('witness.wu@contoso-practice.com')!.id;
    const file: AnswersFile = {
      answers: {
        incident: { form: { reference: 'INC-4712', failureMode: 'Other', description: 'Drill of the resume path.' } },
        envelopes: {
          form: {
            custodian1: 'Ana',
            envelope1: 'ENV-A-0001',
            seal1Intact: true,
            custodian2: 'Ben',
            envelope2: 'ENV-B-0001',
            seal2Intact: true,
          },
        },
        'way-in': { form: { method: 'Emergency application (layered)' } },
        layered: { form: { appId, keyPath, group: groupId, user } },
        // The emergency application may not read users: the principal is named by its object id.
        'add-user': { grant: [user] },
        'identity.emergency-app': { form: { secret: passphrase } },
        recovery: { form: { actions: 'none', resolvedAt: 'n/a' } },
        alert: { form: { alertReference: 'ALERT-2', pagedAt: 'n/a' } },
        rotation: { form: { rotationDue: 'tomorrow' } },
        'sign-off': { signoff: { signers } },
      },
    };
    /** Quits (as Ctrl-C would) when the add-user action asks for approval: after the sign-in, before any change. */
    class QuitAtApproval extends ScriptedOperator {
      override async ask<P extends Prompt>(p: P): Promise<Answer<P>> {
        if (p.type === 'action' && p.instanceId === 'add-user') throw new OperatorQuit();
        return super.ask(p);
      }
    }
    const tenant = { mode: 'practice' as const, label: 'PRACTICE · healthy', scenario: 'healthy' };
    const flags = { positional: [], plain: false, inputs: {}, tenantRest: [], tenant: 'practice' };
    const { config } = await resolveRunTenant(flags, runbook);
    const c1 = await connectRun(flags, runbook, CATALOG, { config, tenant, practiceServer: server });
    const first = await startRun({
      catalog: CATALOG,
      runbook,
      inputs: { account: BG },
      operator: new QuitAtApproval(file),
      tenantFactory: c1.factory,
      tenant,
      stateDir,
      toolVersion: 'test',
    });
    await c1.close();
    expect(first.status).toBe('quit');
    expect(
      readJournal(first.runDir)
        .filter((x) => x.type === 'signed-in')
        .map((x) => (x.data as JournalData['signed-in']).identity),
    ).toEqual(['emergency-app']);
    expect(world.groupByName('CA-Emergency-Exclude')!._members).not.toContain(user);

    const c2 = await connectRun(flags, runbook, CATALOG, { config, tenant, practiceServer: server });
    const op2 = new ScriptedOperator(file);
    const second = await resumeRun(first.runDir, {
      catalog: CATALOG,
      runbook,
      operator: op2,
      tenantFactory: c2.factory,
      stateDir,
      toolVersion: 'test',
    });
    await c2.close();
    expect(second.status).toBe('completed');
    const journal = readJournal(first.runDir);
    const resumedAt = journal.findIndex((x) => x.type === 'resumed');
    const after = journal
      .slice(resumedAt)
      .filter((x) => x.type === 'signed-in')
      .map((x) => x.data as JournalData['signed-in']);
    expect(after[0]).toMatchObject({ identity: 'emergency-app', kind: 'app', appId });
    expect(world.groupByName('CA-Emergency-Exclude')!._members).toContain(user);
    expect(readFileSync(join(first.runDir, 'journal.jsonl')).includes(Buffer.from(passphrase))).toBe(false);
  }, 240_000);
});
