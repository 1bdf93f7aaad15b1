import { describe, expect, it } from 'vitest';
import { check } from './bg-006-exclusion-group.js';
import { config, healthy, FORBIDDEN, val, GROUP_ID } from './testing/fixtures.js';
import { ok, type DirObject, type Group } from './snapshot.js';

describe('BG-006 exclusion group', () => {
  it('passes for an assigned role-assignable group with exactly the accounts', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
  });
  it('fails an unexpected member, naming it', () => {
    const s = healthy();
    val<DirObject[]>(s.groupMembers).push({
      '@odata.type': '#microsoft.graph.user',
      id: 'u9',
      userPrincipalName: 'intern@contoso.com',
    });
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe('intern@contoso.com: unexpected user member of the exclusion group');
  });
  it('fails a missing account', () => {
    const s = healthy();
    s.groupMembers = ok(val<DirObject[]>(s.groupMembers).slice(0, 1));
    expect(check.evaluate(s, config()).reason).toMatch(/bg-admin-02.*not a member/);
  });
  it('fails a dynamic group', () => {
    const s = healthy();
    Object.assign(val<Group>(s.group), {
      groupTypes: ['DynamicMembership'],
      membershipRule: 'user.department -eq "IT"',
    });
    expect(check.evaluate(s, config()).verdict).toBe('fail');
  });
  it('warns when the group is not role-assignable', () => {
    const s = healthy();
    val<Group>(s.group).isAssignableToRole = false;
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('warn');
    expect(r.reason).toMatch(/not role-assignable/);
  });
  it('fails when the declared group does not exist', () => {
    const s = healthy();
    s.group = ok(null);
    expect(check.evaluate(s, config()).reason).toMatch(`"${GROUP_ID}" does not exist`);
  });
  it('errors when members cannot be read, and when no group is declared', () => {
    const s = healthy();
    s.groupMembers = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    const t = healthy();
    t.group = { ok: false, error: 'no exclusion group declared' };
    expect(check.evaluate(t, config({ group: undefined })).verdict).toBe('error');
  });
});
