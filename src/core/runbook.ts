/**
 * The Runbook model: what the parser produces from a markdown + YAML file and
 * what the engine, validator, screens and report consume.
 *
 * A runbook is a markdown document. YAML front matter describes it; each `##`
 * heading is a step whose prose is the operator's instruction; an optional
 * fenced ```step block under the heading is the machine part. A heading with
 * no block is a manual step. A `##` step whose block has `foreach:` is a group:
 * its `###` sub-headings are its steps, run once per item, in order.
 */

/** 1-based line and column in the runbook file. */
export interface SourcePos {
  line: number;
  col: number;
}

/** The step kinds. One file per kind in src/steps/. */
export const STEP_KINDS = ['manual', 'input', 'check', 'action', 'query', 'secret', 'show', 'wait', 'signoff'] as const;
export type StepKindName = (typeof STEP_KINDS)[number];

/** Verdict of a single built-in check. */
export type CheckVerdict = 'pass' | 'warn' | 'fail' | 'error' | 'not-applicable';

/** Result status of a step. `overridden` = failed/errored, then the operator went on with a typed justification. */
export type StepStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped' | 'done' | 'overridden';

export const INPUT_TYPES = [
  'string',
  'text',
  'upn',
  'upn-list',
  'guid',
  'guid-list',
  'duration',
  'int',
  'bool',
  'choice',
  'url',
  'email',
] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/**
 * Where the tenant can say what an input's value should be (`suggest:` on a run input): each
 * names a read-only tenant read (src/queries/input-suggestions.ts). Suggestions are OFFERED in
 * the form — picked or typed over — never used without the operator choosing one.
 */
export const SUGGESTION_SOURCES = ['exclusion-group', 'exclusion-group-members', 'sign-in-log-workspace'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

/** One value the tenant suggests for an input, with where it comes from in words. */
export interface InputSuggestion {
  value: unknown;
  label: string;
}

/** A typed input, declared in front matter (`inputs:`) or in an `input` step. */
export interface InputSpec {
  name: string;
  type: InputType;
  label: string;
  description?: string;
  default?: unknown;
  required: boolean;
  /** Regex (string) the value must match; for lists, each item. */
  pattern?: string;
  choices?: string[];
  min?: number;
  max?: number;
  /** A secret (passphrase, client secret): entered masked, never journaled, never an output. */
  secret?: boolean;
  /** Run inputs: the tenant read that suggests values (front matter `suggest:`). */
  suggest?: SuggestionSource;
  /** Filled by the engine for the form: what the tenant suggests (offered, never used unchosen). */
  suggestions?: InputSuggestion[];
  /** Filled by the engine when the suggestion read failed or found nothing: why, in words. */
  suggestNote?: string;
  pos?: SourcePos;
}

/** Permissions declared per API. graph/logs = delegated scope or app role names; arm = Azure RBAC role names. */
export interface PermissionSet {
  graph: string[];
  arm: string[];
  logs: string[];
}

/** A named sign-in identity a group of steps uses (e.g. "connect as the break-glass account"). */
export interface IdentitySpec {
  name: string;
  flow: 'device-code' | 'interactive' | 'client-certificate' | 'client-secret' | 'default';
  label?: string;
  /** Inputs that supply client id / certificate path etc. may be expressions. */
  clientId?: string;
  certificatePath?: string;
  secretEnv?: string;
  /** Name of the env var holding the certificate's private-key passphrase; without it the operator is asked (masked, never journaled). */
  passphraseEnv?: string;
  /**
   * Practice tenant only: who approves this identity's device code, e.g. "${inputs.account}".
   * Without it the scenario's operator does. Ignored for live tenants (a person signs in).
   */
  practiceUpn?: string;
}

export interface RunbookStep {
  /** Stable id: explicit `id:` in the block, else the heading slug. Group children: `<group>.<child>`. */
  id: string;
  title: string;
  /** Markdown prose under the heading (operator instruction), without the step block. */
  prose: string;
  kind: StepKindName;
  /**
   * The kind-specific block as written, minus the common keys below.
   * For `check: BG-007` this is `{ check: 'BG-007', ... }`. Expressions are NOT resolved here.
   */
  config: Record<string, unknown>;
  /** Arguments (`with:`), unresolved. */
  with: Record<string, unknown>;
  /** Optional condition expression; step is `skipped` when falsy. */
  when?: string;
  /** Identity name from front matter `identities:`; default identity when absent. */
  identity?: string;
  /** Set on a group: expression yielding a list, and the loop variable name. */
  foreach?: { expr: string; as: string };
  /** Children of a group (`###` headings); empty for ordinary steps. */
  children: RunbookStep[];
  pos: { heading: SourcePos; block?: SourcePos };
}

export type RunbookPurpose = 'setup' | 'drill' | 'emergency' | 'review';

export interface Runbook {
  id: string;
  title: string;
  version: string;
  summary: string;
  /** ISO-8601 duration, e.g. P90D; drives "next drill due". */
  cadence?: string;
  audience: string[];
  /** What it is for; `setup` runbooks come first on the home screen until a tenant has been set up. */
  purpose?: RunbookPurpose;
  /** Declared read-only: validate rejects mutating steps. */
  readOnly: boolean;
  permissions: PermissionSet;
  inputs: Record<string, InputSpec>;
  /** Required sign-off roles, e.g. ["operator", "witness"]. */
  signoff: string[];
  identities: Record<string, IdentitySpec>;
  /** Which practice scenario suits this runbook by default. */
  practice?: { scenario: string };
  steps: RunbookStep[];
  source: { path: string; sha256: string; text: string };
}

/** A validation problem. Rendered as `path:line:col: message` + hint. */
export interface RunbookDiagnostic {
  path: string;
  line: number;
  col: number;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}
