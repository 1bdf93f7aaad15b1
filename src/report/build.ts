/**
 * Builds the report (the in-toto predicate) from a run directory: the
 * hash-chained journal is the only source of truth about what happened; the
 * runbook copy adds required roles, cadence and step titles. Every field is
 * copied by name (never spread from a record), so nothing a future record
 * carries — least of all a secret — can slip into the signed payload.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CheckResult, StepResult } from '../core/events.js';
import type { JournalData } from '../core/journal-types.js';
import type { RequestEvidence } from '../core/tenant.js';
import { checkJournal, type AnyJournalRecord } from '../journal/journal.js';
import {
  MEASURED_OUTPUTS,
  REPORT_FORMAT,
  REPORT_PREDICATE_TYPE,
  STATEMENT_TYPE,
  StatementSchema,
  type Measurement,
  type Report,
  type ReportResult,
  type SignerSlot,
  type Statement,
  type StepReport,
} from './model.js';
import { runbookFacts } from './runbook-facts.js';
import { isNumberedStep } from '../runbook/step-numbers.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export class ReportBuildError extends BreakglassError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.FAIL });
  }
}

export interface KnownSigner {
  role: string;
  name: string;
  keyid?: string;
  publicKey?: string;
}

export interface BuildOptions {
  runDir: string;
  /** Signers known at build time (their keys sign now) and any more expected later. */
  signers: KnownSigner[];
  /** Overrides the runbook's `signoff:` list. */
  requiredRoles?: string[];
  now?: Date;
}

export interface Built {
  statement: Statement;
  payload: Buffer;
  journalText: string;
  runbookText: string;
}

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readRunFile(runDir: string, name: string): Promise<string> {
  try {
    return await readFile(join(runDir, name), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportBuildError(
      code === 'ENOENT'
        ? `${join(runDir, name)} is missing: is ${runDir} a breakglass run directory?`
        : `cannot read ${join(runDir, name)}: ${code ?? String(e)}`,
    );
  }
}

function pickEvidence(e: RequestEvidence): RequestEvidence {
  const out: RequestEvidence = {
    service: e.service,
    method: e.method,
    path: e.path,
    status: e.status,
    durationMs: e.durationMs,
    retries: e.retries ?? 0,
    at: e.at,
  };
  if (e.requestId) out.requestId = e.requestId;
  if (e.requestBodyDigest) out.requestBodyDigest = e.requestBodyDigest;
  return out;
}

function pickCheck(c: CheckResult) {
  const obj = (o: { type: string; id?: string; name: string }) =>
    o.id !== undefined ? { type: o.type, id: o.id, name: o.name } : { type: o.type, name: o.name };
  return {
    id: c.id,
    title: c.title,
    severity: c.severity,
    verdict: c.verdict,
    reason: c.reason,
    objects: (c.objects ?? []).map(obj),
    findings: (c.findings ?? []).map((f) => ({ object: obj(f.object), verdict: f.verdict, reason: f.reason })),
    remediation: c.remediation ?? '',
    source: c.source ?? '',
  };
}

/** JSON-safe copy (drops functions/undefined, turns Dates into strings) so the payload canonicalizes. */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

function resultOf(end: Report['end']['status'], steps: StepReport[]): ReportResult {
  if (end === 'aborted') return 'aborted';
  if (end === 'unfinished') return 'unfinished';
  if (steps.some((s) => s.status === 'fail' || s.status === 'error' || s.status === 'unfinished')) return 'failed';
  if (steps.some((s) => s.status === 'overridden')) return 'passed-with-overrides';
  if (steps.some((s) => s.status === 'warn')) return 'passed-with-warnings';
  return 'passed';
}

/** Identity fields only, whatever else a `signed-in` record carries (never tokens). */
function pickIdentity(data: unknown, at: string): Report['identities'][number] | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const raw = data as Record<string, unknown>;
  // Flat (journal-types 'signed-in': identity = the runbook identity's name) or nested { identity: {...} }.
  const d = (raw.identity && typeof raw.identity === 'object' ? raw.identity : raw) as Record<string, unknown>;
  if (typeof d.oid !== 'string') return undefined;
  const out: Report['identities'][number] = { kind: d.kind === 'app' ? 'app' : 'user', oid: d.oid, at };
  if (typeof raw.identity === 'string') out.as = raw.identity;
  if (typeof d.tenantId === 'string') out.tenantId = d.tenantId;
  if (typeof d.upn === 'string') out.upn = d.upn;
  if (typeof d.appId === 'string') out.appId = d.appId;
  return out;
}

export function buildReport(
  records: AnyJournalRecord[],
  runbookText: string,
  opts: BuildOptions & { finalHash: string },
): Report {
  const first = records[0];
  if (!first || first.type !== 'run-started')
    throw new ReportBuildError('the journal does not start with a run-started record; it cannot be reported on');
  const rs = first.data as JournalData['run-started'];
  const facts = runbookFacts(runbookText);

  const steps = new Map<string, StepReport>();
  const order: string[] = [];
  const identities: Report['identities'] = [];
  const shown: Report['secrets']['shown'] = [];
  const voided: Report['secrets']['voided'] = [];
  const notices: Report['notices'] = [];
  const corrected: Record<string, unknown> = {};
  const signoffs = new Map<string, { role: string; name: string; keyFingerprint?: string; at: string }>();
  let end: Report['end'] = { status: 'unfinished' };
  let changedDuringRun = false;
  let finishedAt: string | undefined;

  const stepOf = (instanceId: string, at: string): StepReport => {
    let s = steps.get(instanceId);
    if (!s) {
      // A record for a step we never saw start (should not happen): keep it visible, not dropped.
      s = {
        instanceId,
        stepId: instanceId,
        kind: 'unknown',
        status: 'unfinished',
        summary: '',
        startedAt: at,
        attempts: 1,
        inputs: [],
        outputs: {},
        checks: [],
        changes: [],
        evidence: [],
        secrets: [],
      };
      steps.set(instanceId, s);
      order.push(instanceId);
    }
    return s;
  };

  for (const rec of records) {
    switch (rec.type) {
      case 'resumed': {
        const d = rec.data as JournalData['resumed'];
        if (d.runbookChanged) changedDuringRun = true;
        break;
      }
      case 'step-started': {
        const d = rec.data as JournalData['step-started'];
        const prev = steps.get(d.instanceId);
        if (prev) {
          prev.attempts = Math.max(prev.attempts + 1, d.attempt ?? 1);
          prev.status = 'unfinished';
        } else {
          const s: StepReport = {
            instanceId: d.instanceId,
            stepId: d.stepId,
            kind: d.kind,
            status: 'unfinished',
            summary: '',
            startedAt: rec.ts,
            attempts: Math.max(1, d.attempt ?? 1),
            inputs: [],
            outputs: {},
            checks: [],
            changes: [],
            evidence: [],
            secrets: [],
          };
          const title = facts.titles.get(d.stepId);
          if (title) s.title = title;
          steps.set(d.instanceId, s);
          order.push(d.instanceId);
        }
        break;
      }
      case 'answer': {
        const d = rec.data as JournalData['answer'];
        stepOf(d.instanceId, rec.ts).inputs.push({ prompt: d.prompt, value: plain(d.value) });
        break;
      }
      case 'intent': {
        const d = rec.data as JournalData['intent'];
        const s = stepOf(d.instanceId, rec.ts);
        if (!s.changes.some((c) => c.key === d.key))
          s.changes.push({ actionId: d.actionId, key: d.key, status: 'no-outcome' });
        break;
      }
      case 'outcome': {
        const d = rec.data as JournalData['outcome'];
        const s = stepOf(d.instanceId, rec.ts);
        const c = s.changes.find((x) => x.key === d.key);
        const entry: StepReport['changes'][number] = { actionId: d.actionId, key: d.key, status: d.status };
        if (d.requestId) entry.requestId = d.requestId;
        if (d.lost) entry.lost = d.lost; // kept when a later outcome of the same change lands
        if (c) Object.assign(c, entry);
        else s.changes.push(entry);
        break;
      }
      case 'step-finished': {
        const d = rec.data as JournalData['step-finished'];
        const r: StepResult = d.result;
        const s = stepOf(d.instanceId, rec.ts);
        s.status = r.status;
        s.summary = r.summary ?? '';
        s.finishedAt = rec.ts;
        s.outputs = (plain(r.outputs ?? {}) as Record<string, unknown>) ?? {};
        s.checks = (r.checks ?? []).map(pickCheck);
        const ev = [...(r.evidence ?? []), ...(r.checks ?? []).flatMap((c) => c.evidence ?? [])].map(pickEvidence);
        const seen = new Set<string>();
        s.evidence = ev.filter((e) => {
          const k = JSON.stringify(e);
          return seen.has(k) ? false : (seen.add(k), true);
        });
        if (r.notes) s.notes = r.notes;
        else delete s.notes;
        if (r.override) s.override = { justification: r.override.justification, by: r.override.by, at: r.override.at };
        if (r.error) {
          s.error = { what: r.error.what, cause: r.error.cause, todo: r.error.todo };
          if (r.error.requestId) s.error.requestId = r.error.requestId;
        }
        break;
      }
      case 'secret-shown': {
        const d = rec.data as JournalData['secret-shown'];
        const e = { fingerprint: d.fingerprint, label: d.label, ...(d.envelope ? { envelope: d.envelope } : {}) };
        stepOf(d.instanceId, rec.ts).secrets.push(e);
        shown.push({ instanceId: d.instanceId, ...e, at: rec.ts });
        break;
      }
      case 'secret-voided': {
        const d = rec.data as JournalData['secret-voided'];
        voided.push({ instanceId: d.instanceId, fingerprint: d.fingerprint, reason: d.reason, at: rec.ts });
        break;
      }
      case 'signoff': {
        const d = rec.data as JournalData['signoff'];
        signoffs.set(`${d.role}\u0000${d.name}`, {
          role: d.role,
          name: d.name,
          ...(d.keyFingerprint ? { keyFingerprint: d.keyFingerprint } : {}),
          at: rec.ts,
        });
        break;
      }
      case 'input-corrected': {
        // A corrected input is said in the report's notices, from → to, where it was corrected;
        // the inputs listed are those the rest of the run used.
        const d = rec.data as JournalData['input-corrected'];
        const shown = (v: unknown) => (v === undefined || v === null || v === '' ? '(none)' : fmtInput(v));
        corrected[d.name] = d.to;
        notices.push({
          level: 'warn',
          message: `Input "${d.name}" corrected ${d.instanceId === 'resume' ? 'on resuming' : `at step ${d.instanceId}`}: ${shown(d.from)} → ${shown(d.to)}`,
          at: rec.ts,
        });
        break;
      }
      case 'notice': {
        const d = rec.data as JournalData['notice'];
        notices.push({ level: d.level, message: d.message, at: rec.ts });
        break;
      }
      case 'signed-in': {
        const id = pickIdentity(rec.data, rec.ts);
        if (id && !identities.some((x) => x.oid === id.oid && x.tenantId === id.tenantId && x.as === id.as))
          identities.push(id);
        break;
      }
      case 'run-finished': {
        const d = rec.data as JournalData['run-finished'];
        end = { status: d.status, ...(d.reason ? { reason: d.reason } : {}) };
        finishedAt = rec.ts;
        break;
      }
      default:
        break; // unknown future record types are ignored (they are still covered by the journal digest)
    }
  }

  const stepList = order.map((id) => steps.get(id)!);
  // Counted as the overview and the progress line count: numbered steps (a group once, its rounds
  // and sub-steps not again; a skipped step as one skipped) — src/runbook/step-numbers.ts.
  const counts: Record<string, number> = {};
  for (const s of stepList) if (isNumberedStep(s.instanceId)) counts[s.status] = (counts[s.status] ?? 0) + 1;

  const measurements: Measurement[] = [];
  for (const s of stepList) {
    for (const [name, unit] of Object.entries(MEASURED_OUTPUTS)) {
      const v = s.outputs[name];
      const ok =
        (unit === 'ms' && typeof v === 'number' && Number.isFinite(v)) ||
        (unit === 'timestamp' && typeof v === 'string');
      // The same moment passed along from step to step is one measurement, not several.
      if (ok && !measurements.some((m) => m.name === name && m.value === v)) {
        measurements.push({ name, value: v, unit, instanceId: s.instanceId });
      }
    }
  }

  // Sign-off slots: signers with keys now, plus people who signed off in the run without a key (open slots).
  const slots: SignerSlot[] = [];
  const addSlot = (role: string, name: string, keyid?: string, publicKey?: string) => {
    const existing = slots.find((x) => x.role === role && x.name === name);
    const so = signoffs.get(`${role}\u0000${name}`);
    // The journal may carry the full sha256 of the SPKI DER (64 hex) or the short keyid (its first 16): same derivation.
    const kid =
      keyid ??
      (so?.keyFingerprint && /^[0-9a-f]{16}([0-9a-f]{48})?$/.test(so.keyFingerprint)
        ? so.keyFingerprint.slice(0, 16)
        : undefined);
    if (existing) {
      if (kid && !existing.keyid) existing.keyid = kid;
      if (publicKey && !existing.publicKey) existing.publicKey = publicKey;
      return;
    }
    const slot: SignerSlot = { role, name };
    if (kid) slot.keyid = kid;
    if (publicKey) slot.publicKey = publicKey;
    if (so) slot.signedOffAt = so.at;
    slots.push(slot);
  };
  for (const s of opts.signers) addSlot(s.role, s.name, s.keyid, s.publicKey);
  for (const so of signoffs.values()) addSlot(so.role, so.name);
  const keyOwners = new Map<string, string>();
  for (const s of slots) {
    if (!s.keyid) continue;
    const owner = keyOwners.get(s.keyid);
    if (owner)
      throw new ReportBuildError(
        `the same key (${s.keyid}) is given for ${owner} and ${s.role} ${s.name}: each signer needs their own key`,
      );
    keyOwners.set(s.keyid, `${s.role} ${s.name}`);
  }

  const started = rs.run;
  const duration = finishedAt ? Date.parse(finishedAt) - Date.parse(first.ts) : undefined;
  const tenant: Report['tenant'] = { mode: rs.tenant.mode, label: rs.tenant.label };
  if (rs.tenant.tenantId) tenant.tenantId = rs.tenant.tenantId;
  if (rs.tenant.initialDomain) tenant.initialDomain = rs.tenant.initialDomain;
  if (rs.tenant.scenario) tenant.scenario = rs.tenant.scenario;
  if (rs.tenant.mode === 'practice' && rs.tenant.timeScale && rs.tenant.timeScale !== 1)
    tenant.timeScale = rs.tenant.timeScale;

  const report: Report = {
    reportFormat: REPORT_FORMAT,
    runId: started.runId,
    result: resultOf(end.status, stepList),
    // Practice if EITHER source says so: a report can be wrongly labelled practice, never wrongly labelled live.
    practice: rs.tenant.mode === 'practice' || started.practice === true,
    runbook: {
      id: started.runbookId,
      title: started.runbookTitle,
      version: started.runbookVersion,
      sha256: started.runbookSha256,
      path: rs.runbookPath,
      ...(facts.cadence ? { cadence: facts.cadence } : {}),
      changedDuringRun,
    },
    tool: { name: 'breakglass', version: rs.toolVersion },
    tenant,
    identities,
    ...(rs.operator ? { operator: rs.operator } : {}),
    inputs: (plain({ ...(rs.inputs ?? {}), ...corrected }) as Record<string, unknown>) ?? {},
    signoff: { required: opts.requiredRoles ?? facts.signoff, signers: slots },
    startedAt: first.ts,
    ...(finishedAt ? { finishedAt } : {}),
    ...(duration !== undefined ? { durationMs: duration } : {}),
    end,
    counts,
    steps: stepList,
    measurements,
    secrets: { shown, voided },
    notices,
    journal: { format: rs.format, recordCount: records.length, finalHash: opts.finalHash },
    generatedAt: (opts.now ?? new Date()).toISOString(),
  };
  return report;
}

/** Reads the run dir, checks the journal chain, and builds the Statement + its exact payload bytes. */
export async function buildStatement(opts: BuildOptions): Promise<Built> {
  const journalText = await readRunFile(opts.runDir, 'journal.jsonl');
  const runbookText = await readRunFile(opts.runDir, 'runbook.md');
  const chk = checkJournal(journalText);
  // A torn last line (crash mid-write) is tolerated; anything else means the journal was altered.
  const torn = chk.problems.length === 1 && /not valid JSON \(a torn last write\?\)/.test(chk.problems[0]!);
  if (!chk.ok && !torn)
    throw new ReportBuildError(`the journal in ${opts.runDir} is damaged: ${chk.problems.join('; ')}`);
  const report = buildReport(chk.records, runbookText, { ...opts, finalHash: chk.finalHash });
  const runbookName = basename(report.runbook.path || 'runbook.md') || 'runbook.md';
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [
      { name: runbookName, digest: { sha256: sha256(runbookText) } },
      { name: 'journal.jsonl', digest: { sha256: sha256(journalText) } },
    ],
    predicateType: REPORT_PREDICATE_TYPE,
    predicate: report,
  };
  // Fail here, at build time, rather than sign something verify would reject.
  const parsed = StatementSchema.safeParse(statement);
  if (!parsed.success)
    throw new ReportBuildError(
      `internal: the report does not match its schema: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return { statement, payload: Buffer.from(JSON.stringify(statement), 'utf8'), journalText, runbookText };
}

function fmtInput(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
