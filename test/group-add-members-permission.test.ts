/**
 * `group.addMembers` names its group by display name, so it lists /groups with a $filter — a read
 * Microsoft documents with GroupMember.Read.All as least privileged
 * (https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0), which
 * GroupMember.ReadWrite.All does not cover for the group list (docs/permissions.md, group.list.byName).
 * Once the tool dropped the read scope because the write scope was asked for: the action then failed on
 * a real tenant with 403. Here: the action declares what the permission table says, the sign-in requests
 * it, the practice tenant (which enforces the table) serves the action with exactly those scopes, and
 * refuses the by-name lookup without the read permission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPractice, type PracticeConnection } from '../src/commands/practice-session.js';
import { action as addMembers } from '../src/actions/groups/add-members.js';
import { grantSatisfies, permissionRow } from '../src/config/permission-table.js';
import { scopesFor } from '../src/tenant/permissions.js';
import type { ActionContext } from '../src/core/action.js';
import type { TenantSession } from '../src/core/tenant.js';

const RESOURCES = {
  graph: 'https://graph.microsoft.com',
  logs: 'https://api.loganalytics.io',
  arm: 'https://management.azure.com',
};
const ARGS = { group: 'SG-BreakGlass-Exclude', members: ['witness.wu@contoso-practice.com'] };
const ctxOf = (tenant: TenantSession) => ({ tenant, signal: new AbortController().signal }) as ActionContext;
const declared = addMembers.permissions.graph ?? [];
/** The delegated scopes a run of a runbook with only this step asks for at sign-in. */
const requested = scopesFor(
  { permissions: { graph: declared, logs: [], arm: [] }, readOnly: false },
  'delegated',
  RESOURCES,
);

describe('group.addMembers by name: declared, requested, enforced', () => {
  let withRead: PracticeConnection;
  let withoutRead: PracticeConnection;
  beforeAll(async () => {
    withRead = await connectPractice({ scenario: 'healthy', scopes: requested });
    withoutRead = await connectPractice({
      scenario: 'healthy',
      scopes: requested.filter((s) => !s.endsWith('/GroupMember.Read.All')),
    });
  }, 120_000);
  afterAll(async () => {
    await withRead?.close();
    await withoutRead?.close();
  });

  it('declares a set the permission table accepts for the by-name lookup, and the sign-in requests it', () => {
    const row = permissionRow('group.list.byName');
    expect(grantSatisfies(row, 'delegated', declared)).toBe(true);
    // GroupMember.ReadWrite.All alone is not in the table's list for it (the write form does not cover this read).
    expect(grantSatisfies(row, 'delegated', ['GroupMember.ReadWrite.All'])).toBe(false);
    // The write scope does not stand in for the read: both are requested.
    expect(requested).toContain('https://graph.microsoft.com/GroupMember.Read.All');
    expect(requested).toContain('https://graph.microsoft.com/GroupMember.ReadWrite.All');
  });

  it('with the requested scopes the practice tenant serves the action: the member is added', async () => {
    const preview = await addMembers.preview(ARGS, ctxOf(withRead.session));
    expect(preview.summary).toBe('Add witness.wu@contoso-practice.com to "SG-BreakGlass-Exclude"');
    const r = await addMembers.apply(ARGS, ctxOf(withRead.session));
    expect(r.outputs['added']).toEqual(['witness.wu@contoso-practice.com']);
    const world = withRead.server.world as unknown as {
      user(upn: string): { id: string };
      groupByName(n: string): { _members: string[] };
    };
    expect(world.groupByName('SG-BreakGlass-Exclude')._members).toContain(
      world.user('witness.wu@contoso-practice.com').id,
    );
  });

  it('with GroupMember.ReadWrite.All but not GroupMember.Read.All the practice tenant refuses the lookup by name (403)', async () => {
    const err = await addMembers.preview(ARGS, ctxOf(withoutRead.session)).then(
      () => undefined,
      (e: unknown) => e as { status?: number; message?: string },
    );
    expect(err?.status).toBe(403);
    expect(err?.message).toMatch(/GroupMember\.Read\.All/);
  });
});
