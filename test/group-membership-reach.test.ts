/**
 * Adding someone to a group gives them what the group carries. The preview of `group.addMembers`
 * names it, read from the tenant before anything is sent: the Conditional Access policies that
 * exclude the group (the member signs in without them) and the directory roles a role-assignable
 * group holds. The expectations come from what the practice tenant holds, and a role given to the
 * group through Graph's own POST shows up in the next preview. A read the sign-in may not make is
 * shown as unread, never as "carries nothing".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPractice, type PracticeConnection } from '../src/commands/practice-session.js';
import { action as addMembers } from '../src/actions/groups/add-members.js';
import { headlineOf, withScope } from '../src/steps/preview-scope.js';
import { scopesFor } from '../src/tenant/permissions.js';
import type { ActionContext } from '../src/core/action.js';
import type { TenantSession } from '../src/core/tenant.js';
import { graphBody } from '../src/core/graph-types.js';
import type * as Graph from '@microsoft/microsoft-graph-types';

const RESOURCES = {
  graph: 'https://graph.microsoft.com',
  logs: 'https://api.loganalytics.io',
  arm: 'https://management.azure.com',
};
const GROUP = 'SG-BreakGlass-Exclude';
const ARGS = { group: GROUP, members: ['witness.wu@contoso-practice.com'] };
// Global Administrator's template id: https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const ctxOf = (tenant: TenantSession) => ({ tenant, signal: new AbortController().signal }) as ActionContext;
const requested = scopesFor(
  { permissions: { graph: addMembers.permissions.graph ?? [], logs: [], arm: [] }, readOnly: false },
  'delegated',
  RESOURCES,
);

interface WorldView {
  groupByName(n: string): { id: string };
  caPolicies: Map<
    string,
    { displayName: string; state: string; conditions?: { users?: { excludeGroups?: string[] } } }
  >;
}

describe('group.addMembers names what the membership carries', () => {
  let conn: PracticeConnection;
  let noPolicyRead: PracticeConnection;
  beforeAll(async () => {
    conn = await connectPractice({ scenario: 'healthy', scopes: requested });
    noPolicyRead = await connectPractice({
      scenario: 'healthy',
      scopes: requested.filter((s) => !s.endsWith('/Policy.Read.All')),
    });
  }, 120_000);
  afterAll(async () => {
    await conn?.close();
    await noPolicyRead?.close();
  });

  it('the policies that exclude the group are named in the headline and in what the member gains', async () => {
    const world = conn.server.world as unknown as WorldView;
    const groupId = world.groupByName(GROUP).id;
    const excluding = [...world.caPolicies.values()]
      .filter((p) => p.state !== 'disabled' && (p.conditions?.users?.excludeGroups ?? []).includes(groupId))
      .map((p) => p.displayName);
    expect(excluding.length).toBeGreaterThan(0);

    const preview = withScope(await addMembers.preview(ARGS, ctxOf(conn.session)));
    const headline = headlineOf(preview);
    expect(headline).toMatch(/^Reaches sign-in without /);
    expect(headline).toMatch(/— Add witness\.wu@contoso-practice\.com to "SG-BreakGlass-Exclude"$/);
    const gains = preview.grants?.[0]?.gains ?? '';
    for (const name of excluding) {
      expect(headline).toContain(name);
      expect(gains).toContain(name);
    }
    // The group holds no role in this scenario: none is claimed.
    expect(headline).not.toMatch(/roles the group holds/);
    expect(preview.diff?.before).toEqual([]);
  });

  it('a role given to the group is named in the next preview', async () => {
    const world = conn.server.world as unknown as WorldView;
    // https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignments (a role-assignable group as principal)
    await conn.session.graph.request({
      method: 'POST',
      path: '/roleManagement/directory/roleAssignments',
      body: graphBody<Graph.UnifiedRoleAssignment>({
        principalId: world.groupByName(GROUP).id,
        roleDefinitionId: GLOBAL_ADMIN,
        directoryScopeId: '/',
      }),
    });
    const preview = withScope(await addMembers.preview(ARGS, ctxOf(conn.session)));
    expect(headlineOf(preview)).toMatch(
      /^Reaches Global Administrator \(roles the group holds: every member has them\)/,
    );
    expect(preview.grants?.[0]?.gains).toContain('Global Administrator (held by the group)');
  });

  it('without Policy.Read.All the policies are shown as unread, not as none', async () => {
    const preview = withScope(await addMembers.preview(ARGS, ctxOf(noPolicyRead.session)));
    expect(preview.diff?.before).toEqual([
      '!! could not read which Conditional Access policies exclude the group (HTTP 403): check it before you approve',
    ]);
    expect(headlineOf(preview)).not.toMatch(/sign-in without/);
  });
});
