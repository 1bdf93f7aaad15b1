/**
 * Actions are the named tenant mutations an `action` step can perform
 * (`action: tap.create`). One file per action in src/actions/. Each reads the
 * tenant first so it can preview the exact change, report "already done"
 * (setup runbooks are idempotent), and reconcile after a crash.
 */
import type { z } from 'zod';
import type { ActionPreview, RiskClass } from './events.js';
import type { PermissionSet } from './runbook.js';
import type { TenantSession } from './tenant.js';

export interface ActionContext {
  tenant: TenantSession;
  secrets: SecretVault;
  signal: AbortSignal;
  /** On reconcile: when the intent was journaled (changes after it are ours). */
  intentAt?: string;
}

export interface Action<A = Record<string, unknown>> {
  id: string; // e.g. "tap.create"
  title: string;
  /** Graph/ARM permissions (least privilege) this action needs. */
  permissions: Partial<PermissionSet>;
  destructive: boolean;
  /**
   * `change` or `privilege` (see RiskClass in core/events.ts). Privilege: anything that grants or
   * opens a door; its preview names each principal and what it gains in `grants`.
   */
  risk: Exclude<RiskClass, 'read'>;
  /** For a privilege action: what a principal gains, in words, for the runbook overview (before any tenant read). */
  grants?: string;
  /** Output names. */
  outputs: string[];
  args: z.ZodType<A>;
  /** Identifies the change for journal intent/outcome matching (e.g. "tap:<userId>"). */
  key(args: A): string;
  /** Reads the tenant and describes the exact change (or alreadyDone). No mutation. */
  preview(args: A, ctx: ActionContext): Promise<ActionPreview>;
  /** Performs the change. Returns outputs (never secrets: put those in ctx.secrets). */
  apply(args: A, ctx: ActionContext): Promise<{ outputs: Record<string, unknown> }>;
  /** After a crash: is the change in place? Reads only. */
  reconcile(args: A, ctx: ActionContext): Promise<ReconcileState>;
  /** Vault secrets this action reads (e.g. the passphrase a password is set to); see StepKind.secretsUsed. */
  secretsUsed?(args: A): string[];
}

/** In-memory secret store for the run. Never journaled, never written. */
export interface SecretVault {
  put(name: string, value: string): string; // returns fingerprint
  get(name: string): string | undefined;
  has(name: string): boolean;
}

/**
 * What reconcile found. `applied: false` with a `lost` reason: the change reached the
 * tenant, but what it made lived only in the stopped process (a pass Graph returns once),
 * so the step makes it again; the journal's outcome says why.
 */
export interface ReconcileState {
  applied: boolean;
  outputs?: Record<string, unknown>;
  lost?: string;
  /** `applied: false` because the tenant could not be read (why): the operator is asked again before anything is sent. */
  unknown?: string;
}
