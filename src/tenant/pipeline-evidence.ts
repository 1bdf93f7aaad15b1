/**
 * Azure SDK (core-rest-pipeline) policies that record RequestEvidence for the
 * LogsQueryClient and the ARM pipeline: one entry per logical request, with
 * the number of retries the SDK's own retry policies made.
 */
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import type { EvidenceLog } from './evidence.js';
import { digestBody, relativePath } from './evidence.js';
import type { RequestEvidence } from '../core/tenant.js';

export function evidencePolicies(
  service: RequestEvidence['service'],
  root: string,
  evidence: EvidenceLog,
): { perCall: PipelinePolicy; perRetry: PipelinePolicy } {
  const attempts = new WeakMap<PipelineRequest, number>();
  const perRetry: PipelinePolicy = {
    name: 'breakglassAttemptCounter',
    sendRequest(request, next) {
      attempts.set(request, (attempts.get(request) ?? 0) + 1);
      return next(request);
    },
  };
  const perCall: PipelinePolicy = {
    name: 'breakglassEvidence',
    async sendRequest(request, next) {
      const started = Date.now();
      const body = typeof request.body === 'string' ? request.body : undefined;
      const base = (): Omit<RequestEvidence, 'status' | 'durationMs'> => {
        const digest = body !== undefined ? digestBody(body) : undefined;
        return {
          service,
          method: request.method,
          path: relativePath(request.url, root),
          retries: Math.max(0, (attempts.get(request) ?? 1) - 1),
          ...(digest ? { requestBodyDigest: digest } : {}),
          at: new Date(started).toISOString(),
        };
      };
      try {
        const res = await next(request);
        const rid = res.headers.get('x-ms-request-id') ?? res.headers.get('request-id');
        evidence.record({
          ...base(),
          status: res.status,
          durationMs: Date.now() - started,
          ...(rid ? { requestId: rid } : {}),
        });
        return res;
      } catch (e) {
        const r = e as { statusCode?: number; response?: { headers?: { get(n: string): string | undefined } } };
        const rid = r.response?.headers?.get('x-ms-request-id') ?? r.response?.headers?.get('request-id');
        evidence.record({
          ...base(),
          status: r.statusCode ?? 0,
          durationMs: Date.now() - started,
          ...(rid ? { requestId: rid } : {}),
        });
        throw e;
      }
    },
  };
  return { perCall, perRetry };
}
