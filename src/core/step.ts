/**
 * The contract every step kind implements (one file per kind in src/steps/).
 * The engine resolves expressions, journals, handles failure/override/resume;
 * a kind only does its one job.
 */
import type { z } from 'zod';
import type { Action, ReconcileState, SecretVault } from './action.js';
import type { CheckDefinition } from './check.js';
import type { Query } from './query.js';
import type { OperatorPort, RiskClass, StepResult } from './events.js';
import type { JournalData } from './journal-types.js';
import type { PermissionSet, Runbook, RunbookStep, StepKindName } from './runbook.js';
import type { TenantSession } from './tenant.js';

/** Static facts about a configured step, known without a tenant (validate, overview, permission derivation). */
export interface StepDescription {
  mutating: boolean;
  destructive: boolean;
  /** Risk class (core/events.ts); absent means `change` when mutating, else `read`. */
  risk?: RiskClass;
  /** For a privilege step: what a principal gains, in words (shown on the overview before the run). */
  grants?: string;
  /**
   * Whether the step puts a secret on screen (`shows`: a TAP, a passphrase, a share) or takes one
   * in (`takes`: shares typed back, a masked field); listed on the overview.
   */
  secret?: 'shows' | 'takes';
  /** Permissions this step needs; validate checks they are declared. */
  permissions: Partial<PermissionSet>;
  /** Output names other steps may reference. */
  outputs: string[];
  /** Needs a tenant connection (so sign-in happens at the first such step). */
  needsTenant: boolean;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- entries of different config/arg types; each parses its own input with its own schema */
/**
 * The actions, checks and queries a step kind may look up (the catalogue,
 * core/catalog.ts, without the step kinds themselves).
 */
export interface StepCatalog {
  action(id: string): Action<any> | undefined;
  actions(): readonly Action<any>[];
  check(id: string): CheckDefinition | undefined;
  checks(): readonly CheckDefinition[];
  query(id: string): Query<any> | undefined;
  queries(): readonly Query<any>[];
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface StepContext<C> {
  runbook: Runbook;
  step: RunbookStep;
  instanceId: string;
  /** The kind's config with every ${…} expression resolved. */
  config: C;
  /** Resolved `with:` arguments. */
  args: Record<string, unknown>;
  /** The actions, checks and queries this run may use. */
  catalog: StepCatalog;
  operator: OperatorPort;
  /** Lazy: the first call signs in (identity from step.identity). */
  tenant(): Promise<TenantSession>;
  secrets: SecretVault;
  /** Journal hooks for mutating steps: intent BEFORE the call, outcome AFTER. */
  journal: {
    intent(data: Omit<JournalData['intent'], 'instanceId'>): Promise<void>;
    outcome(data: Omit<JournalData['outcome'], 'instanceId'>): Promise<void>;
    secretShown(data: Omit<JournalData['secret-shown'], 'instanceId'>): Promise<void>;
    answer(prompt: string, value: unknown): Promise<void>;
    /** Sign-off record (name, role, key fingerprint — never a passphrase). Always provided by the engine. */
    signoff?(data: Omit<JournalData['signoff'], 'instanceId'>): Promise<void>;
  };
  /** Progress for wait/poll (progress bar, countdown). */
  progress(message: string, fraction?: number, deadline?: Date): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  signal: AbortSignal;
  /** Injected clock so tests and practice time-scale can speed up waits. */
  clock: { now(): Date; sleep(ms: number, signal?: AbortSignal): Promise<void> };
  /** Practice-only hooks (simulate an operator's real-world action). Undefined against a live tenant. */
  practice?: PracticeHooks;
  /** Where a signoff step leaves its signers (key paths + passphrases in memory only) for the report writer. */
  signers?: { add(signer: Signer): void };
  /** The private key files in the signers' keys folder, offered by a sign-off form (a path can still be typed). */
  signingKeys?(): Promise<string[]>;
}

/** A person who signs the completion report. In memory only: the journal gets name, role and key fingerprint. */
export interface Signer {
  role: string;
  name: string;
  keyPath?: string;
  passphrase?: string;
  /** sha256 of the public key (SPKI DER), hex. */
  keyFingerprint?: string;
}

/** What a practice run can simulate on the operator's behalf (key registration, sign-ins). */
export interface PracticeHooks {
  registerFido2(upn: string, tap: string, model?: string): Promise<void>;
  signIn(upn: string, method: 'fido2' | 'password', fail?: boolean): Promise<void>;
}

/** Pending intent found on resume (intent without outcome). */
export type PendingIntent = JournalData['intent'] & {
  /** When the intent was journaled: a change the tenant dates at or after it is ours. */
  at?: string;
};

/** The `with:` schema of the steps of a kind whose own key has the value `when` (all, when absent). */
export interface WithArgs {
  when?: string;
  args: z.ZodType;
}

export interface StepKind<C = Record<string, unknown>> {
  name: StepKindName;
  /** zod schema of the kind-specific block (the block minus id/with/when/identity/foreach/as). */
  schema: z.ZodType<C>;
  /**
   * Whether a step of this kind can ever change the tenant. A step whose block cannot be
   * described yet (unparsed, unresolved) is treated as mutating when this is true: fail safe.
   */
  mayMutate: boolean;
  /**
   * Whether a finished step of this kind is asked again after a resume instead of replayed
   * from the journal (a sign-off: signers' keys and passphrases live only in memory).
   */
  repeatsOnResume?: boolean;
  /** Static description. Must not touch the network. Actions, checks and queries are looked up in `catalog`. */
  describe(config: C, step: RunbookStep, catalog: StepCatalog): StepDescription;
  /**
   * The schemas of this kind's `with:` arguments (object schemas that refuse unknown keys), one per
   * value of the kind's own key where they differ (`action: tap.create` → that action's arguments);
   * `when` absent = every step of the kind. A kind without it takes no `with:`. `validate` checks
   * literal arguments against them and the JSON Schema for editors is generated from them, so a
   * misspelled key is caught before a run.
   */
  withArgs?(catalog: StepCatalog): WithArgs[];
  run(ctx: StepContext<C>): Promise<Omit<StepResult, 'startedAt' | 'finishedAt'>>;
  /**
   * Resume after a crash between intent and outcome: read the tenant and say whether the
   * change is in place. Never re-send blindly. Required for mutating kinds.
   */
  reconcile?(ctx: StepContext<C>, pending: PendingIntent): Promise<ReconcileState>;
  /**
   * Names of vault secrets this configured step reads (resolved config and `with:`).
   * On resume the engine re-makes a secret lost with the old process before such a step runs.
   */
  secretsUsed?(config: C, args: Record<string, unknown>, run: { practice: boolean; catalog: StepCatalog }): string[];
}
