/**
 * Makes a break-glass account's password never expire: `passwordPolicies`
 * gains `DisablePasswordExpiration` (keeping `DisableStrongPassword` if it is
 * already there — "The two might be specified together"), PATCH /users/{id}
 * (https://learn.microsoft.com/graph/api/resources/user). Tenants created
 * before 2021 expire passwords after 90 days by default
 * (https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy):
 * an emergency account must not be stopped by an expired password, even when
 * the password is only one factor of two. Changing a Global Administrator
 * needs a Global Administrator (or Privileged Authentication Administrator)
 * caller; a 403 is shown, never treated as done.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { requireUser, seg } from '../odata.js';

const Args = z.strictObject({ user: z.string().min(1) });
type Args = z.infer<typeof Args>;

export const NEVER_EXPIRES = 'DisablePasswordExpiration';

/** passwordPolicies is a comma-separated list ("DisablePasswordExpiration, DisableStrongPassword") or null. */
export function policiesOf(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && p.toLowerCase() !== 'none');
}

async function read(a: Args, ctx: ActionContext) {
  const u = await requireUser(ctx.tenant, a.user);
  // passwordPolicies is "Returned only on $select".
  const r = await ctx.tenant.graph.request<{ passwordPolicies?: string | null }>({
    method: 'GET',
    path: `/users/${seg(u.id)}`,
    query: { $select: 'id,passwordPolicies' },
  });
  const policies = policiesOf(r.body.passwordPolicies);
  return { u, policies, done: policies.some((p) => p.toLowerCase() === NEVER_EXPIRES.toLowerCase()) };
}

export const action: Action<Args> = {
  id: 'user.disablePasswordExpiration',
  title: 'Make the account’s password never expire',
  permissions: { graph: ['User.ReadWrite.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['passwordPolicies'],
  args: Args,
  key: (a) => `password-expiry:${a.user.toLowerCase()}`,
  async preview(a, ctx) {
    const { u, policies, done } = await read(a, ctx);
    return {
      actionId: 'user.disablePasswordExpiration',
      summary: done
        ? `The password of ${u.userPrincipalName} already never expires`
        : `Set passwordPolicies of ${u.userPrincipalName} to never expire`,
      target: { type: 'user', id: u.id, name: u.userPrincipalName },
      diff: done
        ? undefined
        : {
            before: [`passwordPolicies: ${policies.join(', ') || 'None'}`],
            after: [`passwordPolicies: ${[NEVER_EXPIRES, ...policies].join(', ')}`],
          },
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { u, policies, done } = await read(a, ctx);
    const value = done ? policies.join(', ') : [NEVER_EXPIRES, ...policies].join(', ');
    if (!done) {
      await ctx.tenant.graph.request({
        method: 'PATCH',
        path: `/users/${seg(u.id)}`,
        body: graphBody<Graph.User>({ passwordPolicies: value }),
      });
    }
    return { outputs: { passwordPolicies: value } };
  },
  async reconcile(a, ctx) {
    const { policies, done } = await read(a, ctx);
    return done ? { applied: true, outputs: { passwordPolicies: policies.join(', ') } } : { applied: false };
  },
};
