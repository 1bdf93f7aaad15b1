/**
 * The parser's full output: the Runbook model plus where everything came
 * from (YAML sections with positions), so the validator can point at the
 * exact line and column of a problem.
 */
import type { Runbook, RunbookDiagnostic, RunbookStep, SourcePos } from '../core/runbook.js';
import type { YamlSection } from './yaml-section.js';

export interface DraftStep {
  step: RunbookStep;
  /** The parsed ```step block, when the heading has one. */
  block?: YamlSection;
  /** False when the block could not be read; the validator skips such a step's semantic checks. */
  usable: boolean;
  /** True for a heading without a block (an implicit manual step). */
  implicit: boolean;
  /** A `##` step whose block has `foreach:`: it has no kind; its `###` children run per item. */
  group: boolean;
  parent?: DraftStep;
  /** Position in execution order (groups before their children). */
  order: number;
}

export interface RunbookDraft {
  path: string;
  runbook: Runbook;
  frontMatter?: YamlSection;
  /** Front matter passed its schema (references to inputs etc. can be trusted). */
  frontMatterOk: boolean;
  /** Top-level front-matter keys that have schema errors (checks depending on them are skipped). */
  frontMatterBroken: Set<string>;
  /** Flattened, in execution order. */
  steps: DraftStep[];
  diagnostics: RunbookDiagnostic[];
}

export function makeDiagnostic(
  path: string,
  pos: SourcePos,
  message: string,
  hint?: string,
  severity: 'error' | 'warning' = 'error',
): RunbookDiagnostic {
  return { path, line: Math.max(1, pos.line), col: Math.max(1, pos.col), message, ...(hint ? { hint } : {}), severity };
}
