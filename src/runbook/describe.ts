/**
 * "Describe a step" in one place: look up its kind in the catalogue, parse
 * its block, ask the kind what it does (mutating, permissions, outputs).
 * The validator, the overview, the permission check and the engine all use
 * this, so they cannot disagree about what a step is.
 */
import { z } from 'zod';
import type { AnyStepKind, Catalog } from '../core/catalog.js';
import type { RunbookStep } from '../core/runbook.js';
import type { StepDescription } from '../core/step.js';
import type { RiskClass } from '../core/events.js';

export type Described =
  | { ok: true; kind: AnyStepKind; config: unknown; description: StepDescription }
  | { ok: false; problem: 'unknown-kind' }
  | { ok: false; problem: 'config'; kind: AnyStepKind; schema: z.ZodType; issues: z.core.$ZodIssue[] }
  | { ok: false; problem: 'describe'; kind: AnyStepKind; config: unknown; error: unknown };

export interface DescribeOptions {
  /** 'strict': unknown keys are errors (validate); 'loose': the kind's own schema; 'none': the block is used as it is. */
  parse?: 'strict' | 'loose' | 'none';
  /** The block to describe instead of step.config (e.g. with expressions resolved). */
  config?: unknown;
}

const strictCache = new WeakMap<z.ZodType, z.ZodType>();
/** Unknown keys must be errors (a typo must not be silently ignored); cached because building zod schemas is costly. */
export function strictSchema(schema: z.ZodType): z.ZodType {
  let s = strictCache.get(schema);
  if (!s) {
    s = schema instanceof z.ZodObject ? schema.strict() : schema;
    strictCache.set(schema, s);
  }
  return s;
}

export function describeStep(step: RunbookStep, catalog: Catalog, opts: DescribeOptions = {}): Described {
  const kind = catalog.stepKind(step.kind);
  if (!kind) return { ok: false, problem: 'unknown-kind' };
  const raw = 'config' in opts ? opts.config : step.config;
  let config: unknown = raw;
  const mode = opts.parse ?? 'loose';
  if (mode !== 'none') {
    const schema = mode === 'strict' ? strictSchema(kind.schema as z.ZodType) : (kind.schema as z.ZodType);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, problem: 'config', kind, schema, issues: parsed.error.issues };
    config = parsed.data;
  }
  try {
    return { ok: true, kind, config, description: kind.describe(config, step, catalog) };
  } catch (error) {
    return { ok: false, problem: 'describe', kind, config, error };
  }
}

/** What the overview and validator need to know about a step's effect. */
export interface StepEffect {
  mutating: boolean;
  destructive: boolean;
  risk: RiskClass;
  /** For a privilege step: what a principal gains. */
  grants?: string;
  secret?: 'shows' | 'takes';
}

/**
 * Whether a step changes the tenant, failing safe: a step that cannot be
 * described (unknown to this catalogue, block not parsed or not resolved yet)
 * counts as mutating when its kind can mutate — and an action that cannot be
 * described counts as a privilege change (nobody can say what it grants).
 */
export function mutationOf(step: RunbookStep, d: Described): StepEffect {
  if (d.ok) {
    const x = d.description;
    const out: StepEffect = {
      mutating: x.mutating,
      destructive: x.destructive,
      risk: x.risk ?? (x.mutating ? 'change' : 'read'),
    };
    if (x.grants !== undefined) out.grants = x.grants;
    if (x.secret !== undefined) out.secret = x.secret;
    return out;
  }
  const unknownAction = step.kind === 'action';
  const mutating = d.problem === 'unknown-kind' ? unknownAction : d.kind.mayMutate;
  return unknownAction
    ? { mutating: true, destructive: false, risk: 'privilege', grants: 'unknown: the action could not be described' }
    : { mutating, destructive: false, risk: mutating ? 'change' : 'read' };
}
