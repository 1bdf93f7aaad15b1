/** What a caller hands startRun / resumeRun (./run.ts), and what it gets back when the run ends. */
import type { Runbook } from '../core/runbook.js';
import type { Catalog } from '../core/catalog.js';
import type { PracticeHooks, Signer } from '../core/step.js';
import type { TenantFactory, TenantInfo } from '../core/tenant.js';
import type { Clock } from '../util/clock.js';
import type { OperatorPort, ReportVerdict } from '../core/events.js';
import type { SuggestInputs } from './inputs.js';

export interface CommonRunOptions {
  operator: OperatorPort;
  /** The step kinds, actions, checks and queries this run may use (commands pass the built-in catalogue). */
  catalog: Catalog;
  /**
   * Called lazily, at the first step that needs the tenant — once per identity
   * (per distinct resolved spec). `identity` is request.name, kept for simple factories.
   */
  tenantFactory: TenantFactory;
  stateDir: string;
  clock?: Clock;
  practiceHooks?: PracticeHooks;
  toolVersion: string;
  /** Who runs it (recorded on overrides); the signed-in user is journaled separately. */
  operatorName?: string;
  /**
   * Runs when the run ends (completed/aborted), after run-finished is durable; returns the report
   * path, or the path and what the report says (shown on the end screen).
   */
  onFinished?(run: FinishedRun): Promise<string | { reportPath: string; verdict?: ReportVerdict } | undefined>;
  signal?: AbortSignal;
  /** The private key files in the keys folder, for a sign-off form to offer (commands pass the real folder). */
  signingKeys?(): Promise<string[]>;
}

export interface StartRunOptions extends CommonRunOptions {
  runbook: Runbook;
  inputs?: Record<string, unknown>;
  tenant: TenantInfo;
  runId?: string;
  /** Reads the tenant's suggestions for inputs that declare `suggest:` (a person at a terminal only). */
  suggestInputs?: SuggestInputs;
}

export interface ResumeRunOptions extends CommonRunOptions {
  /** The runbook as it is now (re-loaded from its path). */
  runbook: Runbook;
  /**
   * The runbook as it was when the run began (the caller parses the run dir's runbook.md copy),
   * to name the changed steps and to offer continuing with the original.
   */
  originalRunbook?: Runbook;
  /**
   * Inputs the operator corrects on resuming (`resume --input name=value`): checked against the
   * runbook's specs and journaled as `input-corrected`; the steps still to run see the new value.
   */
  corrections?: Record<string, unknown>;
}

export interface FinishedRun {
  runId: string;
  runDir: string;
  status: 'completed' | 'aborted';
  signers: Signer[];
  practice: boolean;
}

export interface RunOutcome {
  status: 'completed' | 'aborted' | 'quit';
  runId: string;
  runDir: string;
  /** Key paths + passphrases, in memory only, for the report writer. */
  signers: Signer[];
  reason?: string;
  reportPath?: string;
}
