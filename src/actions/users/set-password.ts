/**
 * Sets a break-glass account's password, for rotation: either from a secret
 * held in the run's in-memory vault (`secret`), or (`random: true`) to a long
 * random password generated in memory, sent once in this request body and
 * never shown or stored — the accounts sign in with their security keys and
 * nobody is meant to hold their password. Evidence keeps only a redacted
 * digest. Resetting a Global Administrator's password needs the Global
 * Administrator or Privileged Authentication Administrator role.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { requireUser, seg } from '../odata.js';
import { generatePassword } from './create-break-glass-user.js';

const Args = z
  .strictObject({ user: z.string().min(1), secret: z.string().min(1).optional(), random: z.literal(true).optional() })
  .refine((a) => (a.secret === undefined) !== (a.random === undefined), {
    message: 'give either `secret` (a vault entry made by a secret step) or `random: true` (a password nobody sees)',
  });
type Args = z.infer<typeof Args>;

const gainsOf = (a: Args): string =>
  a.random
    ? 'a new random password that nobody sees (the old one stops working)'
    : 'a new password: the passphrase made in this run (the old one stops working)';

interface PwUser {
  id: string;
  userPrincipalName: string;
  lastPasswordChangeDateTime?: string;
}

export const action: Action<Args> = {
  id: 'user.setPassword',
  title: 'Set the account password from the new passphrase',
  // Delegated password resets need User-PasswordProfile.ReadWrite.All (Microsoft's least-privilege
  // permission for passwordProfile); reading the user to confirm it needs User.Read.All.
  permissions: { graph: ['User-PasswordProfile.ReadWrite.All', 'User.Read.All'] },
  destructive: true,
  risk: 'privilege',
  grants: 'a new password: the passphrase made in this run, or a random one nobody sees',
  outputs: ['changedAt'],
  args: Args,
  key: (a) => `password:${a.user.toLowerCase()}`,
  secretsUsed: (a) => (a.secret ? [a.secret] : []),
  async preview(a, { tenant, secrets }) {
    const u = await requireUser(tenant, a.user);
    if (a.secret && !secrets.has(a.secret)) {
      throw new Error(
        `The new passphrase "${a.secret}" is not in memory (secrets are never stored; after a restart the passphrase step must run again).`,
      );
    }
    return {
      actionId: 'user.setPassword',
      summary: a.random
        ? `Replace the password of ${u.userPrincipalName} with a random one that nobody sees (the old one stops working immediately)`
        : `Replace the password of ${u.userPrincipalName} with the new passphrase (the old one stops working immediately)`,
      target: { type: 'user', id: u.id, name: u.userPrincipalName },
      grants: [
        {
          principal: { type: 'user', id: u.id, name: u.userPrincipalName },
          gains: gainsOf(a),
        },
      ],
      alreadyDone: false,
      destructive: true,
      confirmText: u.userPrincipalName,
    };
  },
  async apply(a, { tenant, secrets }) {
    const u = await requireUser(tenant, a.user);
    const password = a.secret ? secrets.get(a.secret) : generatePassword();
    if (!password) throw new Error(`The new passphrase "${a.secret}" is not in memory; run the passphrase step again.`);
    await tenant.graph.request({
      method: 'PATCH',
      path: `/users/${seg(u.id)}`,
      body: graphBody<Graph.User>({ passwordProfile: { password, forceChangePasswordNextSignIn: false } }),
    });
    return { outputs: { changedAt: new Date().toISOString() } };
  },
  async reconcile(a, { tenant, intentAt }) {
    const u = await requireUser(tenant, a.user);
    const r = await tenant.graph.request<PwUser>({
      method: 'GET',
      path: `/users/${seg(u.id)}`,
      query: { $select: 'id,userPrincipalName,lastPasswordChangeDateTime' },
    });
    const changed = r.body.lastPasswordChangeDateTime;
    // Changed at or after the intent was written = our change went through.
    const applied = Boolean(changed && intentAt && Date.parse(changed) >= Date.parse(intentAt) - 1000);
    return applied ? { applied, outputs: { changedAt: changed } } : { applied: false };
  },
};
