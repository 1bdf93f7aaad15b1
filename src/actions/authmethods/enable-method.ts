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

/**
 * The state read now and the PATCH body that would bring the group in: preview and apply build the
 * same body here, so what the operator approves is what is sent.
 */
async function plan(a: Args, ctx: ActionContext) {
  const g = await findGroup(ctx.tenant, a.group);
  if (!g) throw new Error(`Group "${a.group}" not found.`);
  const cfg = await readMethodConfig(ctx.tenant, a.method);
  const targets = cfg.includeTargets ?? [];
  const covered = cfg.state === 'enabled' && targets.some((t) => t.id === g.id || t.id === 'all_users');
  const includeTargets: MethodTarget[] = targets.some((t) => t.id === g.id)
    ? targets
    : [...targets, { id: g.id, targetType: 'group', isRegistrationRequired: false }];
  const body = methodConfigPatch(a.method, { state: 'enabled', includeTargets });
  // Who gains the method: everyone targeted after the PATCH when it was off, else only the new targets.
  const gaining = cfg.state === 'enabled' ? includeTargets.filter((t) => !targets.includes(t)) : includeTargets;
  const name = (t: MethodTarget) =>
    t.id === 'all_users' ? 'all users' : t.id === g.id ? `group "${g.displayName}"` : `group ${t.id}`;
  return { g, cfg, targets, covered, body, gaining: gaining.map(name), name };
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
    const { g, cfg, targets, covered, body, gaining, name } = await plan(a, ctx);
    const label = a.method === 'Fido2' ? 'FIDO2 security keys' : 'Temporary Access Pass';
    const kept = cfg.state === 'enabled' && targets.length ? ` (already on for ${targets.map(name).join(', ')})` : '';
    return {
      actionId: 'authMethods.enableForGroup',
      // The sentence names everyone the PATCH turns the method on for, not only the group asked for.
      summary: covered
        ? `${label} is already enabled for "${g.displayName}"`
        : `Enable ${label} for ${gaining.join(' and ')}${kept}`,
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
            before: [`state: ${cfg.state}`, ...targets.map((t) => `include: ${name(t)}`)],
            after: [
              'state: enabled',
              ...targets.map((t) => `include: ${name(t)}`),
              ...(targets.some((t) => t.id === g.id) ? [] : [`include: group "${g.displayName}" (${g.id})`]),
            ],
          },
      sends: covered ? undefined : [{ method: 'PATCH', path: configPath(a.method), body, current: cfg }],
      alreadyDone: covered,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { covered, body } = await plan(a, ctx);
    if (!covered) await ctx.tenant.graph.request({ method: 'PATCH', path: configPath(a.method), body });
    return { outputs: { method: a.method, state: 'enabled' } };
  },
  async reconcile(a, ctx) {
    const { covered } = await plan(a, ctx);
    return covered ? { applied: true, outputs: { method: a.method, state: 'enabled' } } : { applied: false };
  },
};
