/**
 * Actions are the named tenant mutations an `action` step can perform
 * (`action: tap.create`). One file per action in src/actions/. Each reads the
 * tenant first so it can preview the exact change, report "already done"
 * (setup runbooks are idempotent), and reconcile after a crash.
 */
import type { z } from 'zod';
import type { ActionPreview } from './events.js';
import type { PermissionSet } from './runbook.js';
import type { TenantSession } from './tenant.js';
import type { ReconcileState, SecretVault } from './step.js';

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
