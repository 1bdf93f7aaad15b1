/**
 * zod schemas for the parts of a runbook this package owns: front matter and
 * the common keys of a step block. Kind-specific keys come from each step
 * kind's own schema (src/steps/<kind>.ts). The JSON Schema in
 * schema/runbook.schema.json is generated from these (src/runbook/json-schema.ts).
 */
import { z } from 'zod';
import { INPUT_TYPES, SUGGESTION_SOURCES } from '../core/runbook.js';

import { ISO_DURATION_RE, KEBAB_RE, NAME_RE, SEMVER_RE } from './formats.js';

export { ISO_DURATION_RE, KEBAB_RE, NAME_RE, SEMVER_RE };

export const IDENTITY_FLOWS = ['device-code', 'interactive', 'client-certificate', 'client-secret', 'default'] as const;

const name = (what: string) =>
  z.string().regex(NAME_RE, { error: `must start with a letter and use only letters, digits, '-' and '_' (${what})` });

export const InputSpecSchema = z.strictObject({
  type: z.enum(INPUT_TYPES),
  label: z.string().min(1).optional(),
  description: z.string().optional(),
  default: z.unknown().optional(),
  required: z.boolean().optional(),
  pattern: z.string().max(200, { error: 'pattern is longer than 200 characters' }).optional(),
  choices: z.array(z.string()).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** A tenant read that suggests values in the form (offered after sign-in, never used unchosen). */
  suggest: z.enum(SUGGESTION_SOURCES).optional(),
});

export const IdentitySpecSchema = z.strictObject({
  flow: z.enum(IDENTITY_FLOWS),
  label: z.string().optional(),
  clientId: z.string().optional(),
  certificatePath: z.string().optional(),
  secretEnv: z.string().optional(),
  passphraseEnv: z.string().optional(),
  practiceUpn: z.string().optional(),
});

export const PermissionSetSchema = z.strictObject({
  graph: z.array(z.string().min(1)).optional(),
  arm: z.array(z.string().min(1)).optional(),
  logs: z.array(z.string().min(1)).optional(),
});

export const FrontMatterSchema = z.strictObject({
  id: z.string().regex(KEBAB_RE, { error: 'must be kebab-case, e.g. `quarterly-validation`' }),
  title: z.string().min(1),
  version: z.string().regex(SEMVER_RE, { error: 'must be a semantic version such as `1.0.0`' }),
  summary: z.string().min(1),
  cadence: z
    .string()
    .regex(ISO_DURATION_RE, { error: 'must be an ISO-8601 duration such as `P90D` (90 days) or `P3M` (3 months)' })
    .optional(),
  audience: z.array(z.string()).optional(),
  /** What the runbook is for; `setup` runbooks are offered first on a tenant with no break-glass set-up yet. */
  purpose: z.enum(['setup', 'drill', 'emergency', 'review']).optional(),
  readOnly: z.boolean().optional(),
  permissions: PermissionSetSchema.optional(),
  inputs: z.record(z.string(), InputSpecSchema).optional(),
  signoff: z.array(z.string().min(1)).optional(),
  identities: z.record(z.string(), IdentitySpecSchema).optional(),
  practice: z.strictObject({ scenario: z.string().min(1) }).optional(),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** Keys every step block may have, whatever its kind. */
export const COMMON_STEP_KEYS = ['id', 'with', 'when', 'identity', 'foreach', 'as'] as const;

export const StepCommonSchema = z.strictObject({
  id: name('a step id').optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  when: z.string().optional(),
  identity: z.string().optional(),
  foreach: z.string().optional(),
  as: name('the `as` name').optional(),
});
