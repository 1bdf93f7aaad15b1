/**
 * Log Analytics query API: POST (or GET) /v1/workspaces/{id}/query.
 * Answers exactly like api.loganalytics.io — `{tables:[{name:'PrimaryResult',
 * columns, rows}]}` — and rejects anything the practice KQL does not
 * understand with the service's 400 BadArgumentError, never a guess.
 */
import type { PracticeRequest, PracticeResponse, PracticeRoute } from '../types.js';
import type { World } from '../world/world.js';
import { tableProvider } from '../world/monitoring.js';
import { isoDurationMs } from '../world/time.js';
import { KqlError, runQuery, toLogsApiBody } from '../kql/index.js';
import { table, route } from './util.js';

const JSON_CT = { 'content-type': 'application/json; charset=utf-8' };

function logsError(
  req: PracticeRequest,
  status: number,
  code: string,
  message: string,
  inner?: unknown,
): PracticeResponse {
  return {
    status,
    headers: JSON_CT,
    body: { error: { message, code, correlationId: req.requestId, ...(inner ? { innererror: inner } : {}) } },
  };
}

/** `PT1H`, `P1D`, `start/end`, `start/duration` → [from, to] epoch ms. */
export function parseTimespan(ts: string, now: number): [number, number] | undefined {
  const parts = ts.split('/');
  if (parts.length === 1) {
    const d = isoDurationMs(parts[0]!);
    return d === undefined ? undefined : [now - d, now];
  }
  if (parts.length !== 2) return undefined;
  const start = Date.parse(parts[0]!);
  if (Number.isNaN(start)) return undefined;
  const endDate = Date.parse(parts[1]!);
  if (!Number.isNaN(endDate)) return [start, endDate];
  const d = isoDurationMs(parts[1]!);
  return d === undefined ? undefined : [start, start + d];
}

function runLogsQuery(req: PracticeRequest, w: World, query: unknown, timespan: unknown): PracticeResponse {
  const ws = w.workspaceByCustomerId(req.params.workspaceId!);
  if (!ws)
    return logsError(req, 404, 'WorkspaceNotFoundError', `The workspace could not be found`, {
      code: 'WorkspaceNotFoundError',
      message: `Workspace '${req.params.workspaceId}' was not found. Use the workspace ID (customerId GUID), not its name or resource id.`,
    });
  if (typeof query !== 'string' || query.trim() === '')
    return logsError(req, 400, 'BadArgumentError', 'The request had some invalid properties', {
      code: 'QueryValidationError',
      message: "Body must contain 'query'",
    });
  w.tick();
  const now = w.clock.nowMs();
  let window: [number, number] | undefined;
  if (timespan !== undefined && timespan !== null) {
    window = typeof timespan === 'string' ? parseTimespan(timespan, now) : undefined;
    if (!window)
      return logsError(req, 400, 'BadArgumentError', 'The request had some invalid properties', {
        code: 'InvalidTimespan',
        message: `Invalid timespan '${String(timespan)}': use an ISO 8601 duration (PT1H) or an interval (start/end).`,
      });
  }
  const filter = window
    ? (row: Record<string, unknown>) => {
        const t = (row.TimeGenerated as Date | undefined)?.getTime?.();
        return t !== undefined && t >= window[0] && t <= window[1];
      }
    : undefined;
  try {
    const table = runQuery(query, { table: tableProvider(w, String(ws.properties.customerId), filter), now });
    return { status: 200, headers: JSON_CT, body: toLogsApiBody(table) };
  } catch (e) {
    if (e instanceof KqlError) {
      const syntax = e.code.startsWith('SYN');
      return logsError(req, 400, 'BadArgumentError', 'The request had some invalid properties', {
        code: syntax ? 'SyntaxError' : 'SemanticError',
        message: syntax ? 'A recognition error occurred in the query.' : 'A semantic error occurred.',
        innererror: { code: e.code, message: e.message, line: e.line, pos: e.pos, token: e.token },
      });
    }
    throw e;
  }
}

export function logsRoutes(): PracticeRoute[] {
  // Log Analytics authorizes by Azure RBAC on the workspace (not modelled); a delegated token needs Data.Read
  // (permission-table row logAnalytics.query). The GET form is not a call breakglass makes.
  return [
    route(
      'logs',
      'POST',
      '/workspaces/{workspaceId}/query',
      table('logAnalytics.query'),
      (req, w) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        return runLogsQuery(req, w, b.query, b.timespan);
      },
      false,
    ),
    route(
      'logs',
      'GET',
      '/workspaces/{workspaceId}/query',
      [],
      (req, w) => runLogsQuery(req, w, req.query.get('query'), req.query.get('timespan') ?? undefined),
      false,
    ),
  ];
}
