/**
 * Journal record format (append-only JSONL, one record per line, hash-chained,
 * fsync'd before the engine proceeds). Readers: engine (resume), report
 * builder, verify. Keep this stable; bump JOURNAL_FORMAT on change.
 *
 * hash = sha256hex(prev + "\n" + canonicalJSON({ seq, ts, type, data }))   (RFC 8785 canonical JSON)
 * prev of the first record = 64 zeros.
 */
import type { RunSummary, StepResult } from './events.js';

export const JOURNAL_FORMAT = 1;
export const GENESIS_HASH = '0'.repeat(64);

export type JournalType =
  | 'run-started'
  | 'resumed'
  | 'step-started'
  | 'answer'
  | 'intent'
  | 'outcome'
  | 'step-finished'
  | 'secret-shown'
  | 'secret-voided'
  | 'secret-kept'
  | 'signoff'
  | 'notice'
  | 'run-finished'
  | 'signed-in'
  | 'input-corrected';

export interface JournalRecord<T extends JournalType = JournalType> {
  seq: number;
  ts: string;
  type: T;
  data: JournalData[T];
  prev: string;
  hash: string;
}

export interface JournalData {
  'run-started': {
    format: number;
    run: RunSummary;
    runbookPath: string;
    toolVersion: string;
    /** Resolved inputs (no secrets: inputs cannot be secret). */
    inputs: Record<string, unknown>;
    tenant: {
      mode: 'practice' | 'live';
      label: string;
      tenantId?: string;
      initialDomain?: string;
      scenario?: string;
      timeScale?: number;
    };
    operator?: string;
  };
  resumed: { runbookSha256: string; runbookChanged: boolean; changedSteps?: string[] };
  'step-started': { instanceId: string; stepId: string; kind: string; attempt: number };
  /** Operator answers; secret values replaced by fingerprints before they get here. */
  answer: { instanceId: string; prompt: string; value: unknown };
  /** Written BEFORE a mutating call. key identifies the change for reconcile. */
  intent: { instanceId: string; actionId: string; key: string; args: unknown; preview?: unknown };
  /** Written AFTER the mutating call (or after reconcile). */
  outcome: {
    instanceId: string;
    actionId: string;
    key: string;
    status: 'applied' | 'already-done' | 'failed' | 'reconciled-applied' | 'reconciled-not-applied';
    outputs?: Record<string, unknown>;
    requestId?: string;
    /** reconciled-not-applied although the change landed: what it made was lost with the process (see ReconcileState.lost). */
    lost?: string;
  };
  'step-finished': { instanceId: string; result: StepResult };
  'secret-shown': { instanceId: string; fingerprint: string; label: string; envelope?: string };
  /**
   * A secret lost in a crash (never stored): anything derived from it must be redone.
   * Voiding a FINISHED step's secret un-finishes that step: resume runs it again.
   */
  'secret-voided': { instanceId: string; fingerprint: string; reason: string };
  /** A step put a secret in the run's memory vault under `name` (the value never leaves memory). */
  'secret-kept': { instanceId: string; name: string; fingerprint: string };
  signoff: { instanceId: string; role: string; name: string; keyFingerprint?: string };
  notice: { level: 'info' | 'warn' | 'error'; message: string };
  'run-finished': { status: 'completed' | 'aborted'; reason?: string };
  /**
   * The operator corrected a run input (at a failed step, or with `resume --input`): steps from
   * here on see `to`; steps already finished keep what they did with `from`.
   */
  'input-corrected': { instanceId: string; name: string; from: unknown; to: unknown };
  /** Who the run signed in as, for which identity (never a token). */
  'signed-in': {
    identity?: string;
    tenantId: string;
    oid: string;
    upn?: string;
    appId?: string;
    kind: 'user' | 'app';
    /** Scopes / app roles actually granted. */
    granted: string[];
  };
}
