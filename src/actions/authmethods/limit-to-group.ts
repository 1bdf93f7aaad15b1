/**
 * Enables an authentication method for the break-glass group ONLY: state
 * `enabled` and `includeTargets` replaced by that one group. For Temporary
 * Access Pass this matters: the policy's default target is all users
 * (Graph's examples show includeTargets [{id: "all_users"}]), so enabling it as
 * found would let anyone sign in with a pass. "Although you can create a TAP
 * for any user, only users included in the policy can sign-in with it"
 * (https://learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass).
 * The state before is recorded by the `authMethods.policy` query step and put
 * back by `authMethods.restore`.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import { findGroup } from '../odata.js';
import {
  configPath,
  describeTargets,
  methodConfigPatch,
  normalTargets,
  readMethodConfig,
  sameTargets,
  type MethodTarget,
} from './method-config.js';

const Args = z.strictObject({ method: z.enum(['TemporaryAccessPass', 'Fido2']), group: z.string().min(1) });
type Args = z.infer<typeof Args>;

async function read(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found.`);
  const cfg = await readMethodConfig(ctx.tenant, a.method);
  const want: MethodTarget[] = [{ id: g.id, targetType: 'group', isRegistrationRequired: false }];
  const current = normalTargets(cfg.includeTargets);
  const done = cfg.state === 'enabled' && sameTargets(current, want);
  return { g, cfg, current, want, done };
}

export const action: Action<Args> = {
  id: 'authMethods.limitToGroup',
  title: 'Enable an authentication method for the break-glass group only',
  permissions: { graph: ['Policy.ReadWrite.AuthenticationMethod', 'GroupMember.Read.All'] },
  destructive: false,
  risk: 'privilege',
  grants: 'an allowed sign-in method for the group, and for nobody else',
  outputs: ['method', 'state', 'includeTargets'],
  args: Args,
  key: (a) => `authmethod-only:${a.method}:${a.group.toLowerCase()}`,
  async preview(a, ctx) {
    const { g, cfg, current, want, done } = await read(a, ctx);
    return {
      actionId: 'authMethods.limitToGroup',
      summary: done
        ? `${a.method} is already enabled for "${g.displayName}" and nobody else`
        : `Enable ${a.method} for "${g.displayName}" only (now ${cfg.state}, for ${describeTargets(current)})`,
      target: { type: 'authenticationMethodConfiguration', id: cfg.id, name: a.method },
      grants: [
        {
          principal: { type: 'group', id: g.id, name: g.displayName },
          gains: `${a.method === 'Fido2' ? 'FIDO2 security keys' : 'Temporary Access Pass'} as a way to sign in or register`,
        },
      ],
      diff: done
        ? undefined
        : {
            before: [`state: ${cfg.state}`, ...current.map((t) => `include: ${t.id}`)],
            after: ['state: enabled', ...want.map((t) => `include: ${t.id} (${g.displayName})`)],
          },
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { want, done } = await read(a, ctx);
    if (!done) {
      await ctx.tenant.graph.request({
        method: 'PATCH',
        path: configPath(a.method),
        body: methodConfigPatch(a.method, { state: 'enabled', includeTargets: want }),
      });
    }
    return { outputs: { method: a.method, state: 'enabled', includeTargets: want } };
  },
  async reconcile(a, ctx) {
    const { want, done } = await read(a, ctx);
    return done
      ? { applied: true, outputs: { method: a.method, state: 'enabled', includeTargets: want } }
      : { applied: false };
  },
};
