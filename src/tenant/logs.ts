/**
 * LogsApi over the real LogsQueryClient (@azure/monitor-query-logs). The
 * endpoint is used verbatim (it includes /v1). Partial results fail closed:
 * a KQL check that only saw part of the data must not pass.
 */
import type { AuthSession } from './auth.js';
import { credentialFor } from './credential.js';
import type { EvidenceLog } from './evidence.js';
import { explainHttpFailure, explainNetworkError } from './explain.js';
import { sanitize } from '../util/sanitize.js';
import { evidencePolicies } from './pipeline-evidence.js';
import { TenantError, type LogsApi, type LogsTable } from '../core/tenant.js';

export interface LogsApiOptions {
  endpoint: string;
  resource: string;
  auth: AuthSession;
  evidence: EvidenceLog;
  caPem?: string;
  /** Practice only: the session's shared agent (./practice-trust.ts); it carries the CA. */
  agent?: import('node:https').Agent;
  maxRetries?: number;
}

interface SdkResult {
  status: string;
  tables?: { name: string; columnDescriptors: { name?: string; type?: string }[]; rows: unknown[][] }[];
  partialTables?: unknown[];
  partialError?: { code?: string; message?: string };
}

/**
 * Log Analytics runs at most five queries of one user at a time and queues the rest
 * ("User query throttling": https://learn.microsoft.com/azure/azure-monitor/service-limits#log-queries-and-language).
 * A sixth query sent at once would only wait in that queue, holding a connection of its own, so
 * the client waits for a slot instead.
 */
export const MAX_CONCURRENT_QUERIES = 5;

/** Runs at most `limit` of the functions given at once, in the order given. */
function limiter(limit: number): <T>(f: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (f) => {
    if (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await f();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export function createLogsApi(o: LogsApiOptions): LogsApi {
  const slot = limiter(MAX_CONCURRENT_QUERIES);
  let client:
    | Promise<{
        queryWorkspace(
          ws: string,
          q: string,
          t: { duration: string },
          opts?: Record<string, unknown>,
        ): Promise<SdkResult>;
      }>
    | undefined;
  const getClient = () =>
    (client ??= (async () => {
      const { LogsQueryClient } = await import('@azure/monitor-query-logs');
      const { perCall, perRetry } = evidencePolicies('logs', o.endpoint, o.evidence);
      return new LogsQueryClient(credentialFor(o.auth, 'logs'), {
        endpoint: o.endpoint,
        credentials: { scopes: [`${o.resource.replace(/\/+$/, '')}/.default`] },
        retryOptions: { maxRetries: o.maxRetries ?? 5, retryDelayInMs: 400, maxRetryDelayInMs: 20_000 },
        ...(o.agent ? { agent: o.agent } : o.caPem ? { tlsOptions: { ca: o.caPem } } : {}),
        additionalPolicies: [
          { policy: perCall, position: 'perCall' },
          { policy: perRetry, position: 'perRetry' },
        ],
      });
    })());

  return {
    async query(
      workspaceId: string,
      kql: string,
      timespan: string,
      opts?: { signal?: AbortSignal },
    ): Promise<LogsTable[]> {
      const c = await getClient();
      let result: SdkResult;
      try {
        result = await slot(() =>
          c.queryWorkspace(workspaceId, kql, { duration: timespan }, opts?.signal ? { abortSignal: opts.signal } : {}),
        );
      } catch (e) {
        throw sdkError('logs', e, 'POST', `/workspaces/${workspaceId}/query`);
      }
      if (result.status !== 'Success') {
        throw new TenantError('logs', 200, result.partialError?.code ?? 'PartialFailure', {
          what: `Log Analytics query on workspace ${workspaceId} returned only part of the data`,
          cause: sanitize(result.partialError?.message ?? 'the query partially failed', { multiline: true }),
          todo: 'Narrow the time range or the query, then retry. A partial result is never treated as a pass.',
        });
      }
      return (result.tables ?? []).map((t) => ({
        name: t.name,
        columns: t.columnDescriptors.map((c) => ({ name: c.name ?? '', type: c.type ?? 'string' })),
        // Dates as ISO strings: results are journaled and compared, not rendered by the SDK.
        rows: t.rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v))),
      }));
    },
  };
}

/** A RestError (or network error) from an Azure SDK pipeline → TenantError. */
export function sdkError(service: 'logs' | 'arm', e: unknown, method: string, path: string): TenantError {
  if (e instanceof TenantError) return e;
  const r = e as {
    statusCode?: number;
    code?: string;
    response?: { bodyAsText?: string | null; headers?: { get(n: string): string | undefined } };
    request?: { url?: string };
  };
  if (typeof r.statusCode === 'number' && r.statusCode > 0) {
    const rid = r.response?.headers?.get('x-ms-request-id') ?? r.response?.headers?.get('request-id');
    return explainHttpFailure({
      service,
      method,
      path,
      status: r.statusCode,
      body: r.response?.bodyAsText ?? '',
      ...(rid ? { requestId: rid } : {}),
    });
  }
  // Auth failures surface through the credential as TenantError causes.
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof TenantError) return cause;
  return explainNetworkError(
    service,
    (e as { cause?: unknown }).cause ?? e,
    r.request?.url ? { url: r.request.url } : {},
  );
}
