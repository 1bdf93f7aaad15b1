/**
 * Creates a cloud-only break-glass account on the tenant's initial
 * *.onmicrosoft.com domain: enabled, no forced
 * password change, a long random password that is generated in memory, sent
 * once to Graph and never stored or shown (FIDO2 / a later rotation is the
 * credential). Idempotent: an existing account with that UPN is reported,
 * not recreated.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action } from '../../core/action.js';
import { graphBody } from '../../core/graph-types.js';
import { findUser } from '../odata.js';
import { NEVER_EXPIRES } from './disable-password-expiration.js';

const Args = z.strictObject({
  upn: z
    .string()
    .regex(
      /^[^@\s]+@[^@\s]+\.onmicrosoft\.(com|us|cn)$/i,
      'break-glass accounts must be on the initial *.onmicrosoft.com domain',
    ),
  displayName: z.string().min(1),
  usageLocation: z.string().length(2).optional(),
});
type Args = z.infer<typeof Args>;

/** 64 characters from four classes so any password policy accepts it; ~380 bits. */
export function generatePassword(length = 64): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%*+-=?@^_~'];
  const all = classes.join('');
  const chars = classes.map((c) => c[randomInt(c.length)]!);
  const bytes = randomBytes(length * 2);
  for (let i = 0; chars.length < length; i++)
    chars.push(all[bytes.readUInt16BE((i * 2) % (bytes.length - 1)) % all.length]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export const action: Action<Args> = {
  id: 'user.createBreakGlass',
  title: 'Create a cloud-only break-glass account',
  permissions: { graph: ['User.ReadWrite.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['id', 'upn'],
  args: Args,
  key: (a) => `user:${a.upn.toLowerCase()}`,
  async preview(a, { tenant }) {
    const existing = await findUser(tenant, a.upn);
    return {
      actionId: 'user.createBreakGlass',
      summary: existing
        ? `Account ${a.upn} already exists; nothing to create`
        : `Create cloud-only account ${a.upn} ("${a.displayName}"), enabled, with a 64-character random password that is never stored or shown`,
      target: { type: 'user', id: existing?.id, name: a.upn },
      diff: existing
        ? undefined
        : {
            before: [],
            after: [
              `userPrincipalName: ${a.upn}`,
              `displayName: ${a.displayName}`,
              'accountEnabled: true',
              'passwordProfile.forceChangePasswordNextSignIn: false',
              `passwordPolicies: ${NEVER_EXPIRES}`,
            ],
          },
      alreadyDone: Boolean(existing),
      destructive: false,
    };
  },
  async apply(a, { tenant }) {
    const nickname = a.upn
      .split('@')[0]!
      .replace(/[^A-Za-z0-9-_.]/g, '')
      .slice(0, 64);
    const r = await tenant.graph.request<{ id: string; userPrincipalName: string }>({
      method: 'POST',
      path: '/users',
      body: graphBody<Graph.User>({
        accountEnabled: true,
        displayName: a.displayName,
        userPrincipalName: a.upn,
        mailNickname: nickname,
        ...(a.usageLocation ? { usageLocation: a.usageLocation } : {}),
        passwordProfile: { password: generatePassword(), forceChangePasswordNextSignIn: false },
        // An expiring password would stop the account the day it is needed (tenants created before
        // 2021 expire passwords after 90 days). passwordPolicies is settable on create:
        // https://learn.microsoft.com/graph/api/resources/user ; check BG-020 verifies it.
        passwordPolicies: NEVER_EXPIRES,
      }),
    });
    return { outputs: { id: r.body.id, upn: r.body.userPrincipalName } };
  },
  async reconcile(a, { tenant }) {
    const u = await findUser(tenant, a.upn);
    return u ? { applied: true, outputs: { id: u.id, upn: u.userPrincipalName } } : { applied: false };
  },
};
