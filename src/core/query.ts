/**
 * Queries are the named tenant reads a `query` or `wait` step performs
 * (`query: signins.recent`, `wait: fido2.registered`). One file per query in
 * src/queries/<name>.ts, listed in src/queries/index.ts. A query used by a
 * `wait` step returns a boolean `done` output; the wait step polls it.
 */
import type { z } from 'zod';
import type { PermissionSet } from './runbook.js';
import type { TenantSession } from './tenant.js';

export interface QueryContext {
  tenant: TenantSession;
  signal: AbortSignal;
  now(): Date;
}

export interface Query<A = Record<string, unknown>> {
  id: string;
  title: string;
  permissions: Partial<PermissionSet>;
  outputs: string[];
  args: z.ZodType<A>;
  /**
   * `verdict` lets a read judge what it saw (a drill's latency over the
   * threshold, a sign-in that was not phishing-resistant): the step takes it as
   * its status. Absent = a plain read (`done`).
   */
  run(
    args: A,
    ctx: QueryContext,
  ): Promise<{ outputs: Record<string, unknown>; summary: string; verdict?: 'pass' | 'warn' | 'fail' }>;
}
