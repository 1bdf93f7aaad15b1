/**
 * One authentication method's configuration as found (state and
 * includeTargets), so a procedure that must change it for a while can put it
 * back afterwards with `authMethods.restore`: the step's outputs are journaled
 * before anything changes. GET
 * /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}
 * (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethodconfiguration).
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { describeTargets, normalTargets, readMethodConfig } from '../actions/authmethods/method-config.js';

const Args = z.strictObject({ method: z.enum(['TemporaryAccessPass', 'Fido2']) });

export const query: Query<z.infer<typeof Args>> = {
  id: 'authMethods.policy',
  title: 'Read an authentication method’s policy as found',
  permissions: { graph: ['Policy.Read.AuthenticationMethod'] },
  outputs: ['done', 'state', 'includeTargets'],
  args: Args,
  async run(a, { tenant }) {
    const cfg = await readMethodConfig(tenant, a.method);
    if (cfg.state !== 'enabled' && cfg.state !== 'disabled') {
      throw new Error(
        `Graph returned no state for ${a.method}; its policy cannot be recorded, so it could not be restored.`,
      );
    }
    const includeTargets = normalTargets(cfg.includeTargets);
    return {
      outputs: { done: true, state: cfg.state, includeTargets },
      summary: `${a.method} as found: ${cfg.state}, for ${describeTargets(includeTargets)}`,
    };
  },
};
