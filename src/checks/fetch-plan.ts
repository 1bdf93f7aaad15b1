/**
 * ONE fetch plan for every check of a run.
 *
 * Each check declares the read keys it needs (./reads.ts). The plan fetches
 * the union, each Graph object once, with `$select` to the fields the checks
 * use, packing independent reads into `graph.batch` calls (≤ 20 per $batch,
 * packed by the connection layer) in dependency waves:
 *
 *   wave 1  organization, Security Defaults, CA policies, methods policy,
 *           GA assignments/instances/eligibility, access reviews, the
 *           declared accounts by UPN, the exclusion group (by id or name)
 *           — ARM reads (diagnostic settings, alert rules) run alongside
 *   wave 2  per account: methods, FIDO2 keys, TAPs, memberOf,
 *           transitiveMemberOf, app roles, sign-in activity; group members;
 *           What-If (beta POST, not batchable with v1.0) in parallel;
 *           plus the next pages of any wave-1 collection
 *   wave n  next pages only (@odata.nextLink), all collections together
 *   then    the members of a group holding Global Administrator (only
 *           when one does), and roles scoped to restricted units
 *
 * So the number of sequential round trips is the dependency depth (2) plus
 * extra pages of the longest collection — not the number of checks.
 *
 * Every read ends as Read<T>: a failed request (403, 5xx after retries,
 * transport error) becomes { ok: false, error, requestId } and each
 * dependent check reports `error`. Evidence is recorded per read.
 *
 * The reads themselves live one file per group: ./fetch-tenant-reads.ts, ./fetch-account-reads.ts,
 * ./fetch-group-reads.ts, ./fetch-ga-principal-reads.ts, ./fetch-what-if.ts (Graph, sent by ./graph-waves.ts), ./fetch-arm.ts (ARM),
 * and the readers that start from their results (./fetch-probes.ts, ./fetch-bg-app.ts,
 * ./fetch-unit-roles.ts, ./fetch-log-arrivals.ts).
 */
import type { CheckConfig } from '../core/check.js';
import type { RequestEvidence, TenantSession } from '../core/tenant.js';
import { READS, closeOverDependencies, type ReadKey } from './reads.js';
import { fetchProbes, probeRules } from './fetch-probes.js';
import { fetchBreakGlassApp, fetchBreakGlassAppLogs } from './fetch-bg-app.js';
import { fetchBreakGlassAppAzure } from './fetch-bg-app-azure.js';
import { SP_SIGNIN_TABLE } from './app-alert-probe.js';
import { fetchUnitRoles } from './fetch-unit-roles.js';
import { fetchArm } from './fetch-arm.js';
import { tenantReads } from './fetch-tenant-reads.js';
import { accountReads, userReads } from './fetch-account-reads.js';
import { groupDependentReads, groupLookups } from './fetch-group-reads.js';
import { whatIfReads } from './fetch-what-if.js';
import { gaGroupMemberReads, gaPrincipalReads } from './fetch-ga-principal-reads.js';
import { runGraphWaves, type PendingRead, type ReadPlan } from './graph-waves.js';
import type { FetchStats } from './fetch-stats.js';
import { emptyAccount, emptySnapshot, wasNotRead, type TenantSnapshot } from './snapshot.js';

export interface FetchResult {
  snapshot: TenantSnapshot;
  stats: FetchStats;
}

export async function fetchSnapshot(
  tenant: TenantSession,
  readKeys: Iterable<string>,
  config: CheckConfig,
): Promise<FetchResult> {
  const keys = closeOverDependencies(readKeys);
  const snap = emptySnapshot();
  const stats: FetchStats = {
    graphItems: 0,
    batchCalls: 0,
    batchEnvelopes: 0,
    singleRequests: 0,
    waves: 0,
    dependencyDepth: 0,
  };
  const has = (k: ReadKey): boolean => keys.has(k);
  const evidence = (key: string, e: RequestEvidence): void => {
    (snap.evidence[key] ??= []).push(e);
  };
  const upns = [...new Set(config.accounts.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  snap.accounts = upns.map((u) => emptyAccount(u));
  const plan: ReadPlan = { snap, config, has };

  stats.dependencyDepth = [...keys].some((k) => READS[k].dependsOn.length > 0) ? 2 : keys.size > 0 ? 1 : 0;

  // ---- wave 1: nothing depends on another read --------------------------
  const wave1 = [...tenantReads(plan), ...userReads(plan), ...groupLookups(plan)];

  // ---- ARM reads (no $batch; run alongside wave 1) -------------------
  const armReads = fetchArm(tenant, keys, config, snap, stats, evidence);

  // ---- the declared break-glass app (BG-023/BG-024), alongside the waves; nothing when none is declared
  const single = (): void => void stats.singleRequests++;
  const bgApp: Promise<void> =
    has('bgApp') && config.breakGlassApp?.trim()
      ? fetchBreakGlassApp(tenant, snap, config, evidence, single).then(async () => {
          const azure = has('bgAppAzure')
            ? fetchBreakGlassAppAzure(tenant, snap, config, evidence, single)
            : Promise.resolve();
          if (has('bgAppProbes')) {
            await armReads;
            await fetchBreakGlassAppLogs(tenant, snap, config, probeRules(snap, [SP_SIGNIN_TABLE]), evidence, single);
          }
          await azure;
        })
      : Promise.resolve();

  // ---- the Graph waves ---------------------------------------------------
  // BG-012's probes need the accounts (wave 1) and the rules (ARM): they start as soon as
  // both are known and run alongside wave 2 (Log Analytics, not Graph: not a Graph wave).
  let probes: Promise<void> = Promise.resolve();
  const wave2 = (): PendingRead[] => {
    if (has('alertProbes'))
      probes = armReads.then(async () => {
        snap.alertProbes = await fetchProbes(tenant, snap, evidence, () => void stats.singleRequests++);
      });
    // Wave 2, after users and groups are known.
    return [...accountReads(plan), ...whatIfReads(plan), ...groupDependentReads(plan), ...gaPrincipalReads(plan)];
  };
  await runGraphWaves(tenant, wave1, wave2, stats, evidence);
  // The members of a group that holds Global Administrator need the principals (wave 2): one more round
  // trip, only when such a group exists; two when a role list paged and the principals waited for it
  // (./fetch-ga-principal-reads.ts).
  if (has('gaPrincipals'))
    await (wasNotRead(snap.gaPrincipals)
      ? runGraphWaves(tenant, gaPrincipalReads(plan), () => gaGroupMemberReads(snap), stats, evidence)
      : runGraphWaves(tenant, gaGroupMemberReads(snap), () => [], stats, evidence));
  // Roles scoped to restricted management units need the units (wave 2): one more round trip, only when
  // the group or an account is in such a unit.
  if (has('unitRoles')) await fetchUnitRoles(tenant, snap, stats, evidence);
  await armReads;
  await probes;
  await bgApp;
  return { snapshot: snap, stats };
}
