/**
 * Is Global Administrator effective for the signed-in identity? After an
 * emergency sign-in, "confirm Global Admin is effective" — an
 * active tenant-wide assignment, not an eligible one. Reads only the role
 * assignments of the signed-in principal: least privilege for the
 * break-glass session.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { GLOBAL_ADMIN_ROLE, odataString } from '../actions/odata.js';

const Args = z.strictObject({});

export const query: Query<z.infer<typeof Args>> = {
  id: 'roles.globalAdminEffective',
  title: 'Confirm Global Administrator is effective',
  permissions: { graph: ['RoleManagement.Read.Directory'] },
  outputs: ['done', 'principalId', 'upn'],
  args: Args,
  async run(_a, { tenant }) {
    const me = await tenant.identity().then((i) => ({ oid: i.oid, upn: i.upn ?? i.appId ?? i.oid }));
    let active = false;
    for await (const x of tenant.graph.list<{ directoryScopeId: string }>({
      path: '/roleManagement/directory/roleAssignments',
      query: {
        $filter: `roleDefinitionId eq ${odataString(GLOBAL_ADMIN_ROLE)} and principalId eq ${odataString(me.oid)}`,
      },
    })) {
      if (x.directoryScopeId === '/') active = true;
    }
    return {
      outputs: { done: active, principalId: me.oid, upn: me.upn },
      summary: active
        ? `${me.upn} holds Global Administrator (active, tenant-wide)`
        : `${me.upn} does NOT hold an active Global Administrator assignment`,
    };
  },
};
