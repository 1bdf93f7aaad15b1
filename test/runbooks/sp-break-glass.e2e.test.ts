/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into emulator records */
/**
 * service-principal-break-glass on the practice tenant (real MSAL / Graph / ARM / Logs
 * clients over TLS): what the tenant holds afterwards, and that a scripted answers run
 * never approves the role assignment unless the answers file names the step and the
 * service principal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import { loadShipped, runOnPractice, signers, startServer } from './harness.js';

const WS =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security';
const AG =
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.Insights/actionGroups/ag-breakglass-page';
const GA = '62e90394-69f5-4237-9190-012177145e10';
const NAME = 'BreakGlass-Identity';

describe('service-principal-break-glass on healthy', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('healthy');
  });
  afterAll(async () => server?.close());
  const w = () => server.world as any;
  const app = () => [...w().applications.values()].find((a: any) => a.displayName === NAME);
  const sp = () => [...w().servicePrincipals.values()].find((s: any) => s.appId === app()?.appId);
  const inputs = () => ({
    appName: NAME,
    roles: 'Global Administrator',
    keyPath: join(mkdtempSync(join(tmpdir(), 'bg-spbg-')), 'key.pem'),
    workspaceResourceId: WS,
    actionGroupId: AG,
  });

  it('answers that approve everything do not approve the role: the run stops there and no role is assigned', async () => {
    const runbook = await loadShipped('service-principal-break-glass.md');
    const r = await runOnPractice({
      server,
      runbook,
      inputs: inputs(),
      answers: {
        answers: { certificate: { grant: [NAME] } },
        defaults: { action: { approved: true, typed: NAME }, confirm: true, failure: { choice: 'abort' } },
      },
    });
    expect(r.outcome.status).toBe('aborted');
    expect(r.transcript.join('\n')).toContain('privilege change at roles (role.assignToServicePrincipal)');
    expect([...w().roleAssignments.values()].some((a: any) => a.principalId === sp()?.id)).toBe(false);
  });

  it('named in the answers, the run builds the app; the tenant holds it as declared', async () => {
    const runbook = await loadShipped('service-principal-break-glass.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const r = await runOnPractice({
      server,
      runbook,
      inputs: inputs(),
      signers: keys,
      answers: {
        answers: {
          certificate: { grant: [NAME] },
          roles: { grant: [NAME] },
          envelopes: { form: { keyEnvelope: 'ENV-A-101', passphraseEnvelope: 'ENV-B-101', keyFileDeleted: true } },
          'sign-off': { signoff: { signers: keys } },
        },
        defaults: { failure: { choice: 'abort' } },
      },
    });
    const log = r.transcript.join('\n');
    expect(app()?.requiredResourceAccess).toEqual([]);
    expect(sp()).toBeDefined();
    expect(
      [...w().roleAssignments.values()].some((a: any) => a.principalId === sp().id && a.roleDefinitionId === GA),
    ).toBe(true);
    expect(app()._owners ?? []).toEqual([]);
    expect(app().keyCredentials.length).toBeGreaterThan(0);
    expect(log).toMatch(/BG-02[34]/);
    expect(r.outcome.status, log).toBe('completed');
  });
});
