/**
 * Contract between the practice tenant's server (TLS, identity, router, OData,
 * $batch, faults, counters) and its resource routes (state, Graph resources,
 * Log Analytics KQL, ARM, simulated world).
 */
import type { TokenClaims } from './identity-types.js';

export type PracticeHost = 'login' | 'graph' | 'logs' | 'arm' | 'admin';

export interface PracticeRequest {
  method: string;
  host: PracticeHost;
  /** For graph: 'v1.0' | 'beta'. For arm: api-version. For logs: 'v1'. */
  version?: string;
  /** Path after the host/version prefix, e.g. '/users/abc/authentication/methods'. Decoded segments. */
  path: string;
  /** Route parameters filled by the router from `{name}` segments. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  /** Verified token claims (undefined for unauthenticated endpoints). */
  auth?: TokenClaims;
  requestId: string;
  /** Origin of the practice server, e.g. https://127.0.0.1:8443 (for absolute @odata.nextLink). Set by the router. */
  baseUrl?: string;
  /** True when this request is one item of a $batch. */
  inBatch?: boolean;
  /** The permission-table row that authorized it (set by enforceTable; counted per row). */
  permissionRow?: string;
}

export interface PracticeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PracticeRoute {
  host: PracticeHost;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path pattern with {param} segments, e.g. '/users/{id}/authentication/fido2Methods/{methodId}'. Matched case-insensitively like Graph. */
  pattern: string;
  /** Any one of these delegated scopes / app roles grants access; empty = any valid token. 403 otherwise. */
  permissions: string[];
  /** Permission-table rows this route serves (src/config/permission-table.ts); enforced before the handler instead of `permissions`. */
  rows?: string[];
  /** Counts as a tenant mutation in the counters. */
  mutates: boolean;
  /** Key for the mutation counters (default: "METHOD pattern" + the route params), e.g. to count per target object. */
  mutationKey?(req: PracticeRequest): string;
  handler(req: PracticeRequest, world: unknown): PracticeResponse | Promise<PracticeResponse>;
}
