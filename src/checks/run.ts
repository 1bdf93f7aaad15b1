/**
 * runChecks: one fetch plan for all requested checks, then pure evaluation.
 * Used by the `check` step kind (src/steps/) and headless `breakglass check`.
 */
import type { CheckResult } from '../core/events.js';
import type { PermissionSet } from '../core/runbook.js';
import type { RequestEvidence, TenantSession } from '../core/tenant.js';
import type { CheckConfig, CheckDefinition } from '../core/check.js';
import { fetchSnapshot } from './fetch-plan.js';
import type { FetchStats } from './fetch-stats.js';
import { permissionsForReads } from './reads.js';
import type { TenantSnapshot } from './snapshot.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export class UnknownCheckError extends BreakglassError {
  constructor(
    public readonly ids: string[],
    known: readonly string[],
  ) {
    super(`unknown check id(s): ${ids.join(', ')} — known: ${known.join(', ')}`, { exitCode: EXIT.USAGE });
  }
}

/** The checks of `catalog` (the catalogue's list, e.g. BUILT_IN_CHECKS) that `ids` names. */
export function resolveChecks(
  catalog: readonly CheckDefinition[],
  ids: string[] | 'all',
): CheckDefinition<TenantSnapshot>[] {
  if (ids === 'all') return [...catalog];
  const byId = new Map(catalog.map((c) => [c.id, c]));
  const norm = ids.map((i) => i.trim().toUpperCase());
  const unknown = norm.filter((i) => !byId.has(i));
  if (unknown.length) throw new UnknownCheckError(unknown, [...byId.keys()]);
  return [...new Set(norm)].map((i) => byId.get(i)!);
}

/** Least-privilege permissions the checks need (union), for runbook permission derivation. */
export function permissionsFor(catalog: readonly CheckDefinition[], ids: string[] | 'all'): PermissionSet {
  return permissionsForReads([...new Set(resolveChecks(catalog, ids).flatMap((c) => c.reads))]);
}

/** Evaluates checks over a snapshot; a check that throws is `error` (a bug must not read as pass). */
export function evaluateChecks(
  defs: CheckDefinition<TenantSnapshot>[],
  snap: TenantSnapshot,
  config: CheckConfig,
): CheckResult[] {
  return defs.map((def) => {
    const evidence = evidenceFor(def, snap);
    try {
      return { ...def.evaluate(snap, config), evidence };
    } catch (e) {
      return {
        id: def.id,
        title: def.title,
        severity: def.severity,
        verdict: 'error',
        reason: `the check failed internally: ${(e as Error)?.message ?? String(e)}`,
        objects: [],
        findings: [],
        remediation: 'Report this as a bug in breakglass.',
        source: def.source,
        evidence,
      } satisfies CheckResult;
    }
  });
}

function evidenceFor(def: CheckDefinition<TenantSnapshot>, snap: TenantSnapshot): RequestEvidence[] {
  const out: RequestEvidence[] = [];
  for (const [key, ev] of Object.entries(snap.evidence)) {
    const base = key.split(':')[0]!;
    if (def.reads.includes(base)) out.push(...ev);
  }
  return out;
}

export interface CheckRun {
  results: CheckResult[];
  snapshot: TenantSnapshot;
  stats: FetchStats;
}

export async function runChecksDetailed(
  catalog: readonly CheckDefinition[],
  tenant: TenantSession,
  ids: string[] | 'all',
  config: CheckConfig,
): Promise<CheckRun> {
  const defs = resolveChecks(catalog, ids);
  const { snapshot, stats } = await fetchSnapshot(tenant, new Set(defs.flatMap((d) => d.reads)), config);
  return { results: evaluateChecks(defs, snapshot, config), snapshot, stats };
}

export async function runChecks(
  catalog: readonly CheckDefinition[],
  tenant: TenantSession,
  ids: string[] | 'all',
  config: CheckConfig,
): Promise<CheckResult[]> {
  return (await runChecksDetailed(catalog, tenant, ids, config)).results;
}
