/**
 * The practice tenant enforces restricted management administrative units as Microsoft documents them
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management):
 * a tenant-level Global Administrator is refused, the role scoped to the unit is not.
 */
import { describe, expect, it } from 'vitest';
import { loadWorld } from './index.js';
import { addMember, removeMember, updateUser } from './directory.js';
import { createTap } from './methods.js';
import type { Actor } from './state.js';
import { WorldError } from './errors.js';

function refused(f: () => unknown): WorldError {
  try {
    f();
  } catch (e) {
    if (e instanceof WorldError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('restricted management administrative units', () => {
  it('only the role scoped to the unit changes the exclusion group; a Global Administrator is refused', () => {
    const w = loadWorld('healthy-restricted-unit');
    const group = w.groupByName('SG-BreakGlass-Exclude')!;
    const alex = w.user('alex.admin@contoso-practice.com')!;
    const sam = w.user('sam.staff@contoso-practice.com')!;
    const ga: Actor = { kind: 'user', id: alex.id, name: alex.userPrincipalName };
    const e = refused(() => addMember(w, ga, group.id, sam.id));
    expect(e.status).toBe(403);
    expect(e.code).toBe('Authorization_RequestDenied');
    expect(e.message).toMatch(/^This group is a member of a restricted management administrative unit\./);
    expect(group._members).not.toContain(sam.id);

    const app = [...w.applications.values()].find((a) => a.displayName === 'EmergencyAccess')!;
    const sp = w.servicePrincipalByAppId(app.appId)!;
    const door: Actor = { kind: 'app', id: sp.id, name: 'EmergencyAccess', appId: app.appId };
    addMember(w, door, group.id, sam.id);
    expect(group._members).toContain(sam.id);
    removeMember(w, door, group.id, sam.id);
    expect(group._members).not.toContain(sam.id);
  });

  it('a Global Administrator in a restricted unit cannot be changed by anyone, not even a role scoped to it', () => {
    const w = loadWorld('drifted-restricted-unit');
    const bg2 = w.user('bg-admin-02@contosopractice.onmicrosoft.com')!;
    const alex = w.user('alex.admin@contoso-practice.com')!;
    // alex holds Helpdesk Administrator scoped to AU-Executives-Restricted, and is a tenant Global Administrator
    const actor: Actor = { kind: 'user', id: alex.id, name: alex.userPrincipalName };
    expect(refused(() => createTap(w, actor, bg2.id, {})).message).toMatch(/holds a directory role/);
    expect(refused(() => updateUser(w, actor, bg2.id, { displayName: 'x' })).status).toBe(403);
    // bg-admin-01 is in no restricted unit: unaffected
    const bg1 = w.user('bg-admin-01@contosopractice.onmicrosoft.com')!;
    expect(() => updateUser(w, actor, bg1.id, { displayName: 'BG 01' })).not.toThrow();
  });

  it('a role-assignable group in a restricted unit cannot have its members changed at all', () => {
    const w = loadWorld({
      name: 'x',
      tenant: { initialDomain: 'x.onmicrosoft.com' },
      operator: { upn: 'a@x.onmicrosoft.com' },
      users: [{ upn: 'a@x.onmicrosoft.com' }, { upn: 'b@x.onmicrosoft.com' }],
      groups: [{ displayName: 'G', isAssignableToRole: true }],
      administrativeUnits: [
        {
          displayName: 'U',
          restrictedManagement: true,
          members: ['G'],
          scopedRoleMembers: [{ role: 'Groups Administrator', principal: 'a@x.onmicrosoft.com' }],
        },
      ],
    });
    const a = w.user('a@x.onmicrosoft.com')!;
    const b = w.user('b@x.onmicrosoft.com')!;
    const g = w.groupByName('G')!;
    expect(refused(() => addMember(w, { kind: 'user', id: a.id, name: 'a' }, g.id, b.id)).message).toMatch(
      /role-assignable group in U/,
    );
  });

  it('refuses what Microsoft does not allow in a scenario: a Global Administrator scoped to a unit, a mail-enabled group in a restricted one', () => {
    const base = {
      name: 'x',
      tenant: { initialDomain: 'x.onmicrosoft.com' },
      operator: { upn: 'a@x.onmicrosoft.com' },
      users: [{ upn: 'a@x.onmicrosoft.com' }],
      groups: [{ displayName: 'M', mailEnabled: true }],
    };
    expect(() =>
      loadWorld({
        ...base,
        administrativeUnits: [
          { displayName: 'U', scopedRoleMembers: [{ role: 'Global Administrator', principal: 'a@x.onmicrosoft.com' }] },
        ],
      }),
    ).toThrow(
      /administrativeUnits\[0\]\.scopedRoleMembers\[0\]\.role.*cannot be assigned at administrative unit scope/,
    );
    expect(() =>
      loadWorld({ ...base, administrativeUnits: [{ displayName: 'U', restrictedManagement: true, members: ['M'] }] }),
    ).toThrow(/administrativeUnits\[0\]\.members\[0\].*mail-enabled/);
  });
});
