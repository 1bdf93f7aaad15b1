/**
 * Puts an authentication method's configuration back as an earlier step found
 * it (state and includeTargets, from the `authMethods.policy` query's
 * outputs, which the journal keeps): after key enrolment, Temporary Access
 * Pass returns to exactly what the tenant had — a procedure changes only what
 * it needs, and only while it needs it. PATCH
 * /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}
 * (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration).
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import {
  configPath,
  describeTargets,
  methodConfigPatch,
  normalTargets,
  readMethodConfig,
  sameTargets,
} from './method-config.js';

const Target = z.object({
  id: z.string().min(1),
  // authenticationMethodTargetType (v1.0 $metadata): user | group | unknownFutureValue.
  targetType: z.enum(['group', 'user', 'unknownFutureValue']).default('group'),
  isRegistrationRequired: z.boolean().default(false),
});

const Args = z.strictObject({
  method: z.enum(['TemporaryAccessPass', 'Fido2']),
  state: z.enum(['enabled', 'disabled']),
  includeTargets: z.array(Target),
});
type Args = z.infer<typeof Args>;

async function read(a: Args, ctx: ActionContext) {
  const cfg = await readMethodConfig(ctx.tenant, a.method);
  const current = normalTargets(cfg.includeTargets);
  const done = cfg.state === a.state && sameTargets(current, a.includeTargets);
  return { cfg, current, done };
}

/** The PATCH that puts the configuration back; preview and apply build the same one. */
const bodyOf = (a: Args) => methodConfigPatch(a.method, { state: a.state, includeTargets: a.includeTargets });

const asFound = (a: Args) => `${a.state}, for ${describeTargets(a.includeTargets)}`;

export const action: Action<Args> = {
  id: 'authMethods.restore',
  title: 'Restore an authentication method as it was found',
  permissions: { graph: ['Policy.ReadWrite.AuthenticationMethod'] },
  destructive: false,
  // Puts back the policy the run found; it grants nothing the tenant did not have before the run.
  risk: 'change',
  outputs: ['method', 'state', 'includeTargets', 'restored'],
  args: Args,
  key: (a) => `authmethod-restore:${a.method}`,
  async preview(a, ctx) {
    const { cfg, current, done } = await read(a, ctx);
    return {
      actionId: 'authMethods.restore',
      summary: done
        ? `${a.method} is as it was found (${asFound(a)})`
        : `Restore ${a.method} as it was found: ${asFound(a)} (now ${cfg.state}, for ${describeTargets(current)})`,
      target: { type: 'authenticationMethodConfiguration', id: cfg.id, name: a.method },
      diff: done
        ? undefined
        : {
            before: [`state: ${cfg.state}`, ...current.map((t) => `include: ${t.id}`)],
            after: [`state: ${a.state}`, ...a.includeTargets.map((t) => `include: ${t.id}`)],
          },
      sends: done ? undefined : [{ method: 'PATCH', path: configPath(a.method), body: bodyOf(a), current: cfg }],
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const { done } = await read(a, ctx);
    if (!done) {
      await ctx.tenant.graph.request({
        method: 'PATCH',
        path: configPath(a.method),
        body: bodyOf(a),
      });
    }
    return { outputs: { method: a.method, state: a.state, includeTargets: a.includeTargets, restored: asFound(a) } };
  },
  async reconcile(a, ctx) {
    const { done } = await read(a, ctx);
    return done
      ? {
          applied: true,
          outputs: { method: a.method, state: a.state, includeTargets: a.includeTargets, restored: asFound(a) },
        }
      : { applied: false };
  },
};
