/**
 * Restricted management administrative units in BG-006, BG-017 and BG-021: who can change the exclusion
 * group or an account once it is in such a unit
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management).
 */
import { describe, expect, it } from 'vitest';
import { check as bg006 } from './bg-006-exclusion-group.js';
import { check as bg017 } from './bg-017-nothing-else.js';
import { check as bg021 } from './bg-021-exclusion-group-owners.js';
import { config, healthy, val } from './testing/fixtures.js';
import { failed, ok, type DirObject, type Group } from './snapshot.js';

const UNIT = {
  '@odata.type': '#microsoft.graph.administrativeUnit',
  id: 'au-1',
  displayName: 'AU-BreakGlass-Restricted',
  isMemberManagementRestricted: true,
};
const GROUPS_ADMIN = 'fdd7a751-b60b-444a-984c-02652fe8fa1c';
const scoped = (principalId: string, displayName: string, roleId = GROUPS_ADMIN) => ({
  id: `s-${principalId}`,
  administrativeUnitId: 'au-1',
  roleId,
  roleMemberInfo: { id: principalId, displayName },
});

describe('restricted management administrative units', () => {
  it('BG-006: a role-assignable group in a restricted unit fails — nobody can add a user to it', () => {
    const s = healthy();
    s.groupUnits = ok([UNIT]);
    const r = bg006.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(
      /role-assignable and in restricted management administrative unit AU-BreakGlass-Restricted/,
    );
  });

  it('BG-006: a plain group in a restricted unit passes; elsewhere it still warns', () => {
    const s = healthy();
    val<Group>(s.group).isAssignableToRole = false;
    s.groupUnits = ok([UNIT]);
    expect(bg006.evaluate(s, config()).verdict).toBe('pass');
    s.groupUnits = ok([{ ...UNIT, isMemberManagementRestricted: false }]);
    expect(bg006.evaluate(s, config()).verdict).toBe('warn');
  });

  it('BG-006 and BG-021 fail closed: an unreadable unit list or restriction is an error, never a pass', () => {
    const s = healthy();
    s.groupUnits = failed('403 Authorization_RequestDenied');
    expect(bg006.evaluate(s, config()).verdict).toBe('error');
    expect(bg021.evaluate(s, config()).verdict).toBe('error');
    const t = healthy();
    t.groupUnits = ok([{ ...UNIT, isMemberManagementRestricted: null }]);
    expect(bg006.evaluate(t, config()).verdict).toBe('error');
  });

  it('BG-021: the emergency app scoped to the unit passes; anyone else holding a group-managing role there fails', () => {
    const s = healthy();
    val<Group>(s.group).isAssignableToRole = false;
    s.groupUnits = ok([UNIT]);
    s.emergencyAppSp = ok({
      id: 'sp-door',
      appId: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
      displayName: 'EmergencyAccess',
    });
    s.unitRoles = ok({ 'au-1': [scoped('sp-door', 'EmergencyAccess')] });
    const c = config({ emergencyApp: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a' });
    expect(bg021.evaluate(s, c).verdict).toBe('pass');
    s.unitRoles = ok({ 'au-1': [scoped('sp-door', 'EmergencyAccess'), scoped('u-sam', 'Sam Staff')] });
    const r = bg021.evaluate(s, c);
    expect(r.verdict).toBe('fail');
    expect(r.findings.filter((f) => f.verdict === 'fail').map((f) => `${f.object.name}: ${f.reason}`)).toEqual([
      `Sam Staff: holds Groups Administrator scoped to AU-BreakGlass-Restricted and can add anyone to the group (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management)`,
    ]);
    // a role that does not manage groups is not a route
    s.unitRoles = ok({
      'au-1': [scoped('sp-door', 'EmergencyAccess'), scoped('u-x', 'X', '729827e3-9c14-49f7-bb1b-9608f156bbb8')],
    });
    expect(bg021.evaluate(s, c).verdict).toBe('pass');
    // an owner cannot manage the group while it is in the unit: reported, not failed
    s.groupOwners = ok([{ '@odata.type': '#microsoft.graph.user', id: 'u-o', userPrincipalName: 'owner@contoso.com' }]);
    const o = bg021.evaluate(s, c);
    expect(o.verdict).toBe('warn');
    expect(o.findings.find((f) => f.object.name === 'owner@contoso.com')!.reason).toMatch(
      /owner, but cannot change the group while it is in restricted management administrative unit/,
    );
  });

  it('BG-017: an account in a restricted unit warns that nobody can reset it there; an unknown membership type is an error', () => {
    const s = healthy();
    val<DirObject[]>(s.accounts[1]!.memberOf).push({ ...UNIT, displayName: 'AU-Executives' });
    const r = bg017.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.findings[1]!.reason).toMatch(
      /in restricted management administrative unit AU-Executives: no administrator can reset or change this account/,
    );
    const t = healthy();
    val<DirObject[]>(t.accounts[0]!.memberOf).push({ id: 'odd', displayName: 'Mystery' });
    expect(bg017.evaluate(t, config()).verdict).toBe('error');
  });
});
