import { describe, expect, it } from 'vitest';
import { headlineOf, widerScopes, withScope } from './preview-scope.js';

// Template ids from https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';
const assign = (roleDefinitionId: string) => ({
  method: 'POST' as const,
  path: '/roleManagement/directory/roleAssignments',
  body: { principalId: 'sp-1', roleDefinitionId, directoryScopeId: '/' },
});

describe('the real reach of a change, read from its requests', () => {
  it('a role wider than the sentence names is said first', () => {
    const p = withScope({
      actionId: 'x',
      summary: 'Assign Security Reader to service principal "App": active, permanent, tenant-wide',
      target: { type: 'servicePrincipal', name: 'App' },
      alreadyDone: false,
      destructive: false,
      sends: [assign(GLOBAL_ADMIN)],
    });
    expect(headlineOf(p)).toMatch(/^Reaches Global Administrator \(the role the request assigns\) — Assign Security/);
  });

  it('the role and scope the sentence already names add nothing', () => {
    expect(
      widerScopes([assign(SECURITY_READER)], 'Assign Security Reader to "App": active, permanent, tenant-wide'),
    ).toEqual([]);
    expect(widerScopes([assign(SECURITY_READER)], 'Assign Security Reader to "App"')).toEqual([
      'the whole directory (the assignment’s scope is every object in the tenant)',
    ]);
  });

  it('a Conditional Access body that newly includes all users and all applications', () => {
    const body = { conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } } };
    const req = { method: 'PATCH' as const, path: '/identity/conditionalAccess/policies/p', body };
    expect(widerScopes([req])).toEqual([
      'every user in the tenant (the policy includes all users)',
      'every application (the policy includes all applications)',
    ]);
    // Already so before the change: the change does not widen it.
    expect(widerScopes([{ ...req, current: body }])).toEqual([]);
  });

  it('a preview cannot set its own scope, and an already-done change has no scope headline', () => {
    const p = withScope({
      actionId: 'x',
      summary: 's',
      target: { type: 't', name: 'n' },
      alreadyDone: false,
      destructive: false,
      scope: ['made up'],
    });
    expect(p.scope).toBeUndefined();
    expect(headlineOf({ summary: 's', alreadyDone: true, scope: ['every user'] })).toBe('s');
  });

  it('a new member gets what the group carries: its roles and the policies that exclude it', () => {
    const add = {
      method: 'POST' as const,
      path: '/groups/g-1/members/$ref',
      body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/u-1' },
      current: { heldRoles: ['Global Administrator'], excludedFrom: ['CA001', 'CA003 (report-only)'] },
    };
    const p = withScope({
      actionId: 'group.addMembers',
      summary: 'Add a@x to "SG"',
      target: { type: 'group', name: 'SG' },
      alreadyDone: false,
      destructive: false,
      sends: [add, { ...add, path: '/groups/g-1/members/$ref' }],
    });
    expect(headlineOf(p)).toBe(
      'Reaches Global Administrator (roles the group holds: every member has them) and sign-in without CA001, ' +
        'CA003 (report-only) (Conditional Access policies that exclude the group) — Add a@x to "SG"',
    );
    // A group that carries nothing widens nothing; the same markers on another path mean nothing.
    expect(widerScopes([{ ...add, current: { heldRoles: [], excludedFrom: [] } }])).toEqual([]);
    expect(widerScopes([{ ...add, path: '/groups/g-1/owners/$ref' }])).toEqual([]);
  });
});
