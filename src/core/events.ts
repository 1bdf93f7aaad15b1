/**
 * The engine's only conversation with a front end (Ink TUI, plain inquirer
 * mode, headless check mode, scripted tests): it emits EngineEvents to show,
 * and asks Prompts that the front end answers. The engine imports no UI code;
 * a front end holds no tenant logic.
 */
import type { CheckVerdict, InputSpec, StepKindName, StepStatus } from './runbook.js';
import type { Explanation } from './errors.js';
import type { RequestEvidence } from './tenant.js';
import { BreakglassError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** One object a check or action is about (policy, user, group, rule…). Strings from the tenant: sanitize before display. */
export interface ObjectRef {
  type: string;
  id?: string;
  name: string;
}

export interface CheckResult {
  id: string; // BG-001 …
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  verdict: CheckVerdict;
  /** One line, why this verdict. */
  reason: string;
  objects: ObjectRef[];
  /** Per-object findings (which policy lacks the exclusion, which account has SMS). */
  findings: { object: ObjectRef; verdict: CheckVerdict; reason: string }[];
  remediation: string;
  /** Seed or Microsoft Learn page the rule comes from. */
  source: string;
  evidence: RequestEvidence[];
}

/**
 * How much an action can hurt, declared by each action (core/action.ts):
 * `read` changes nothing; `change` alters the tenant; `privilege` grants or
 * opens a door — a directory role, membership of a group that bypasses
 * Conditional Access or can hold roles, a CA exclusion, an app permission or
 * consent, a credential (password, certificate, Temporary Access Pass), an
 * owner. A privilege change is never routine: the operator types the name of
 * every principal that gains something, and an answers file must name the
 * step and the principal (src/steps/confirmations.ts).
 */
export type RiskClass = 'read' | 'change' | 'privilege';

/** One principal gaining something from a privilege change. */
export interface PrivilegeGrant {
  /** Who gains it, by name: a UPN, or a group's / application's display name (its object id when Graph would not say). */
  principal: ObjectRef;
  /** What it gains, in words: "Global Administrator (active, permanent, tenant-wide)". */
  gains: string;
  /** Set when the name could not be read (e.g. 403): shown loudly; the operator then types the object id. */
  unresolved?: string;
}

/** What a mutating action will do, shown before it runs. */
export interface ActionPreview {
  actionId: string;
  /** One sentence: "Add group SG-BreakGlass-Exclude to the exclusions of policy CA004". */
  summary: string;
  target: ObjectRef;
  /** Before/after lines (unified-diff-like), already sanitized by the action. */
  diff?: { before: string[]; after: string[] };
  /** True when the tenant already is in the desired state: nothing will be sent. */
  alreadyDone: boolean;
  destructive: boolean;
  /** For destructive changes the operator must type this (the target's name) to confirm. */
  confirmText?: string;
  /** The action's risk class; set by the action step from the action's declaration, never by the preview. */
  risk?: RiskClass;
  /** For a privilege change: who gains what. The operator types each principal's name to approve. */
  grants?: PrivilegeGrant[];
  /**
   * The requests apply() will send, built by the same code, each with the state read before it:
   * the headline's scope is read from these, not from the sentence above.
   */
  sends?: PlannedRequest[];
  /**
   * What the change reaches beyond what it names ("every user in the tenant …"), read from `sends`
   * by the action step; never set by the preview itself. Shown first in the headline.
   */
  scope?: string[];
}

/** One request a change is about to send, and the object it changes as read before it. */
export interface PlannedRequest {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  current?: unknown;
}

export interface StepResult {
  status: StepStatus;
  /** One line for the transcript. */
  summary: string;
  /** Outputs other steps can reference as ${steps.<id>.<name>}. Never secrets. */
  outputs: Record<string, unknown>;
  checks?: CheckResult[];
  evidence: RequestEvidence[];
  /** Explanation when status is error/fail from a tenant failure. */
  error?: Explanation;
  /** Operator's notes and answers (secrets replaced by fingerprints). */
  notes?: string;
  override?: { justification: string; by: string; at: string };
  startedAt: string;
  finishedAt: string;
}

export interface RunSummary {
  runId: string;
  runbookId: string;
  runbookTitle: string;
  runbookVersion: string;
  runbookSha256: string;
  tenantLabel: string;
  practice: boolean;
  totalSteps: number;
}

export type EngineEvent =
  | { type: 'run-started'; run: RunSummary; resumed: boolean; resumeAt?: string }
  | {
      type: 'step-started';
      instanceId: string; // e.g. "create-accounts" or "enroll[1].create-tap"
      stepId: string;
      index: number; // 1-based position among top-level steps
      total: number;
      title: string;
      prose: string;
      kind: StepKindName;
      mutating: boolean;
    }
  | { type: 'step-progress'; instanceId: string; message: string; fraction?: number; deadline?: string }
  | { type: 'step-log'; instanceId: string; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'step-finished'; instanceId: string; result: StepResult }
  | { type: 'notice'; level: 'info' | 'warn' | 'error'; message: string }
  | {
      type: 'run-finished';
      status: 'completed' | 'aborted';
      runDir: string;
      reportPath?: string;
      reason?: string;
      /** What the report says, for the end screen: the same list as the report's "Needs attention". */
      report?: ReportVerdict;
    };

/**
 * The verdict a person reads at the end of a run, computed from the written report
 * (src/report/end-summary.ts) so the end screen can never say more than the report does.
 */
export interface ReportVerdict {
  /** "PASSED", "FAILED", "PASSED WITH OVERRIDES", … */
  result: string;
  /** A pass of some kind, and every required signature is on the report. */
  complete: boolean;
  /** Signatures on the report now (0 = the report is written but not signed). */
  signatures: number;
  /** Every finding, override, retry and missing signature, worst first; `todo` is what completes it. */
  attention: { level: string; text: string; todo?: string }[];
  /** How to check the report, ready to copy (with the --state-dir in use). */
  verifyCommand?: string;
}

/** A secret shown exactly once. The front end must show it where it cannot reach scrollback (alternate screen) and clear it on acknowledgement. */
export interface SecretDisplay {
  title: string;
  /** Lines to show (the secret itself, a share, a TAP). In memory only. */
  lines: string[];
  /** Fingerprint recorded instead of the secret (first 12 hex of sha256 with a label). */
  fingerprint: string;
  /** Optional QR payload (a URL — never the secret itself). */
  qr?: string;
  /** Who may look (e.g. "custodian 2 only"). */
  audience?: string;
}

export type Prompt =
  | { type: 'confirm'; instanceId: string; message: string; defaultYes?: boolean }
  | { type: 'form'; instanceId: string; title: string; fields: InputSpec[] }
  | { type: 'choice'; instanceId: string; message: string; choices: { value: string; label: string; hint?: string }[] }
  | { type: 'action'; instanceId: string; preview: ActionPreview }
  | { type: 'secret'; instanceId: string; secret: SecretDisplay }
  | { type: 'show'; instanceId: string; title: string; lines: string[]; qr?: string }
  | {
      type: 'failure';
      instanceId: string;
      result: StepResult;
      canRetry: boolean;
      /**
       * The run's inputs, each with its current value as the default: the operator may correct
       * one (a mistyped account) and retry from this step. Absent when the runbook takes none.
       */
      inputs?: InputSpec[];
    }
  | {
      type: 'signoff';
      instanceId: string;
      roles: string[];
      /** Private key files in the keys folder, offered as choices (typing a path is still allowed). */
      keys?: string[];
      /**
       * What the signers entered last time (the step is asked again after a failure): kept,
       * never cleared, so nobody types everything again. In memory only.
       */
      filled?: SignoffSigner[];
    };

/** One signer as a sign-off form answers: a passphrase stays in memory and is never journaled. */
export interface SignoffSigner {
  role: string;
  name: string;
  keyPath?: string;
  passphrase?: string;
}

export type Answer<P extends Prompt> = P extends { type: 'confirm' }
  ? boolean
  : P extends { type: 'form' }
    ? Record<string, unknown>
    : P extends { type: 'choice' }
      ? string
      : P extends { type: 'action' }
        ? { approved: boolean; typed?: string | string[] }
        : P extends { type: 'secret' }
          ? { acknowledged: true }
          : P extends { type: 'show' }
            ? { acknowledged: true }
            : P extends { type: 'failure' }
              ? {
                  choice: 'retry' | 'override' | 'abort' | 'correct';
                  justification?: string;
                  /** With `correct`: the inputs as the operator now wants them (retry follows). */
                  inputs?: Record<string, unknown>;
                }
              : P extends { type: 'signoff' }
                ? { signers: SignoffSigner[] }
                : never;

/** What a front end implements. */
export interface OperatorPort {
  emit(event: EngineEvent): void;
  ask<P extends Prompt>(prompt: P, signal?: AbortSignal): Promise<Answer<P>>;
}

/** Thrown by a front end when the operator quits mid-prompt; the run stays resumable. */
export class OperatorQuit extends BreakglassError {
  constructor() {
    super('operator quit; the run can be resumed', { exitCode: EXIT.QUIT });
  }
}
