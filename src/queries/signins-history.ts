/**
 * Every sign-in by the break-glass accounts since a date, from Graph's
 * sign-in log (needs Entra ID P1), for the post-use review: each must be
 * classified as drill, emergency or misuse with a justification.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { odataString } from '../actions/odata.js';

const Args = z.strictObject({
  accounts: z.array(z.string().email()).min(1),
  since: z.string().datetime({ offset: true }),
});

interface SignIn {
  id: string;
  createdDateTime: string;
  userPrincipalName: string;
  appDisplayName?: string;
  ipAddress?: string;
  status?: { errorCode?: number; failureReason?: string };
  conditionalAccessStatus?: string;
}

export const query: Query<z.infer<typeof Args>> = {
  id: 'signins.history',
  title: 'List break-glass sign-ins since the last review',
  permissions: { graph: ['AuditLog.Read.All', 'Directory.Read.All'] },
  outputs: ['done', 'count', 'signIns'],
  args: Args,
  async run(a, { tenant }) {
    const filter = `createdDateTime ge ${a.since} and (${a.accounts.map((u) => `userPrincipalName eq ${odataString(u)}`).join(' or ')})`;
    const out: SignIn[] = [];
    for await (const s of tenant.graph.list<SignIn>({
      path: '/auditLogs/signIns',
      query: { $filter: filter, $top: '1000' },
    }))
      out.push(s);
    const signIns = out.map((s) => ({
      id: s.id,
      at: s.createdDateTime,
      upn: s.userPrincipalName,
      app: s.appDisplayName ?? null,
      ip: s.ipAddress ?? null,
      success: (s.status?.errorCode ?? 0) === 0,
      conditionalAccessStatus: s.conditionalAccessStatus ?? null,
    }));
    return {
      outputs: { done: true, count: signIns.length, signIns },
      summary: `${signIns.length} break-glass sign-in(s) since ${a.since.slice(0, 10)}`,
    };
  },
};
