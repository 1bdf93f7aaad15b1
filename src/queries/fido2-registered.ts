/**
 * Has the account a FIDO2 security key (registered since a moment, when
 * given)? Polled by a `wait` step while the operator registers the key at
 * aka.ms/mysecurityinfo with the Temporary Access Pass.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { requireUser, seg } from '../actions/odata.js';

const Args = z.strictObject({
  user: z.string().min(1),
  since: z.string().optional(),
  /** Done only once the account holds at least this many keys (a second key: 2). */
  minKeys: z.int().min(1).max(10).optional(),
});

interface Fido2 {
  id: string;
  displayName?: string;
  aaGuid?: string;
  model?: string;
  createdDateTime?: string;
}

export const query: Query<z.infer<typeof Args>> = {
  id: 'fido2.registered',
  title: 'Wait for the FIDO2 key to appear on the account',
  permissions: { graph: ['UserAuthMethod-Passkey.Read.All', 'User.Read.All'] },
  outputs: ['done', 'count', 'keys', 'model', 'aaGuid'],
  args: Args,
  async run(a, { tenant }) {
    const u = await requireUser(tenant, a.user);
    const keys: Fido2[] = [];
    for await (const k of tenant.graph.list<Fido2>({ path: `/users/${seg(u.id)}/authentication/fido2Methods` }))
      keys.push(k);
    const fresh = a.since
      ? keys.filter((k) => k.createdDateTime && Date.parse(k.createdDateTime) >= Date.parse(a.since!))
      : keys;
    const newest = fresh.sort((x, y) => Date.parse(y.createdDateTime ?? '0') - Date.parse(x.createdDateTime ?? '0'))[0];
    const done = fresh.length > 0 && keys.length >= (a.minKeys ?? 1);
    return {
      outputs: {
        done,
        count: keys.length,
        keys: keys.map((k) => ({
          id: k.id,
          displayName: k.displayName ?? null,
          model: k.model ?? null,
          aaGuid: k.aaGuid ?? null,
          createdDateTime: k.createdDateTime ?? null,
        })),
        model: newest?.model ?? null,
        aaGuid: newest?.aaGuid ?? null,
      },
      summary: done
        ? `${u.userPrincipalName}: ${newest?.model ?? 'a FIDO2 key'} registered (${keys.length} key(s) in all)`
        : `${u.userPrincipalName}: ${a.minKeys ? `${keys.length} of ${a.minKeys} keys so far` : 'no new FIDO2 key yet'}`,
    };
  },
};
