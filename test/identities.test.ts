/**
 * A runbook's `identities:` honoured in practice mode: the operator's steps
 * and the break-glass account's steps sign in separately (two device codes,
 * the second approved AS the break-glass account), each requesting only what
 * its steps need, and the break-glass step's Graph calls carry ITS token.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import type { JournalData } from '../src/core/journal-types.js';
import { results, runInPractice, tmp } from './identities.helpers.js';

const root = resolve(import.meta.dirname, '..');
const fixture = join(root, 'test/fixtures/identities/two-identities.md');
const BG = 'bg-admin-01@contosopractice.onmicrosoft.com';
const OPERATOR = 'alex.admin@contoso-practice.com';

interface WorldView {
  user(upn: string): { id: string } | undefined;
  groupByName(n: string): { _members: string[] } | undefined;
  audits: { activityDisplayName: string; initiatedBy: { user: { userPrincipalName: string } | null } }[];
}

describe('per-identity sign-in (practice)', () => {
  let server: PracticeServer;
  beforeAll(async () => {
    server = await startPracticeServer({ scenario: 'healthy' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('signs in the operator and the break-glass account separately; the bg step acts with the bg token', async () => {
    const world = server.world as unknown as WorldView;
    const sam = world.user(OPERATOR)!.id; // the bg account adds the operator (fixed id in the scenario)
    expect(world.groupByName('SG-BreakGlass-Exclude')!._members).not.toContain(sam);

    // The break-glass account may not read the user by id: the principal is named by its object id.
    const r = await runInPractice({
      runbook: fixture,
      server,
      answers: { answers: { add: { grant: ['3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b'] } } },
      inputs: { account: BG },
      stateDir: tmp(),
    });
    expect(r.outcome.status, JSON.stringify([...results(r.journal)])).toBe('completed');

    const signedIn = r.journal.filter((x) => x.type === 'signed-in').map((x) => x.data as JournalData['signed-in']);
    expect(signedIn).toHaveLength(2);
    const [op, bg] = signedIn;
    expect(op!.identity).toBeUndefined();
    expect(op!.upn).toBe(OPERATOR);
    expect(bg!.identity).toBe('breakglass');
    expect(bg!.upn).toBe(BG);
    expect(bg!.oid).toBe(world.user(BG)!.id);
    expect(bg!.oid).not.toBe(op!.oid);
    // Least privilege per identity: the operator's step reads policies only; the bg steps get role + membership scopes, not Policy.Read.All.
    expect(op!.granted).toContain('Policy.Read.All');
    expect(op!.granted).not.toContain('RoleManagement.ReadWrite.Directory');
    // (The practice app's consent has RoleManagement.ReadWrite.Directory only, so the requested .Read. is not granted.)
    // Adding a member to a role-assignable group needs GroupMember.ReadWrite.All and, also,
    // RoleManagement.ReadWrite.Directory (learn.microsoft.com/graph/api/group-post-members; docs/permissions.md).
    expect([...bg!.granted].sort()).toEqual(['GroupMember.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']);

    // The GA query ran as the bg account (its oid, from its token), and the membership change is audited as the bg account.
    const res = results(r.journal);
    expect(res.get('ga')!.outputs).toMatchObject({ done: true, principalId: world.user(BG)!.id, upn: BG });
    expect(world.groupByName('SG-BreakGlass-Exclude')!._members).toContain(sam);
    const audit = world.audits.filter((a) => a.activityDisplayName === 'Add member to group').at(-1)!;
    expect(audit.initiatedBy.user?.userPrincipalName).toBe(BG);

    // The operator saw which account each device code was approved as.
    const notices = r.operator.events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    expect(notices.some((m) => m.includes(`approved as ${BG}`))).toBe(true);
    // No token ever reaches the journal.
    expect(JSON.stringify(r.journal)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  }, 120_000);

  it('an external practice tenant (BREAKGLASS_PRACTICE_URL): the admin API approves the bg device code as the bg account', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      BREAKGLASS_PRACTICE_URL: server.url,
      BREAKGLASS_PRACTICE_CA: server.caPath,
      BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
    });
    try {
      const r = await runInPractice({
        runbook: fixture,
        server,
        answers: { answers: { add: { grant: ['3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b'] } } },
        inputs: { account: BG },
        stateDir: tmp(),
        external: true,
      });
      expect(r.outcome.status, JSON.stringify([...results(r.journal)])).toBe('completed');
      const signedIn = r.journal.filter((x) => x.type === 'signed-in').map((x) => x.data as JournalData['signed-in']);
      expect(signedIn.map((s) => s.upn)).toEqual([OPERATOR, BG]);
    } finally {
      for (const k of ['BREAKGLASS_PRACTICE_URL', 'BREAKGLASS_PRACTICE_CA', 'BREAKGLASS_PRACTICE_ADMIN_KEY'])
        if (saved[k] === undefined) delete process.env[k];
    }
  }, 120_000);

  it('the token endpoint itself refuses a disabled account (external tenant: no pre-check) — AADSTS50057, never the operator', async () => {
    const bg2 = (server.world as unknown as { user(u: string): { accountEnabled: boolean } }).user(
      'bg-admin-02@contosopractice.onmicrosoft.com',
    );
    bg2.accountEnabled = false;
    const saved = { ...process.env };
    Object.assign(process.env, {
      BREAKGLASS_PRACTICE_URL: server.url,
      BREAKGLASS_PRACTICE_CA: server.caPath,
      BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
    });
    try {
      const r = await runInPractice({
        runbook: fixture,
        server,
        answers: {},
        inputs: { account: 'bg-admin-02@contosopractice.onmicrosoft.com' },
        stateDir: tmp(),
        external: true,
      });
      expect(r.outcome.status).toBe('aborted');
      const ga = r.journal.find(
        (x) => x.type === 'step-finished' && (x.data as { instanceId: string }).instanceId === 'ga',
      )!.data as JournalData['step-finished'];
      expect(ga.result.status).toBe('error');
      expect(JSON.stringify(ga.result.error)).toMatch(/50057|disabled/i);
      expect(
        r.journal.filter((x) => x.type === 'signed-in').map((x) => (x.data as JournalData['signed-in']).upn),
      ).toEqual([OPERATOR]);
    } finally {
      bg2.accountEnabled = true;
      for (const k of ['BREAKGLASS_PRACTICE_URL', 'BREAKGLASS_PRACTICE_CA', 'BREAKGLASS_PRACTICE_ADMIN_KEY'])
        if (saved[k] === undefined) delete process.env[k];
    }
  }, 120_000);

  it('a break-glass account that is not in the practice tenant is a clear step error, not the operator signing in', async () => {
    const r = await runInPractice({
      runbook: fixture,
      server,
      answers: { defaults: { failure: { choice: 'abort' } } },
      inputs: { account: 'bg-admin-01@contoso.onmicrosoft.com' },
      stateDir: tmp(),
    });
    expect(r.outcome.status).toBe('aborted');
    const ga = results(r.journal).get('ga')!;
    expect(ga.status).toBe('error');
    const finished = r.journal.find(
      (x) => x.type === 'step-finished' && (x.data as { instanceId: string }).instanceId === 'ga',
    )!.data as JournalData['step-finished'];
    expect(finished.result.error?.cause).toMatch(
      /bg-admin-01@contoso\.onmicrosoft\.com is not a user of the practice tenant/,
    );
    expect(finished.result.error?.todo).toMatch(/--input account=bg-admin-01@contosopractice\.onmicrosoft\.com/);
    expect(r.journal.filter((x) => x.type === 'signed-in')).toHaveLength(1);
  }, 120_000);
});
