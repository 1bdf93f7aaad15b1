/**
 * runbooks/service-principal-break-glass.md end to end on its own practice scenario (`healthy`: no
 * break-glass application yet), over TLS to the practice tenant with the real MSAL / Graph / ARM / Logs
 * clients and the real per-identity sign-ins (each certificate is proven by an app-only sign-in with its
 * key file and the passphrase typed into the masked field). Asserted from the practice world's state,
 * i.e. what the tenant holds: two certificates with different end dates, the chosen directory role,
 * no owner, the ServicePrincipalSignInLogs export and an alert rule for the app; BG-023 and BG-024 pass.
 * A scripted run whose answers do not name the role step never assigns the role.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../../src/practice/server.js';
import type {
  ApplicationRec,
  ArmResource,
  RoleAssignmentRec,
  ServicePrincipalRec,
  SpSignInRec,
} from '../../src/practice/world/state.js';
import type { AnswersFile } from '../../src/engine/scripted-operator.js';
import { createKeyPair } from '../../src/report/keys.js';
import { builtInCatalog } from '../../src/steps/catalog.js';
import { filesUnder, results, runInPractice } from '../identities.helpers.js';
import { practiceClock } from './harness.js';

const RUNBOOK = resolve(import.meta.dirname, '../../runbooks/service-principal-break-glass.md');
const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const AG =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.Insights/actionGroups/ag-breakglass-page';
// Global Administrator's template id, the same in every tenant
// (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference#global-administrator).
const GA = '62e90394-69f5-4237-9190-012177145e10';
const SIGNER_PASSPHRASE = 'practice-only signing passphrase';
// Simulated time runs this much faster, so the workspace's ingestion delay (2 simulated minutes) passes in seconds.
const SCALE = 60;

interface WorldView {
  applications: Map<string, ApplicationRec>;
  servicePrincipals: Map<string, ServicePrincipalRec>;
  roleAssignments: Map<string, RoleAssignmentRec>;
  spSignIns: SpSignInRec[];
  armList(predicate: (r: ArmResource) => boolean): ArmResource[];
}

describe('service-principal-break-glass on healthy', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'healthy', autoApproveDeviceCodeAfterMs: 0, timeScale: SCALE });
  });
  afterAll(async () => server?.close());
  const world = () => server.world as unknown as WorldView;
  const appNamed = (name: string) => [...world().applications.values()].find((a) => a.displayName === name);
  const spOf = (appId: string) => [...world().servicePrincipals.values()].find((s) => s.appId === appId);

  function inputs(name: string, dir: string): Record<string, string> {
    return {
      appName: name,
      keyPath: join(dir, 'usb-a', 'key.pem'),
      spareKeyPath: join(dir, 'usb-c', 'spare.pem'),
      workspaceResourceId: WS,
      actionGroupId: AG,
    };
  }

  it('answers that approve every change but do not name the role step stop there: no role is assigned', async () => {
    const NAME = 'BreakGlass-Unnamed';
    const dir = mkdtempSync(join(tmpdir(), 'bg-spbg-'));
    const run = await runInPractice({
      runbook: RUNBOOK,
      server,
      stateDir: join(dir, 'state'),
      inputs: inputs(NAME, dir),
      answers: {
        answers: { certificate: { grant: [NAME] }, spare: { grant: [NAME] } },
        defaults: { action: { approved: true, typed: NAME }, confirm: true, failure: { choice: 'abort' } },
      },
    });
    expect(run.outcome.status).toBe('aborted');
    expect(JSON.stringify(run.journal)).toContain('privilege change at roles (role.assignToServicePrincipal)');
    const sp = spOf(appNamed(NAME)!.appId)!;
    expect([...world().roleAssignments.values()].filter((a) => a.principalId === sp.id)).toEqual([]);
  }, 240_000);

  it('builds the app as declared: two proven certificates, the role, no owner, export and alert; BG-023/024 pass', async () => {
    const NAME = 'BreakGlass-App';
    const dir = mkdtempSync(join(tmpdir(), 'bg-spbg-'));
    const signers = [];
    for (const [role, name] of [
      ['operator', 'Olu Operator'],
      ['witness', 'Wen Witness'],
    ] as const) {
      const k = await createKeyPair({ name, dir: join(dir, 'keys'), passphrase: SIGNER_PASSPHRASE });
      signers.push({ role, name, keyPath: k.privatePath, passphrase: SIGNER_PASSPHRASE });
    }
    const answers: AnswersFile = {
      answers: {
        certificate: { grant: [NAME] },
        spare: { grant: [NAME] },
        roles: { grant: [NAME] },
        envelopes: {
          form: {
            keyEnvelope: 'ENV-A-101',
            passphraseEnvelope: 'ENV-B-102',
            spareKeyEnvelope: 'ENV-C-103',
            sparePassphraseEnvelope: 'ENV-D-104',
            keyFilesDeleted: true,
          },
        },
        'sign-off': { signoff: { signers } },
      },
      defaults: { failure: { choice: 'abort' } },
    };
    // Each custodian types the passphrase from the paper into the masked sign-in field.
    const passphrases: string[] = [];
    const identityOf: Record<string, string> = {
      'key-passphrase': 'identity.primary-cert',
      'spare-passphrase': 'identity.spare-cert',
    };
    const { reportWriter, loadForRun } = await import('../../src/commands/run.js');
    const run = await runInPractice({
      runbook: RUNBOOK,
      server,
      stateDir: join(dir, 'state'),
      inputs: inputs(NAME, dir),
      answers,
      clock: practiceClock(server, SCALE),
      onSecret: (id, s) => {
        const identity = identityOf[id];
        if (!identity) return;
        const passphrase = s.lines[0]!.trim();
        passphrases.push(passphrase);
        answers.answers![identity] = { form: { secret: passphrase } };
      },
      onFinished: await reportWriter(await loadForRun(RUNBOOK, builtInCatalog())),
    });
    const r = results(run.journal);
    expect(
      run.outcome.status,
      JSON.stringify([...r].filter(([, x]) => !['done', 'pass', 'skipped'].includes(x.status))),
    ).toBe('completed');

    // The application and its service principal, requesting no API permission.
    const app = appNamed(NAME)!;
    expect(app.requiredResourceAccess).toEqual([]);
    const sp = spOf(app.appId)!;
    expect(sp).toBeDefined();

    // Two certificates, no secret, with different end dates.
    expect(app.passwordCredentials).toEqual([]);
    expect(app.keyCredentials.map((k) => k.displayName).sort()).toEqual(['bg-app-cert-primary', 'bg-app-cert-sealed']);
    const ends = app.keyCredentials.map((k) => Date.parse(k.endDateTime));
    expect(Math.abs(ends[0]! - ends[1]!)).toBeGreaterThan(300 * 86_400_000);

    // Global Administrator, active and tenant-wide; nothing else.
    const held = [...world().roleAssignments.values()].filter((a) => a.principalId === sp.id);
    expect(held.map((a) => [a.roleDefinitionId, a.directoryScopeId])).toEqual([[GA, '/']]);

    // No owner on the application or its service principal.
    expect(app._owners ?? []).toEqual([]);
    expect(sp._owners ?? []).toEqual([]);

    // ServicePrincipalSignInLogs exported to the workspace, and an alert rule reading it for this app.
    const exported = world().armList(
      (x) =>
        x.type.toLowerCase() === 'microsoft.aadiam/diagnosticsettings' &&
        JSON.stringify(x.properties).includes('ServicePrincipalSignInLogs'),
    );
    expect(exported.map((x) => x.name)).toContain('breakglass-sp-signins-to-law');
    const rules = world().armList(
      (x) =>
        x.type.toLowerCase() === 'microsoft.insights/scheduledqueryrules' &&
        JSON.stringify(x.properties).includes(app.appId) &&
        JSON.stringify(x.properties).includes('AADServicePrincipalSignInLogs'),
    );
    expect(rules).toHaveLength(1);

    // Each certificate opened the door: one successful sign-in with each key.
    const byKey = (name: string) => app.keyCredentials.find((k) => k.displayName === name)!.keyId;
    const ok = world().spSignIns.filter((s) => s.appId === app.appId && s.errorCode === 0);
    expect(ok.map((s) => s.credentialKeyId).sort()).toEqual(
      [byKey('bg-app-cert-primary'), byKey('bg-app-cert-sealed')].sort(),
    );
    expect(r.get('prove')!.outputs).toMatchObject({ keyId: byKey('bg-app-cert-primary') });
    expect(r.get('prove-spare')!.outputs).toMatchObject({ keyId: byKey('bg-app-cert-sealed') });

    // Both sign-ins reached the workspace before the checks ran.
    expect(r.get('arrived')!.status).toBe('pass');
    expect(r.get('arrived')!.outputs['arrived']).toHaveLength(2);

    // The checks at the end.
    expect(r.get('verify')!.status, r.get('verify')!.summary).toBe('pass');

    // The keys are on the "removable media", encrypted; no passphrase is anywhere in the run.
    expect(readFileSync(join(dir, 'usb-a', 'key.pem'), 'utf8')).toMatch(/BEGIN (BREAKGLASS )?ENCRYPTED PRIVATE KEY/);
    expect(passphrases).toHaveLength(2);
    for (const f of filesUnder(run.outcome.runDir))
      for (const p of passphrases)
        expect(readFileSync(f).includes(Buffer.from(p)), `${f} holds a passphrase`).toBe(false);
    expect(run.outcome.reportPath).toBeTruthy();
  }, 300_000);
  it('a client secret only with a stated reason: the reason is in the journal and the report, the secret nowhere, BG-023 fails on it', async () => {
    const NAME = 'BreakGlass-Secret';
    const REASON = 'Our offline vault cannot store a second key file, ticket CHG-2291';
    const dir = mkdtempSync(join(tmpdir(), 'bg-spbg-'));
    const signers = [];
    for (const [role, name] of [
      ['operator', 'Olu Operator'],
      ['witness', 'Wen Witness'],
    ] as const) {
      const k = await createKeyPair({ name, dir: join(dir, 'keys'), passphrase: SIGNER_PASSPHRASE });
      signers.push({ role, name, keyPath: k.privatePath, passphrase: SIGNER_PASSPHRASE });
    }
    const answers: AnswersFile = {
      answers: {
        certificate: { grant: [NAME] },
        'spare-secret': { grant: [NAME] },
        'secret-reason': { form: { reason: REASON } },
        roles: { grant: [NAME] },
        envelopes: {
          form: {
            keyEnvelope: 'ENV-A-201',
            passphraseEnvelope: 'ENV-B-202',
            spareKeyEnvelope: 'ENV-C-203',
            keyFilesDeleted: true,
          },
        },
        verify: { failure: { choice: 'override', justification: 'Secret accepted for now, see the reason recorded' } },
        'sign-off': { signoff: { signers } },
      },
      defaults: { failure: { choice: 'abort' } },
    };
    const shown: string[] = [];
    const { reportWriter, loadForRun } = await import('../../src/commands/run.js');
    const run = await runInPractice({
      runbook: RUNBOOK,
      server,
      stateDir: join(dir, 'state'),
      inputs: { ...inputs(NAME, dir), spare: 'Client secret (only if you insist)' },
      answers,
      clock: practiceClock(server, SCALE),
      onSecret: (id, s) => {
        if (id === 'key-passphrase')
          answers.answers!['identity.primary-cert'] = { form: { secret: s.lines[0]!.trim() } };
        else shown.push(...s.lines.map((l) => l.trim()).filter(Boolean));
      },
      onFinished: await reportWriter(await loadForRun(RUNBOOK, builtInCatalog())),
    });
    const r = results(run.journal);
    expect(run.outcome.status, JSON.stringify([...r].map(([k, x]) => [k, x.status, x.summary]))).toBe('completed');

    // What the tenant holds: one certificate and one secret (made by Graph, shown once).
    const app = appNamed(NAME)!;
    expect(app.keyCredentials.map((k) => k.displayName)).toEqual(['bg-app-cert-primary']);
    expect(app.passwordCredentials.map((c) => c.displayName)).toEqual(['bg-app-secret-sealed']);
    const secret = app.passwordCredentials[0]!._secret;
    expect(shown).toContain(secret);

    // BG-023 fails on the secret; the operator went on only by overriding it.
    expect(r.get('verify')!.status).toBe('overridden');
    expect(JSON.stringify(run.journal)).toMatch(/client secret \\"bg-app-secret-sealed\\"/);

    // The reason is in the journal and in the rendered report; the secret is in no file of the run.
    expect(JSON.stringify(run.journal)).toContain(REASON);
    const reports = filesUnder(run.outcome.runDir).filter((f) => f.endsWith('.md'));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.map((f) => readFileSync(f, 'utf8')).join('\n')).toContain(REASON);
    for (const f of filesUnder(run.outcome.runDir))
      expect(readFileSync(f).includes(Buffer.from(secret)), `${f} holds the secret`).toBe(false);
  }, 300_000);
});
