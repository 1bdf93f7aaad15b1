/**
 * A service principal in a group must not go unseen by the checks. Graph v1.0 does not list service principals
 * under GET /groups/{id}/members — Learn, List group members (v1.0): "This API has a known issue where service
 * principals are not listed as group members in v1.0. As a workaround, use this API on the beta endpoint"
 * (https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0) — and the practice tenant
 * answers so. BG-025 (the layered door's group) and BG-028 (members of a group holding Global Administrator)
 * must still find a service principal member.
 * Real MSAL / Graph client over HTTPS to the practice tenant.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connectPractice } from '../src/commands/practice-session.js';
import { runChecksDetailed } from '../src/checks/run.js';
import { BUILT_IN_CHECKS } from '../src/checks/index.js';
import { directory, type World } from '../src/practice/world/index.js';

const closers: (() => Promise<void>)[] = [];

/**
 * The healthy scenario with one more group, started, and the EmergencyAccess service principal made
 * that group's member through the world's own directory operation (what Graph's POST members/$ref does).
 */
async function healthyWithEmergencyAppIn(group: Record<string, unknown> & { displayName: string }) {
  const sc = parse(readFileSync(join(import.meta.dirname, '../src/practice/scenarios/healthy.yaml'), 'utf8'));
  sc.groups = [...sc.groups, group];
  const conn = await connectPractice({ scenario: sc });
  closers.push(() => conn.close());
  // The server's world is the scenario's World (the server types it by the narrower interfaces it uses).
  const w = conn.server.world as unknown as World;
  const sp = [...w.servicePrincipals.values()].find((s) => s.displayName === 'EmergencyAccess')!;
  const op = w.user(w.operatorUpn)!;
  directory.addMember(
    w,
    { kind: 'user', id: op.id, name: op.userPrincipalName },
    w.groupByName(group.displayName)!.id,
    sp.id,
  );
  const domain = sc.tenant.initialDomain as string;
  return { conn, sp, accounts: [`bg-admin-01@${domain}`, `bg-admin-02@${domain}`] };
}
afterAll(async () => {
  for (const c of closers) await c();
});

describe('group members that are service principals', () => {
  it('BG-025 fails on a layered group whose only member is a service principal, naming it', async () => {
    const { conn, accounts } = await healthyWithEmergencyAppIn({
      displayName: 'SG-Layered-Door',
      mailNickname: 'sg-layered-door',
      members: [],
    });
    const { results } = await runChecksDetailed(BUILT_IN_CHECKS, conn.session, ['BG-025'], {
      accounts,
      group: 'SG-BreakGlass-Exclude',
      emergencyGroup: 'SG-Layered-Door',
    });
    const r = results.find((x) => x.id === 'BG-025')!;
    expect(r.verdict).toBe('fail');
    expect(r.findings.map((f) => [f.object.type, f.object.name])).toEqual([['servicePrincipal', 'EmergencyAccess']]);
  });

  it('BG-028 counts a service principal that holds Global Administrator through a role-assignable group', async () => {
    const { conn, sp, accounts } = await healthyWithEmergencyAppIn({
      displayName: 'SG-GA-Holders',
      mailNickname: 'sg-ga-holders',
      isAssignableToRole: true,
      members: [],
      roles: ['Global Administrator'],
    });
    const { results } = await runChecksDetailed(BUILT_IN_CHECKS, conn.session, ['BG-028'], {
      accounts,
      group: 'SG-BreakGlass-Exclude',
    });
    const r = results.find((x) => x.id === 'BG-028')!;
    const held = r.findings.find((f) => f.object.id === sp.id);
    expect(held?.object.type).toBe('servicePrincipal');
    expect(held?.reason).toMatch(/through SG-GA-Holders/);
  });
});
