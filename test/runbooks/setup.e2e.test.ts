/* eslint-disable @typescript-eslint/no-explicit-any -- assertions reach into parsed JSON bodies and emulator records */
/**
 * The two setup runbooks, end to end on their practice scenarios: each runs to
 * a signed, complete report; the practice tenant ends in the state the seeds
 * describe; a second run changes nothing; no secret is written anywhere.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeServer } from '../../src/practice/server.js';
import { leaks, loadShipped, mutationCount, runOnPractice, signers, startServer } from './harness.js';

const GA = '62e90394-69f5-4237-9190-012177145e10';

describe('security-defaults-fido2 on smb-security-defaults', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('smb-security-defaults');
  });
  afterAll(async () => server?.close());

  it('creates two FIDO2-only Global Administrators through a TAP that is gone afterwards, signed; a second run changes nothing', async () => {
    const runbook = await loadShipped('security-defaults-fido2.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator']);
    const answers = {
      answers: {
        names: { form: {} },
        'enroll.label': { form: { keyLabel: 'BG-KEY', keyLocation: 'Safe A, office' } },
        // Privilege changes: approved only by naming the step and who gains what.
        'accounts.global-admin': {
          grant: ['bg-admin-01@fabrikambakery.onmicrosoft.com', 'bg-admin-02@fabrikambakery.onmicrosoft.com'],
        },
        members: {
          grant: ['bg-admin-01@fabrikambakery.onmicrosoft.com', 'bg-admin-02@fabrikambakery.onmicrosoft.com'],
        },
        'allow-fido2': { grant: ['SG-BreakGlass-Accounts'] },
        'allow-tap': { grant: ['SG-BreakGlass-Accounts'] },
        'enroll.tap': {
          grant: ['bg-admin-01@fabrikambakery.onmicrosoft.com', 'bg-admin-02@fabrikambakery.onmicrosoft.com'],
        },
        'sign-off': { signoff: { signers: keys } },
      },
    };
    const first = await runOnPractice({ server, runbook, answers, signers: keys });
    expect(first.outcome.status, first.transcript.join('\n')).toBe('completed');
    expect(first.verify?.valid).toBe(true);
    expect(first.verify?.complete).toBe(true);
    expect(first.verify?.practice).toBe(true);

    const w = server.world as unknown as {
      users: Map<string, any>;
      upnIndex: Map<string, string>;
      roleAssignments: Map<string, any>;
      groups: Map<string, any>;
    };
    for (const upn of ['bg-admin-01@fabrikambakery.onmicrosoft.com', 'bg-admin-02@fabrikambakery.onmicrosoft.com']) {
      const user = w.users.get(w.upnIndex.get(upn)!);
      expect(user, upn).toBeDefined();
      expect(user.onPremisesImmutableId).toBeNull();
      expect(user._forceChangePasswordNextSignIn).toBe(false);
      const kinds = user._methods.map((m: { kind: string }) => m.kind).sort();
      expect(kinds).toEqual(['fido2']); // the TAP is gone, nothing weak was added
      expect(
        [...w.roleAssignments.values()].some(
          (a) =>
            a.principalId === user.id &&
            a.roleDefinitionId === GA &&
            a.directoryScopeId === '/' &&
            a.endDateTime === null,
        ),
      ).toBe(true);
    }
    const group = [...w.groups.values()].find((g) => g.displayName === 'SG-BreakGlass-Accounts');
    expect(group.groupTypes).toEqual([]);
    expect(group._members).toHaveLength(2);
    expect(leaks(first.secrets, first.runDir, first.transcript)).toEqual([]);
    expect(first.secrets.length).toBeGreaterThanOrEqual(2); // two TAPs were shown

    // Idempotent: the accounts, role, group, members and method policy exist — nothing is re-sent.
    // (A new TAP per account is the one deliberate change: it is how a key is enrolled.)
    const before = server.counters().mutationsByRoute;
    const second = await runOnPractice({ server, runbook, answers, signers: keys });
    expect(second.outcome.status, second.transcript.join('\n')).toBe('completed');
    const after = server.counters().mutationsByRoute;
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(
      changed.every((k) => /temporaryAccessPassMethods|fido2/i.test(k)),
      changed.join(', '),
    ).toBe(true);
    expect(second.transcript.join('\n')).toContain('already exists');
  });
});

describe('setup-conditional-access on conditional-access-new', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startServer('conditional-access-new');
  });
  afterAll(async () => server?.close());

  const inputs = {
    workspaceResourceId:
      '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security',
    resourceGroupId: '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring',
    alertEmail: 'secops@contoso-practice.com',
    pagerWebhook: 'https://pager.example/hook',
    reviewer: 'alex.admin@contoso-practice.com',
  };

  it('excludes the group from exactly the policies that can fail closed, never the legacy-auth block; alerts and review in place; second run changes nothing', async () => {
    const runbook = await loadShipped('setup-conditional-access.md');
    const keys = await signers(mkdtempSync(join(tmpdir(), 'bg-keys-')), ['operator', 'witness']);
    const answers = {
      answers: {
        names: { form: {} },
        'sign-off': { signoff: { signers: keys } },
        'accounts.global-admin': {
          grant: ['bg-admin-01@contosopractice.onmicrosoft.com', 'bg-admin-02@contosopractice.onmicrosoft.com'],
        },
        members: {
          grant: ['bg-admin-01@contosopractice.onmicrosoft.com', 'bg-admin-02@contosopractice.onmicrosoft.com'],
        },
        'first-policy': { grant: ['SG-BreakGlass-Exclude'] },
        'other-policies': { grant: ['SG-BreakGlass-Exclude'] },
      },
    };
    const first = await runOnPractice({ server, runbook, answers, inputs, signers: keys });
    expect(first.outcome.status, first.transcript.join('\n')).toBe('completed');
    expect(first.verify?.complete).toBe(true);

    const w = server.world as unknown as {
      groups: Map<string, any>;
      caPolicies: Map<string, any>;
      arm: Map<string, any>;
      accessReviews: Map<string, any>;
    };
    const group = [...w.groups.values()].find((g) => g.displayName === 'SG-BreakGlass-Exclude');
    expect(group.isAssignableToRole).toBe(true);
    expect(group._members).toHaveLength(2);
    const excludes = (name: string) => {
      const p = [...w.caPolicies.values()].find((x) => x.displayName === name);
      return ((p.conditions?.users?.excludeGroups ?? []) as string[]).includes(group.id);
    };
    expect(excludes('CA001-All-Users-Require-MFA')).toBe(true);
    expect(excludes('CA101-Admins-Require-PhishResistant-MFA')).toBe(true);
    expect(excludes('CA201-Require-Compliant-Device')).toBe(true); // report-only: locks out the day it is flipped
    expect(excludes('CA301-Block-High-Sign-In-Risk')).toBe(true);
    expect(excludes('CA002-Block-Legacy-Authentication')).toBe(false); // the downgrade path stays closed
    expect(excludes('CA900-Old-Pilot (disabled)')).toBe(false);
    // The first policy was changed alone, before the others (seed 003).
    const order = first.transcript.filter((l) => l.includes('Exclude "SG-BreakGlass-Exclude" from'));
    expect(order[0]).toContain('from 1 policy');
    const armIds = [...w.arm.keys()].join('\n');
    expect(armIds).toMatch(/microsoft\.aadiam\/diagnosticsettings\/breakglass-entra-to-law/i);
    expect(armIds).toMatch(/actiongroups\/ag-breakglass/i);
    expect(armIds).toMatch(/securityinsights\/alertrules\//i);
    expect(armIds).toMatch(/scheduledqueryrules\//i);
    expect([...w.accessReviews.values()].some((r) => r.settings?.defaultDecisionEnabled === false)).toBe(true);

    const before = mutationCount(server);
    const second = await runOnPractice({ server, runbook, answers, inputs, signers: keys });
    expect(second.outcome.status, second.transcript.join('\n')).toBe('completed');
    expect(mutationCount(server)).toBe(before);
    expect(leaks(first.secrets, first.runDir, first.transcript)).toEqual([]);
  });
});
