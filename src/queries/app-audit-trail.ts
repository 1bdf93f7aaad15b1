/**
 * What an application did, from the directory audit log: every event it initiated in the last `days`
 * days (GET /auditLogs/directoryAudits, https://learn.microsoft.com/graph/api/directoryaudit-list;
 * an event an app initiated names it in initiatedBy.app,
 * https://learn.microsoft.com/graph/api/resources/directoryaudit). The responder reviews the list after
 * using the break-glass application's certificate. The time window is filtered by Graph; the app is
 * matched here, so a tenant that does not filter on initiatedBy/app still answers correctly.
 * The service-principal sign-ins themselves are in the sign-in log (runbook prose points there).
 */
import { z } from 'zod';
import type { Query } from '../core/query.js';
import { auditLine, type DirectoryAudit } from './directory-audit.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  /** How far back to look. Directory audit events are kept 7 days without Entra ID P1, 30 with it. */
  days: z.number().int().min(1).max(30).default(7),
});
type Args = z.infer<typeof Args>;

export const query: Query<Args> = {
  id: 'app.auditTrail',
  title: 'What the application did: directory audit events it initiated',
  permissions: { graph: ['AuditLog.Read.All'] },
  outputs: ['since', 'changes', 'activities'],
  args: Args,
  async run(a, { tenant, now }) {
    const since = new Date(now().getTime() - a.days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const activities: string[] = [];
    for await (const e of tenant.graph.list<DirectoryAudit>({
      path: '/auditLogs/directoryAudits',
      query: { $filter: `activityDateTime ge ${since}` },
    })) {
      if ((e.initiatedBy?.app?.appId ?? '').toLowerCase() !== a.appId.toLowerCase()) continue;
      activities.push(auditLine(e));
    }
    return {
      outputs: { since, changes: activities.length, activities },
      summary: activities.length
        ? `${activities.length} directory change(s) made by application ${a.appId} since ${since}: review each against the incident record.`
        : `No directory change made by application ${a.appId} since ${since}.`,
    };
  },
};
