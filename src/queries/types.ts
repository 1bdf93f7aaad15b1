/**
 * Queries are the named tenant reads a `query` or `wait` step performs
 * (`query: signins.recent`, `wait: fido2.registered`). One file per query in
 * src/queries/<name>.ts, listed in src/queries/index.ts. A query used by a
 * `wait` step returns a boolean `done` output; the wait step polls it.
 */
import type { z } from 'zod';
import type { PermissionSet } from '../runbook/model.js';
import type { TenantSession } from '../tenant/types.js';

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
  run(args: A, ctx: QueryContext): Promise<{ outputs: Record<string, unknown>; summary: string }>;
}
