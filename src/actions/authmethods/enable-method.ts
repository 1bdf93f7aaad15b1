/**
 * Enables an authentication method (FIDO2 or Temporary Access Pass) for the
 * break-glass group in the authentication methods policy.
 * Keeps existing targets; adds the group only when it is not already covered
 * (state enabled and the group, or all_users, among includeTargets).
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { findGroup } from '../odata.js';
import { configPath, methodConfigPatch, readMethodConfig, type MethodTarget } from './method-config.js';

const Args = z.strictObject({ method: z.enum(['Fido2', 'TemporaryAccessPass']), group: z.string().min(1) });
type Args = z.infer<typeof Args>;

async function read(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found.`);
  const cfg = await readMethodConfig(ctx.tenant, a.method);
  const targets = cfg.includeTargets ?? [];
  const covered = cfg.state === 'enabled' && targets.some((t) => t.id === g.id || t.id === 'all_users');
  return { g, cfg, targets, covered };
}

export const action: Action<Args> = {
  id: 'authMethods.enableForGroup',
  title: 'Allow an authentication method for the break-glass group',
  permissions: { graph: ['Policy.ReadWrite.AuthenticationMethod', 'GroupMember.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'an allowed sign-in method (FIDO2 security keys or Temporary Access Pass) for the group',
  outputs: ['method', 'state'],
  args: Args,
  key: (a) => `authmethod:${a.method}:${a.group.toLowerCase()}`,
  async preview(a, ctx) {
    const { g, cfg, targets, covered } = await read(a, ctx);
    const label = a.method === 'Fido2' ? 'FIDO2 security keys' : 'Temporary Access Pass';
    return {
      actionId: 'authMethods.enableForGroup',
      summary: covered
        ? `${label} is already enabled for "${g.displayName}"`
        : `Enable ${label} for group "${g.displayName}" (existing targets kept)`,
      target: { type: 'authenticationMethodConfiguration', id: cfg.id, name: label },
      grants: [
        {
          principal: { type: 'group', id: g.id, name: g.displayName },
          gains: `${label} as a way to sign in or register`,
        },
      ],
      diff: covered
        ? undefined
        : {
            before: [`state: ${cfg.state}`, ...targets.map((t) => `include: ${t.id}`)],
            after: ['state: enabled', ...targets.map((t) => `include: ${t.id}`), `include: ${g.id} (${g.displayName})`],
          },
      alreadyDone: covered,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { g, targets, covered } = await read(a, ctx);
    if (!covered) {
      const includeTargets: MethodTarget[] = targets.some((t) => t.id === g.id)
        ? targets
        : [...targets, { id: g.id, targetType: 'group', isRegistrationRequired: false }];
      await ctx.tenant.graph.request({
        method: 'PATCH',
        path: configPath(a.method),
        body: methodConfigPatch(a.method, { state: 'enabled', includeTargets }),
      });
    }
    return { outputs: { method: a.method, state: 'enabled' } };
  },
  async reconcile(a, ctx) {
    const { covered } = await read(a, ctx);
    return covered ? { applied: true, outputs: { method: a.method, state: 'enabled' } } : { applied: false };
  },
};
