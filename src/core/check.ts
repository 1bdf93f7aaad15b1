/**
 * Built-in checks (one file per check in src/checks/, stable ids BG-001…).
 * A check is a pure evaluation over a TenantSnapshot that the fetch plan
 * filled with one shared set of reads ($batch, $select). A read that failed
 * is present as an error, so the check returns `error`, never `pass`.
 */
import type { CheckResult } from './events.js';
import type { PermissionSet } from './runbook.js';

/** What the checks are told (never guessed silently). */
export interface CheckConfig {
  /** UPNs of the declared break-glass accounts. */
  accounts: string[];
  /** Object id or display name of the exclusion group. */
  group?: string;
  /** Log Analytics workspace resource id, when monitoring is checked. */
  workspace?: string;
  /** Days, default 90. */
  validationMaxAgeDays?: number;
  /** Days, default 180. */
  rotationMaxAgeDays?: number;
  /** Date of the last signed validation report per account UPN (from history). */
  lastSignedValidation?: Record<string, string>;
  /** Injected clock for age calculations. */
  now?: Date;
  /** Run BG-018 (What-If, Graph beta). Off by default: BG-018 is then not-applicable. */
  whatIf?: boolean;
  /** The declared emergency application (appId, service principal object id or display name), if any. */
  emergencyApp?: string;
  /**
   * The layered door's exclusion group (runbook service-principal-layered), by object id or
   * display name: it must be empty outside an emergency (BG-025); without it BG-025 is not applicable.
   */
  emergencyGroup?: string;
  /**
   * The service principal kept as a break-glass identity (runbook service-principal-break-glass),
   * by application (client) id. BG-023 and BG-024 judge it; without it they are not applicable.
   */
  breakGlassApp?: string;
  /** The Microsoft Entra roles declared for it (display names or template ids), e.g. ["Global Administrator"]. */
  breakGlassAppRoles?: string[];
  /** The Microsoft Graph application permissions declared for it (default: none). */
  breakGlassAppPermissions?: string[];
  /**
   * The Azure roles declared for it (BG-026): a built-in role name or GUID at a scope
   * (/subscriptions/{id} or /providers/Microsoft.Management/managementGroups/{id}). Default: none.
   */
  breakGlassAppAzureRoles?: { role: string; scope: string }[];
  /**
   * The named location (object id, or AllTrusted) the app may request tokens from, which a Conditional
   * Access policy for workload identities must leave open and block everything else (BG-026). Without it,
   * any excluded location is accepted.
   */
  breakGlassAppAllowedLocation?: string;
}

/**
 * A read that succeeded or failed; checks must handle both. `licence`: the
 * tenant lacks the licence the call needs (e.g. "P2") — Microsoft's licence
 * error, not a permission problem.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string; requestId?: string; licence?: string };

export interface CheckDefinition<S = unknown> {
  id: string;
  title: string;
  severity: CheckResult['severity'];
  rationale: string;
  source: string;
  /** Keys of the fetch plan reads this check needs. */
  reads: string[];
  permissions: Partial<PermissionSet>;
  evaluate(snapshot: S, config: CheckConfig): Omit<CheckResult, 'evidence'>;
}
