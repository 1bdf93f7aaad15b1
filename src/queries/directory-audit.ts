/**
 * The directory audit log entry as the queries that read it use it (GET /auditLogs/directoryAudits,
 * https://learn.microsoft.com/graph/api/directoryaudit-list; properties from
 * https://learn.microsoft.com/graph/api/resources/directoryaudit): who initiated it (a user or an app,
 * auditActivityInitiator), what was done, to what, and whether it succeeded.
 */

export interface DirectoryAudit {
  activityDateTime: string;
  activityDisplayName: string;
  category?: string;
  result?: string;
  initiatedBy?: {
    user?: { userPrincipalName?: string | null } | null;
    app?: { appId?: string | null } | null;
  } | null;
  targetResources?: { displayName?: string | null; id?: string | null }[];
}

/** The names of what an entry changed (the id when a target has no display name). */
export function targetNames(e: DirectoryAudit): string[] {
  return (e.targetResources ?? []).map((t) => t.displayName ?? t.id ?? '?');
}

/** One entry as a line a reviewer reads: time, activity, targets, result. */
export function auditLine(e: DirectoryAudit): string {
  const targets = targetNames(e).join(', ');
  return `${e.activityDateTime} ${e.activityDisplayName}${targets ? ` — ${targets}` : ''} (${e.result ?? '?'})`;
}
