import { describe, expect, it } from 'vitest';
import { check } from './bg-003-permanent-ga.js';
import { config, healthy, FORBIDDEN, val } from './testing/fixtures.js';
import { GLOBAL_ADMIN_ROLE, ok, type RoleAssignment, type RoleAssignmentInstance } from './snapshot.js';

describe('BG-003 permanent active GA', () => {
  it('passes for permanent direct assignments', () => {
    expect(check.evaluate(healthy(), config()).verdict).toBe('pass');
  });
  it('fails an eligible-only account', () => {
    const s = healthy();
    s.roleAssignments = ok(val<RoleAssignment[]>(s.roleAssignments).filter((a) => a.principalId !== 'u2'));
    s.roleEligibility = ok([
      { id: 'e2', principalId: 'u2', roleDefinitionId: GLOBAL_ADMIN_ROLE, status: 'Provisioned' },
    ]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/bg-admin-02.*only PIM-eligible/);
  });
  it('fails an expiring active assignment', () => {
    const s = healthy();
    val<RoleAssignmentInstance[]>(s.roleInstances)[0]!.endDateTime = '2026-03-01T00:00:00Z';
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toMatch(/expires 2026-03-01/);
  });
  it('fails an account without the role', () => {
    const s = healthy();
    s.roleAssignments = ok([]);
    s.roleInstances = ok([]);
    expect(check.evaluate(s, config()).findings.every((f) => f.verdict === 'fail')).toBe(true);
  });
  it('warns when GA comes only through a group', () => {
    const s = healthy();
    s.roleAssignments = ok([{ id: 'rg', principalId: 'pag', roleDefinitionId: GLOBAL_ADMIN_ROLE }]);
    s.roleInstances = ok([
      {
        id: 'ig',
        principalId: 'pag',
        roleDefinitionId: GLOBAL_ADMIN_ROLE,
        assignmentType: 'Assigned',
        endDateTime: null,
      },
    ]);
    for (const a of s.accounts) a.transitiveMemberOf = ok([{ id: 'pag', displayName: 'PAG-GA' }]);
    expect(check.evaluate(s, config()).verdict).toBe('warn');
  });
  it('errors when assignments cannot be read', () => {
    const s = healthy();
    s.roleAssignments = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
