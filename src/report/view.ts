/**
 * What both renderings show, computed once from the signed payload so the
 * Markdown and the HTML cannot disagree: the attention list (failures with
 * their remediation, first), signer lines, formatted times.
 */
import type { Report, Statement, StepReport } from './model.js';
import { slotStatus } from './slots.js';
import { shellArg } from '../util/shell-arg.js';
import { fileSafe } from './keys.js';

export interface RenderView {
  statement: Statement;
  /** keyids with a signature present in the envelope (renderings do not verify; `breakglass verify` does). */
  signedKeyids: Set<string>;
  payloadDigest: string;
  /**
   * When each signature was added (keyid → ISO time), as the signing machine recorded it beside the
   * envelope (report.signed-at.json). Not part of the signed payload: a signature has no time of its own.
   */
  signedAt?: Record<string, string>;
}

export interface AttentionItem {
  level: 'fail' | 'error' | 'warn' | 'overridden' | 'aborted' | 'voided' | 'unsigned' | 'retried';
  step: string;
  title: string;
  reason: string;
  objects: string[];
  remediation?: string;
  requestId?: string;
}

export const RESULT_LABEL: Record<Report['result'], string> = {
  passed: 'PASSED',
  'passed-with-warnings': 'PASSED WITH WARNINGS',
  'passed-with-overrides': 'PASSED WITH OVERRIDES',
  failed: 'FAILED',
  aborted: 'ABORTED',
  unfinished: 'UNFINISHED',
};

// Where a step instance sits, in words: one definition beside the step count (src/runbook/step-numbers.ts).
import { roundWords } from '../runbook/step-numbers.js';
export { instanceWords, roundWords } from '../runbook/step-numbers.js';

/** "20 steps": the numbered steps the run reached, counted as the overview and progress count them. */
export function stepsReached(r: Pick<Report, 'counts'>): string {
  const n = Object.values(r.counts).reduce((a, b) => a + b, 0);
  return `${n} step${n === 1 ? '' : 's'}`;
}

export function stepLabel(s: StepReport): string {
  return s.title ? `${s.title}` : s.instanceId;
}

export function attention(r: Report): AttentionItem[] {
  const items: AttentionItem[] = [];
  if (r.end.status === 'aborted')
    items.push({
      level: 'aborted',
      step: '',
      title: 'The run was aborted',
      reason: r.end.reason ?? 'no reason given',
      objects: [],
    });
  const rank = { fail: 0, error: 1, aborted: 0, overridden: 2, unsigned: 3, warn: 3, voided: 4, retried: 5 } as const;
  for (const s of r.steps) {
    for (const c of s.checks) {
      if (c.verdict !== 'fail' && c.verdict !== 'error' && c.verdict !== 'warn') continue;
      const objs = c.findings
        .filter((f) => f.verdict !== 'pass' && f.verdict !== 'not-applicable')
        .map((f) => `${f.object.type} ${f.object.name}: ${f.reason}`);
      items.push({
        level: s.status === 'overridden' && c.verdict !== 'warn' ? 'overridden' : c.verdict,
        step: s.instanceId,
        title: `${c.id} ${c.title}`,
        reason: c.reason,
        objects: objs.length ? objs : c.objects.map((o) => `${o.type} ${o.name}`),
        remediation: c.remediation,
      });
    }
    if (
      (s.status === 'fail' ||
        s.status === 'error' ||
        s.status === 'overridden' ||
        s.status === 'unfinished' ||
        s.status === 'warn') &&
      s.checks.every((c) => c.verdict === 'pass' || c.verdict === 'not-applicable')
    ) {
      // A step that warns on its own (a recorded finding such as a broken envelope seal) is listed like a failed one.
      items.push({
        level: s.status === 'overridden' ? 'overridden' : s.status === 'unfinished' ? 'error' : s.status,
        step: s.instanceId,
        title: stepLabel(s),
        reason: s.error
          ? `${s.error.what}: ${s.error.cause}`
          : s.summary || (s.status === 'unfinished' ? 'the step never finished' : ''),
        objects: [],
        ...(s.error?.todo ? { remediation: s.error.todo } : {}),
        ...(s.error?.requestId ? { requestId: s.error.requestId } : {}),
      });
    }
    if (s.override) {
      const last = items.filter((i) => i.step === s.instanceId);
      for (const i of last) i.reason += ` — overridden by ${s.override.by}: "${s.override.justification}"`;
    }
    if (s.attempts > 1)
      items.push({
        level: 'retried',
        step: s.instanceId,
        title: stepLabel(s) + (roundWords(s.instanceId) ? ` (${roundWords(s.instanceId)})` : ''),
        reason: `needed ${s.attempts} attempts; it ended ${s.status === 'unfinished' ? 'unfinished' : s.status.toUpperCase()}${s.summary ? `: ${s.summary}` : ''}`,
        objects: [],
      });
  }
  for (const v of r.secrets.voided)
    items.push({
      level: 'voided',
      step: v.instanceId,
      title: `Secret ${v.fingerprint} voided`,
      reason: v.reason,
      objects: [],
      remediation:
        'Anything derived from this secret must be redone (for example, re-issue the TAP and register the key again).',
    });
  return items.sort((a, b) => rank[a.level] - rank[b.level]);
}

/** How a report's signer adds a signature later, as a command ready to copy. */
export interface SignHint {
  /** The envelope's path as the reader should type it (default `report.dsse.json`, run from the run folder). */
  envelopePath?: string;
  /** The signer's private key file, when the caller found it (e.g. in the keys folder). */
  keyFile?(role: string, name: string, keyid: string | undefined): string | undefined;
}

/**
 * The report's full attention list: every finding, override, retry and voided secret (attention()),
 * and every required signature that is not on the report, with the exact command that adds it.
 */
export function attentionOf(view: RenderView, hint: SignHint = {}): AttentionItem[] {
  const r = view.statement.predicate;
  const items = attention(r);
  const open = signerLines(view).filter((s) => !s.signed);
  for (const role of missingRoles(view)) {
    const i = open.findIndex((s) => s.role === role);
    const slot = i >= 0 ? open.splice(i, 1)[0] : undefined;
    items.push({
      level: 'unsigned',
      step: '',
      title: `No ${role} signature`,
      reason: slot
        ? `${slot.name} is named as ${role} in the report but has not signed it; until they do, \`breakglass verify\` says INCOMPLETE`
        : `nobody was named as ${role} at the sign-off step, and a signed report cannot change: this report stays incomplete`,
      objects: [],
      ...(slot ? { remediation: signCommand(slot.role, slot.name, slot.keyid, hint) } : {}),
    });
  }
  const rank = { fail: 0, error: 1, aborted: 0, overridden: 2, unsigned: 2, warn: 3, voided: 4, retried: 5 } as const;
  return items.sort((a, b) => rank[a.level] - rank[b.level]);
}

/** `breakglass sign <envelope> --key … --role … --name …` for one open signature. */
export function signCommand(role: string, name: string, keyid: string | undefined, hint: SignHint = {}): string {
  const file = hint.envelopePath ?? 'report.dsse.json';
  const found = hint.keyFile?.(role, name, keyid);
  // Without the file at hand: the name `breakglass keys create` gives it; KEYID stands for the part only its holder knows.
  const key = found ? shellArg(found) : shellArg(`${fileSafe(name)}-${keyid ?? 'KEYID'}.key.pem`);
  return `breakglass sign ${shellArg(file)} --key ${key} --role ${shellArg(role)} --name ${shellArg(name)}`;
}

export function signerLines(
  view: RenderView,
): { role: string; name: string; keyid?: string; signed: boolean; signedOffAt?: string; signedAt?: string }[] {
  const r = view.statement.predicate;
  const bound = new Set(r.signoff.signers.map((s) => s.keyid).filter(Boolean) as string[]);
  const unbound = [...view.signedKeyids].filter((k) => !bound.has(k));
  return slotStatus(r, new Set([...view.signedKeyids].filter((k) => bound.has(k))), unbound).slots.map((s) => ({
    role: s.role,
    name: s.name,
    ...((s.by ?? s.keyid) ? { keyid: (s.by ?? s.keyid)! } : {}),
    signed: s.signed,
    ...(s.signedOffAt ? { signedOffAt: s.signedOffAt } : {}),
    ...(s.signed && s.by && view.signedAt?.[s.by] ? { signedAt: view.signedAt[s.by] } : {}),
  }));
}

export function missingRoles(view: RenderView): string[] {
  const r = view.statement.predicate;
  const bound = new Set(r.signoff.signers.map((s) => s.keyid).filter(Boolean) as string[]);
  return slotStatus(
    r,
    new Set([...view.signedKeyids].filter((k) => bound.has(k))),
    [...view.signedKeyids].filter((k) => !bound.has(k)),
  ).missingRoles;
}

/** The result as a headline: a pass that still lacks a required signature does not read as a plain pass. */
export function headline(view: RenderView): { label: string; complete: boolean } {
  const r = view.statement.predicate;
  const missing = missingRoles(view);
  const label = RESULT_LABEL[r.result];
  if (!missing.length) return { label, complete: r.result.startsWith('passed') };
  return { label: `${label} · NOT SIGNED BY ${[...new Set(missing)].join(', ').toUpperCase()}`, complete: false };
}

export function fmtDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h} h ${m} min` : m ? (sec ? `${m} min ${sec} s` : `${m} min`) : `${sec} s`;
}

/** "2025-03-14 09:12:03 UTC": unambiguous for an auditor in any time zone. */
export function fmtTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
    .replace('Z', ' UTC');
}

export function stepDuration(s: StepReport): number | undefined {
  return s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.startedAt) : undefined;
}

export function fmtValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function measurementText(m: Report['measurements'][number]): string {
  return m.unit === 'ms' && typeof m.value === 'number' ? fmtDuration(m.value) : fmtTime(String(m.value));
}

const MEASURE_LABEL: Record<string, string> = {
  signInAt: 'Test sign-in at',
  ingestedAt: 'Sign-in arrived in the logs at',
  ingestionLatencyMs: 'Log ingestion latency (sign-in → logs)',
  alertAt: 'Alert fired at',
  alertLatencyMs: 'Alert latency (sign-in → alert)',
  alertAfterT0Ms: 'Alert after the drill started (T0 → alert, includes signing in)',
  deliveryLatencyMs: 'Delivery latency (alert → pager)',
};
export function measurementLabel(name: string): string {
  return MEASURE_LABEL[name] ?? name;
}

/** The tenant line without saying PRACTICE twice when the label already does. */
export function tenantMode(r: Report): string {
  const label = r.tenant.label.trim().toUpperCase();
  if (r.practice) return label.startsWith('PRACTICE') ? '' : 'PRACTICE';
  return 'LIVE';
}
