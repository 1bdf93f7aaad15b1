/** Small helpers every check uses to build its result the same way. */
import type { CheckResult, ObjectRef } from '../core/events.js';
import type { CheckVerdict } from '../core/runbook.js';
import type { CheckConfig, CheckDefinition, Read } from '../core/check.js';
import type { AccountSnapshot, TenantSnapshot, User } from './snapshot.js';

export type Finding = CheckResult['findings'][number];
export type Evaluated = Omit<CheckResult, 'evidence'>;

const RANK: Record<CheckVerdict, number> = { 'not-applicable': 0, pass: 1, warn: 2, fail: 3, error: 4 };

/** Error wins over fail (the check is incomplete), fail over warn, warn over pass. */
export function worst(verdicts: Iterable<CheckVerdict>, empty: CheckVerdict = 'pass'): CheckVerdict {
  let w: CheckVerdict | undefined;
  for (const v of verdicts) if (w === undefined || RANK[v] > RANK[w]) w = v;
  return w ?? empty;
}

export function readError(r: Read<unknown> & { ok: false }): string {
  return r.requestId && !r.error.includes(r.requestId) ? `${r.error} (request-id ${r.requestId})` : r.error;
}

export const acctRef = (a: AccountSnapshot, u?: User | null): ObjectRef => ({
  type: 'user',
  ...(u?.id ? { id: u.id } : {}),
  name: u?.userPrincipalName ?? a.upn,
});

export function finding(object: ObjectRef, verdict: CheckVerdict, reason: string): Finding {
  return { object, verdict, reason };
}

/**
 * Builds the result: verdict = worst finding unless given; reason = given,
 * or the non-passing findings summarised.
 */
export function result(
  def: Pick<CheckDefinition, 'id' | 'title' | 'severity' | 'source'>,
  r: {
    verdict?: CheckVerdict;
    reason?: string;
    findings?: Finding[];
    objects?: ObjectRef[];
    remediation: string;
    passReason?: string;
  },
): Evaluated {
  const findings = r.findings ?? [];
  const verdict = r.verdict ?? worst(findings.map((f) => f.verdict));
  const objects = r.objects ?? dedupe(findings.map((f) => f.object));
  let reason = r.reason;
  if (!reason) {
    const bad = findings.filter((f) => f.verdict === verdict && verdict !== 'pass' && verdict !== 'not-applicable');
    if (bad.length > 0) {
      const shown = bad.slice(0, 3).map((f) => `${f.object.name}: ${f.reason}`);
      reason = shown.join('; ') + (bad.length > 3 ? `; and ${bad.length - 3} more` : '');
    } else reason = r.passReason ?? 'all good';
  }
  return {
    id: def.id,
    title: def.title,
    severity: def.severity,
    verdict,
    reason,
    objects,
    findings,
    remediation: r.remediation,
    source: def.source,
  };
}

function dedupe(objs: ObjectRef[]): ObjectRef[] {
  const seen = new Set<string>();
  return objs.filter((o) => {
    const k = `${o.type}|${o.id ?? ''}|${o.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A check that cannot run at all (no accounts declared, a tenant-wide read failed). */
export function errorResult(
  def: Pick<CheckDefinition, 'id' | 'title' | 'severity' | 'source'>,
  reason: string,
  remediation: string,
): Evaluated {
  return result(def, { verdict: 'error', reason, findings: [], objects: [], remediation });
}

export function notApplicable(
  def: Pick<CheckDefinition, 'id' | 'title' | 'severity' | 'source'>,
  reason: string,
  remediation = 'Nothing to do.',
): Evaluated {
  return result(def, { verdict: 'not-applicable', reason, findings: [], objects: [], remediation });
}

export const NO_ACCOUNTS =
  'no break-glass accounts declared — pass --accounts a@x.onmicrosoft.com,b@x.onmicrosoft.com or set "accounts" in the config';

/**
 * Runs `each` for every declared account whose user object was read and
 * exists; unreadable accounts become `error` findings, missing ones `fail`.
 */
export function perAccount(
  snap: TenantSnapshot,
  each: (a: AccountSnapshot, user: User) => Finding | Finding[],
): Finding[] {
  const out: Finding[] = [];
  for (const a of snap.accounts) {
    if (!a.user.ok) {
      out.push(finding(acctRef(a), 'error', `could not read the account: ${readError(a.user)}`));
      continue;
    }
    if (a.user.value === null) {
      out.push(finding(acctRef(a), 'fail', 'no such user in the tenant'));
      continue;
    }
    const f = each(a, a.user.value);
    out.push(...(Array.isArray(f) ? f : [f]));
  }
  return out;
}

export function nowOf(config: CheckConfig): Date {
  return config.now ?? new Date();
}

export function daysSince(iso: string, now: Date): number {
  return (now.getTime() - Date.parse(iso)) / 86_400_000;
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}
