/**
 * Recovery after a crash between an action's intent and its outcome reads the tenant; it never
 * re-sends the change. For `group.addMemberById` (the layered path's emergency move) a recovery
 * that POSTed would add a member to the exclusion group without the operator's approval — the
 * state the journal holds is "maybe sent", never "approved again". Against the practice tenant with
 * the real Graph client; the requests are those the connection layer recorded as evidence, and the
 * group's members are read back from the practice world.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPractice, type PracticeConnection } from '../src/commands/practice-session.js';
import { action as addMemberById } from '../src/actions/groups/add-member-by-id.js';
import type { ActionContext } from '../src/core/action.js';
import type { TenantSession } from '../src/core/tenant.js';

const GROUP = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d'; // SG-BreakGlass-Exclude in the healthy scenario
interface WorldView {
  user(upn: string): { id: string } | undefined;
  groupByName(name: string): { _members: string[] } | undefined;
}

function ctxOf(tenant: TenantSession): ActionContext {
  return { tenant, signal: new AbortController().signal, intentAt: new Date().toISOString() } as ActionContext;
}

async function reconcileAndRecord(conn: PracticeConnection, user: string) {
  conn.session.drainEvidence();
  const state = await addMemberById.reconcile({ group: GROUP, user }, ctxOf(conn.session));
  const sent = conn.session.drainEvidence().filter((e) => e.service === 'graph');
  return { state, sent };
}

describe('group.addMemberById recovery only reads', () => {
  let reader: PracticeConnection;
  let blind: PracticeConnection;
  let world: WorldView;
  let member: string;
  let outsider: string;
  beforeAll(async () => {
    reader = await connectPractice({ scenario: 'healthy' });
    world = reader.server.world as unknown as WorldView;
    member = world.user('bg-admin-01@contosopractice.onmicrosoft.com')!.id;
    outsider = world.user('witness.wu@contoso-practice.com')!.id;
    // An identity that may not read the group's members (no GroupMember/Group/Directory read): the
    // emergency application is such an identity; a delegated token with User.Read only stands in for it.
    blind = await connectPractice({ scenario: 'healthy', scopes: ['https://graph.microsoft.com/User.Read'] });
  }, 120_000);
  afterAll(async () => {
    await reader?.close();
    await blind?.close();
  });

  it('a user not yet in the group: "not applied", only GETs sent, the group unchanged', async () => {
    const before = [...world.groupByName('SG-BreakGlass-Exclude')!._members];
    const { state, sent } = await reconcileAndRecord(reader, outsider);
    expect(state).toEqual({ applied: false });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((e) => e.method)).toEqual(sent.map(() => 'GET'));
    expect(world.groupByName('SG-BreakGlass-Exclude')!._members).toEqual(before);
    expect(world.groupByName('SG-BreakGlass-Exclude')!._members).not.toContain(outsider);
  });

  it('a user already in the group: "applied" (the change had reached the tenant), read, not re-sent', async () => {
    const { state, sent } = await reconcileAndRecord(reader, member);
    expect(state).toEqual({ applied: true, outputs: { result: 'already-member' } });
    expect(sent.every((e) => e.method === 'GET')).toBe(true);
  });

  it('an identity that cannot read the members: state unknown (asked again), and nothing sent but the read', async () => {
    const own = blind.server.world as unknown as WorldView; // its own practice tenant
    const before = [...own.groupByName('SG-BreakGlass-Exclude')!._members];
    const { state, sent } = await reconcileAndRecord(blind, own.user('witness.wu@contoso-practice.com')!.id);
    expect(state.applied).toBe(false);
    expect(state.unknown).toMatch(/cannot read the group's members \(HTTP 403\)/);
    expect(sent.map((e) => `${e.method} ${e.status}`)).toEqual(sent.map(() => 'GET 403'));
    expect(own.groupByName('SG-BreakGlass-Exclude')!._members).toEqual(before);
  });
});
