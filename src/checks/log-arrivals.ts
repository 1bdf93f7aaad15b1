/**
 * Judging Entra's log export by its outcome — rows arriving in the declared
 * workspace — where the diagnostic settings cannot be read app-only
 * (./fetch-log-arrivals.ts reads them). Fails closed: no rows never passes.
 */
import type { CheckDefinition, Read } from '../core/check.js';
import type { LogArrivals, TenantSnapshot } from './snapshot.js';
import { errorResult, finding, readError, result, type Evaluated } from './result.js';
import { logExportGate } from './monitoring.js';
import { ARRIVAL_WINDOW_TEXT, CATEGORY_TABLE } from './fetch-log-arrivals.js';

const NOT_READABLE = 'diagnostic settings not readable app-only';
const SIGNINS = CATEGORY_TABLE['signinlogs']!;

const short = (ws: string): string => ws.split('/').pop() ?? ws;

/** BG-011's verdict from the rows that arrived (the settings were refused to an app-only caller). */
export function arrivalsVerdict(
  def: Pick<CheckDefinition, 'id' | 'title' | 'severity' | 'source'>,
  snap: TenantSnapshot,
  settings: Read<unknown>,
  arrivals: Read<LogArrivals>,
  remediation: string,
): Evaluated {
  if (!arrivals.ok)
    return errorResult(
      def,
      `could not read Entra diagnostic settings (${settings.ok ? 'read' : readError(settings)}), and the rows arriving in the workspace could not be read instead: ${readError(arrivals)}`,
      'Grant the pipeline app Monitoring Reader (or Log Analytics Reader on the declared workspace; docs/pipeline-app.md), or run the check as a signed-in Security Administrator.',
    );
  const a = arrivals.value;
  const ws = short(a.workspace);
  const findings = Object.entries(a.tables).map(([table, t]) =>
    finding(
      { type: 'logTable', name: table },
      t.rows > 0 ? 'pass' : table === SIGNINS ? 'fail' : 'warn',
      t.rows > 0
        ? `${t.rows} row(s) in ${ws} in the last ${ARRIVAL_WINDOW_TEXT}, newest ${t.newest ?? 'unknown'}`
        : `no rows in ${ws} in the last ${ARRIVAL_WINDOW_TEXT}`,
    ),
  );
  if ((a.tables[SIGNINS]?.rows ?? 0) === 0)
    // A tenant without P1 cannot export: not applicable, as with the settings.
    return (
      logExportGate(def, snap, 'exporting sign-in and audit logs to Log Analytics') ??
      result(def, {
        verdict: 'fail',
        reason: `no ${SIGNINS} rows arrived in ${ws} in the last ${ARRIVAL_WINDOW_TEXT} (${NOT_READABLE}): the export is off, points at another workspace, or nobody signed in — sign-in alerts cannot fire on rows that never arrive`,
        findings,
        remediation: `${remediation} Sign in once (any user) and check again; if rows still do not arrive, a Security Administrator should open Microsoft Entra ID > Monitoring & health > Diagnostic settings and confirm SignInLogs go to ${ws}.`,
      })
    );
  const quiet = Object.entries(a.tables)
    .filter(([, t]) => t.rows === 0)
    .map(([table]) => table);
  if (quiet.length)
    return result(def, {
      verdict: 'warn',
      reason: `verified by rows arriving in ${ws} (${NOT_READABLE}) for ${SIGNINS}; no rows in the last ${ARRIVAL_WINDOW_TEXT} for ${quiet.join(', ')} — not exported, or no such activity`,
      findings,
      remediation,
    });
  return result(def, {
    verdict: 'pass',
    reason: `verified by rows arriving in ${ws} (${NOT_READABLE}): ${Object.keys(a.tables).join(', ')} received rows in the last ${ARRIVAL_WINDOW_TEXT}`,
    findings,
    remediation,
  });
}

/**
 * BG-012: does `category` reach workspace `ws`, known from the rows that arrived? Only for the declared
 * workspace and a category the arrival query reads; undefined = the arrivals cannot say.
 */
export function arrivalsReach(snap: TenantSnapshot, ws: string, category: string): { ok: true } | undefined {
  if (!snap.logArrivals.ok) return undefined;
  const a = snap.logArrivals.value;
  const table = CATEGORY_TABLE[category.toLowerCase()];
  if (!table || a.workspace.toLowerCase() !== ws.toLowerCase()) return undefined;
  return (a.tables[table]?.rows ?? 0) > 0 ? { ok: true } : undefined;
}
