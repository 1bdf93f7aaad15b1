/**
 * ArmApi over @azure/core-rest-pipeline: the SDK's default policies (retry
 * with Retry-After, redirects, TLS settings), a bearer-token policy fed by
 * our MSAL session, and evidence. core-rest-pipeline refuses bearer tokens
 * over http, which is what we want.
 */
import type { AuthSession } from './auth.js';
import { credentialFor } from './credential.js';
import type { EvidenceLog } from './evidence.js';
import { sdkError } from './logs.js';
import { evidencePolicies } from './pipeline-evidence.js';
import type { ArmApi, GraphResponse } from '../core/tenant.js';

export interface ArmApiOptions {
  endpoint: string;
  resource: string;
  auth: AuthSession;
  evidence: EvidenceLog;
  caPem?: string;
  /** Practice only: the session's shared agent (./practice-trust.ts); it carries the CA. */
  agent?: import('node:https').Agent;
  maxRetries?: number;
}

export function createArmApi(o: ArmApiOptions): ArmApi {
  type RestPipeline = typeof import('@azure/core-rest-pipeline');
  let ready:
    | Promise<{
        pipeline: ReturnType<RestPipeline['createPipelineFromOptions']>;
        client: ReturnType<RestPipeline['createDefaultHttpClient']>;
        createPipelineRequest: RestPipeline['createPipelineRequest'];
        createHttpHeaders: RestPipeline['createHttpHeaders'];
      }>
    | undefined;
  const get = () =>
    (ready ??= (async () => {
      const p = await import('@azure/core-rest-pipeline');
      const pipeline = p.createPipelineFromOptions({
        retryOptions: { maxRetries: o.maxRetries ?? 5, retryDelayInMs: 400, maxRetryDelayInMs: 20_000 },
        ...(o.agent ? { agent: o.agent } : o.caPem ? { tlsOptions: { ca: o.caPem } } : {}),
      });
      pipeline.addPolicy(
        p.bearerTokenAuthenticationPolicy({
          credential: credentialFor(o.auth, 'arm'),
          scopes: `${o.resource.replace(/\/+$/, '')}/.default`,
        }),
        { phase: 'Sign' },
      );
      const { perCall, perRetry } = evidencePolicies('arm', o.endpoint, o.evidence);
      pipeline.addPolicy(perCall);
      pipeline.addPolicy(perRetry, { afterPhase: 'Retry' });
      return {
        pipeline,
        client: p.createDefaultHttpClient(),
        createPipelineRequest: p.createPipelineRequest,
        createHttpHeaders: p.createHttpHeaders,
      };
    })());

  return {
    async request<T>(
      method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST',
      path: string,
      apiVersion: string,
      body?: unknown,
      opts?: { signal?: AbortSignal },
    ): Promise<GraphResponse<T>> {
      const { pipeline, client, createPipelineRequest, createHttpHeaders } = await get();
      if (!path.startsWith('/')) throw new Error(`ARM path must start with "/": ${path}`);
      const url = `${o.endpoint.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(apiVersion)}`;
      const headers = createHttpHeaders({
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      });
      const request = createPipelineRequest({
        url,
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(opts?.signal ? { abortSignal: opts.signal } : {}),
      });
      let res: {
        status: number;
        bodyAsText?: string | null;
        headers: { get(n: string): string | undefined; toJSON(): Record<string, string> };
      };
      try {
        res = await pipeline.sendRequest(client, request);
      } catch (e) {
        throw sdkError('arm', e, method, path);
      }
      const rid = res.headers.get('x-ms-request-id') ?? res.headers.get('x-ms-correlation-request-id');
      let parsed: unknown = undefined;
      if (res.bodyAsText) {
        try {
          parsed = JSON.parse(res.bodyAsText);
        } catch {
          parsed = res.bodyAsText;
        }
      }
      if (res.status >= 400) {
        throw sdkError(
          'arm',
          { statusCode: res.status, response: { bodyAsText: res.bodyAsText, headers: res.headers } },
          method,
          path,
        );
      }
      return {
        status: res.status,
        body: parsed as T,
        ...(rid ? { requestId: rid } : {}),
        headers: res.headers.toJSON(),
      };
    },
  };
}
