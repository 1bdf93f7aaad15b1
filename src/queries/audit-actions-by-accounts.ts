/**
 * What the break-glass accounts did, from the directory audit log: every entry one of them initiated
 * since a time (GET /auditLogs/directoryAudits, https://learn.microsoft.com/graph/api/directoryaudit-list,
 * AuditLog.Read.All). The post-use review lists it beside the sign-ins, because Microsoft asks reviewers
 * to "examine what was done" with an account that was used
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
 *
 * Graph documents $filter eq on initiatedBy/user/userPrincipalName and ge on activityDateTime
 * (https://learn.microsoft.com/graph/api/resources/directoryaudit); it does not say that `or` across
 * initiators is served, so (the stricter reading) each account is one filtered request. An entry is kept
 * only if it names the account as its initiator, so a tenant that ignored the filter still answers
 * correctly. A log that cannot be read is an error, never an empty list.
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { odataString } from '../actions/odata.js';
import { auditLine, targetNames, type DirectoryAudit } from './directory-audit.js';

const Args = z.strictObject({
  accounts: z.array(z.string().email()).min(1),
  since: z.string().datetime({ offset: true }),
});

/** One entry as later steps and the journal see it. */
export interface AccountAction {
  at: string;
  upn: string;
  activity: string;
  category: string | null;
  result: string | null;
  targets: string[];
}

export const query: Query<z.infer<typeof Args>> = {
  id: 'audit.actionsByAccounts',
  title: 'What the break-glass accounts did: directory audit entries they initiated',
  permissions: { graph: ['AuditLog.Read.All'] },
  outputs: ['count', 'entries'],
  args: Args,
  async run(a, { tenant }) {
    const found: { upn: string; e: DirectoryAudit }[] = [];
    for (const upn of a.accounts) {
      for await (const e of tenant.graph.list<DirectoryAudit>({
        path: '/auditLogs/directoryAudits',
        query: {
          $filter: `activityDateTime ge ${a.since} and initiatedBy/user/userPrincipalName eq ${odataString(upn)}`,
        },
      })) {
        if ((e.initiatedBy?.user?.userPrincipalName ?? '').toLowerCase() === upn.toLowerCase()) found.push({ upn, e });
      }
    }
    found.sort((x, y) => Date.parse(x.e.activityDateTime) - Date.parse(y.e.activityDateTime));
    const entries: AccountAction[] = found.map(({ upn, e }) => ({
      at: e.activityDateTime,
      upn,
      activity: e.activityDisplayName,
      category: e.category ?? null,
      result: e.result ?? null,
      targets: targetNames(e),
    }));
    const lines = found.map(({ upn, e }) => `${upn}: ${auditLine(e)}`);
    return {
      outputs: { count: entries.length, entries },
      summary: entries.length
        ? `${entries.length} directory change(s) by the break-glass accounts since ${a.since}: ${lines.join('; ')}. Weigh each when classifying the sign-ins.`
        : `No directory change by the break-glass accounts since ${a.since}.`,
    };
  },
};
