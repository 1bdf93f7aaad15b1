/**
 * Creates the ASSIGNED security group the break-glass accounts are excluded
 * through (exclude a group, never users; assigned, never
 * dynamic). Role-assignable by default: only privileged roles and
 * owners can change its membership. isAssignableToRole can only be set at
 * creation. Idempotent by display name; an existing DYNAMIC group of that
 * name is refused rather than reused.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { findGroup } from '../odata.js';

const Args = z.strictObject({
  displayName: z.string().min(1).max(256),
  mailNickname: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  description: z.string().default('BREAK GLASS exclusion group - monitored - do not add members'),
  roleAssignable: z.boolean().default(true),
});
type Args = z.infer<typeof Args>;

export const action: Action<Args> = {
  id: 'group.create',
  title: 'Create the assigned break-glass exclusion group',
  // roleAssignable: true also needs RoleManagement.ReadWrite.Directory (group.create.roleAssignable).
  permissions: { graph: ['Group.ReadWrite.All', 'RoleManagement.ReadWrite.Directory'] },
  destructive: false,
  risk: 'change',
  outputs: ['id', 'displayName'],
  args: Args,
  key: (a) => `group:${a.displayName.toLowerCase()}`,
  async preview(a, { tenant }) {
    const g = await findGroup(tenant, a.displayName);
    if (g && (g.groupTypes ?? []).includes('DynamicMembership')) {
      throw new Error(
        `Group "${a.displayName}" exists but is DYNAMIC. A rule can silently empty or grow it; create an assigned group with another name, or convert this one.`,
      );
    }
    return {
      actionId: 'group.create',
      summary: g
        ? `Group "${g.displayName}" already exists (assigned${g.isAssignableToRole ? ', role-assignable' : ''}); nothing to create`
        : `Create assigned security group "${a.displayName}"${a.roleAssignable ? ', role-assignable' : ''}`,
      target: { type: 'group', id: g?.id, name: a.displayName },
      diff: g
        ? undefined
        : {
            before: [],
            after: [
              `displayName: ${a.displayName}`,
              'securityEnabled: true',
              'mailEnabled: false',
              'groupTypes: [] (assigned)',
              `isAssignableToRole: ${a.roleAssignable}`,
            ],
          },
      alreadyDone: Boolean(g),
      destructive: false,
    };
  },
  async apply(a, { tenant }) {
    const r = await tenant.graph.request<{ id: string; displayName: string }>({
      method: 'POST',
      path: '/groups',
      body: graphBody<Graph.Group>({
        displayName: a.displayName,
        description: a.description,
        mailEnabled: false,
        mailNickname: a.mailNickname ?? (a.displayName.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) || 'breakglass'),
        securityEnabled: true,
        groupTypes: [],
        ...(a.roleAssignable ? { isAssignableToRole: true } : {}),
      }),
    });
    return { outputs: { id: r.body.id, displayName: r.body.displayName } };
  },
  async reconcile(a, { tenant }) {
    const g = await findGroup(tenant, a.displayName);
    return g ? { applied: true, outputs: { id: g.id, displayName: g.displayName } } : { applied: false };
  },
};
