/**
 * The completion report: an in-toto Statement v1 whose predicate is the
 * report below (predicateType REPORT_PREDICATE_TYPE). The zod schemas are the
 * single definition: build.ts produces it, verify.ts checks it strictly
 * (unknown fields are rejected so nothing unsigned-looking hides in it), and
 * docs/report-format.md documents it. Bump REPORT_FORMAT and the predicate
 * URI together on an incompatible change.
 */
import { z } from 'zod';

export const REPORT_FORMAT = 1;
export const REPORT_PREDICATE_TYPE = 'https://breakglass.dev/report/v1';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const DSSE_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'ISO-8601 timestamp');
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex');
export const KEYID_RE = /^[0-9a-f]{16}$/;
const keyid = z.string().regex(KEYID_RE, '16 hex characters (short key fingerprint)');

const verdict = z.enum(['pass', 'warn', 'fail', 'error', 'not-applicable']);
const stepStatus = z.enum(['pass', 'warn', 'fail', 'error', 'skipped', 'done', 'overridden']);

export const ObjectRefSchema = z.strictObject({ type: z.string(), id: z.string().optional(), name: z.string() });

export const EvidenceSchema = z.strictObject({
  service: z.enum(['graph', 'logs', 'arm', 'login']),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  durationMs: z.number(),
  requestId: z.string().optional(),
  retries: z.number().int(),
  requestBodyDigest: z.string().optional(),
  at: z.string(),
});

export const CheckSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  verdict,
  reason: z.string(),
  objects: z.array(ObjectRefSchema),
  findings: z.array(z.strictObject({ object: ObjectRefSchema, verdict, reason: z.string() })),
  remediation: z.string(),
  source: z.string(),
});

export const StepReportSchema = z.strictObject({
  instanceId: z.string(),
  stepId: z.string(),
  kind: z.string(),
  title: z.string().optional(),
  status: stepStatus.or(z.literal('unfinished')),
  summary: z.string(),
  startedAt: iso,
  finishedAt: iso.optional(),
  attempts: z.number().int().min(1),
  /** Operator answers; secret values were replaced by fingerprints before they reached the journal. */
  inputs: z.array(z.strictObject({ prompt: z.string(), value: z.unknown() })),
  notes: z.string().optional(),
  override: z.strictObject({ justification: z.string(), by: z.string(), at: z.string() }).optional(),
  /** Outputs other steps referenced (never secrets by contract). */
  outputs: z.record(z.string(), z.unknown()),
  checks: z.array(CheckSchema),
  /** Mutations: journaled intent → outcome. */
  changes: z.array(
    z.strictObject({
      actionId: z.string(),
      key: z.string(),
      status: z.enum([
        'applied',
        'already-done',
        'failed',
        'reconciled-applied',
        'reconciled-not-applied',
        'no-outcome',
      ]),
      requestId: z.string().optional(),
      /** Made once before an interruption, lost with the process (e.g. a pass never shown), and made again. */
      lost: z.string().optional(),
    }),
  ),
  evidence: z.array(EvidenceSchema),
  error: z
    .strictObject({ what: z.string(), cause: z.string(), todo: z.string(), requestId: z.string().optional() })
    .optional(),
  secrets: z.array(z.strictObject({ fingerprint: z.string(), label: z.string(), envelope: z.string().optional() })),
});

export const SignerSlotSchema = z.strictObject({
  role: z.string().min(1),
  name: z.string().min(1),
  /** Short fingerprint of the signer's key when known at build time; absent = an open slot (see docs). */
  keyid: keyid.optional(),
  /** SPKI PEM of that key, so a verifier without --pubkey can still check the signature is self-consistent. */
  publicKey: z.string().optional(),
  /** When the signer signed off in the run (journal `signoff` record), if they did. */
  signedOffAt: iso.optional(),
});

export const MeasurementSchema = z.strictObject({
  name: z.string(),
  value: z.union([z.number(), z.string()]),
  unit: z.enum(['ms', 'timestamp']),
  instanceId: z.string(),
});

export const RESULTS = [
  'passed',
  'passed-with-warnings',
  'passed-with-overrides',
  'failed',
  'aborted',
  'unfinished',
] as const;
export type ReportResult = (typeof RESULTS)[number];

export const ReportSchema = z.strictObject({
  reportFormat: z.literal(REPORT_FORMAT),
  runId: z.string(),
  result: z.enum(RESULTS),
  practice: z.boolean(),
  runbook: z.strictObject({
    id: z.string(),
    title: z.string(),
    version: z.string(),
    sha256: hex64,
    path: z.string(),
    cadence: z.string().optional(),
    changedDuringRun: z.boolean(),
  }),
  tool: z.strictObject({ name: z.literal('breakglass'), version: z.string() }),
  tenant: z.strictObject({
    mode: z.enum(['practice', 'live']),
    label: z.string(),
    tenantId: z.string().optional(),
    initialDomain: z.string().optional(),
    scenario: z.string().optional(),
    /** Practice time ran this many times faster than real time: times and durations are simulated. */
    timeScale: z.number().positive().optional(),
  }),
  identities: z.array(
    z.strictObject({
      kind: z.enum(['user', 'app']),
      /** The runbook identity this sign-in served (front matter `identities:`), when named. */
      as: z.string().optional(),
      tenantId: z.string().optional(),
      oid: z.string(),
      upn: z.string().optional(),
      appId: z.string().optional(),
      at: iso,
    }),
  ),
  operator: z.string().optional(),
  /** The run's resolved runbook inputs (inputs cannot be secret by contract). */
  inputs: z.record(z.string(), z.unknown()),
  signoff: z.strictObject({ required: z.array(z.string()), signers: z.array(SignerSlotSchema) }),
  startedAt: iso,
  finishedAt: iso.optional(),
  durationMs: z.number().optional(),
  end: z.strictObject({ status: z.enum(['completed', 'aborted', 'unfinished']), reason: z.string().optional() }),
  counts: z.record(z.string(), z.number().int()),
  steps: z.array(StepReportSchema),
  measurements: z.array(MeasurementSchema),
  secrets: z.strictObject({
    shown: z.array(
      z.strictObject({
        instanceId: z.string(),
        fingerprint: z.string(),
        label: z.string(),
        envelope: z.string().optional(),
        at: iso,
      }),
    ),
    voided: z.array(z.strictObject({ instanceId: z.string(), fingerprint: z.string(), reason: z.string(), at: iso })),
  }),
  notices: z.array(z.strictObject({ level: z.enum(['info', 'warn', 'error']), message: z.string(), at: iso })),
  journal: z.strictObject({ format: z.number().int(), recordCount: z.number().int(), finalHash: hex64 }),
  generatedAt: iso,
});

export type Report = z.infer<typeof ReportSchema>;
export type StepReport = z.infer<typeof StepReportSchema>;
export type SignerSlot = z.infer<typeof SignerSlotSchema>;
export type Measurement = z.infer<typeof MeasurementSchema>;

export const SubjectSchema = z.strictObject({ name: z.string().min(1), digest: z.strictObject({ sha256: hex64 }) });

export const StatementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(SubjectSchema).min(1),
  predicateType: z.literal(REPORT_PREDICATE_TYPE),
  predicate: ReportSchema,
});
export type Statement = z.infer<typeof StatementSchema>;

/** Outputs whose names mean "a measured latency or moment" (latency and delivery are the test, not rule existence). */
export const MEASURED_OUTPUTS: Record<string, Measurement['unit']> = {
  ingestionLatencyMs: 'ms',
  alertLatencyMs: 'ms',
  alertAfterT0Ms: 'ms',
  deliveryLatencyMs: 'ms',
  signInAt: 'timestamp',
  alertAt: 'timestamp',
  ingestedAt: 'timestamp',
};
