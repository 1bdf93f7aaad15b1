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
 *
 * So the number of sequential round trips is the dependency depth (2) plus
 * extra pages of the longest collection — not the number of checks.
 *
 * Every read ends as Read<T>: a failed request (403, 5xx after retries,
 * transport error) becomes { ok: false, error, requestId } and each
 * dependent check reports `error`. Evidence is recorded per read.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   raw Graph / ARM reads are stored into typed snapshot fields by name; typing each read is open work (see docs/architecture.md). */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { GraphRequest, GraphResponse, RequestEvidence, TenantSession } from '../core/tenant.js';
import { graphBody, type BodyOf, type GraphBody } from '../core/graph-types.js';
import type { CheckConfig, Read } from '../core/check.js';
import { READS, closeOverDependencies, type ReadKey } from './reads.js';
import { fetchProbes, probeRules } from './fetch-probes.js';
import { fetchBreakGlassApp, fetchBreakGlassAppLogs } from './fetch-bg-app.js';
import { SP_SIGNIN_TABLE } from './app-alert-probe.js';
import { fetchLogArrivals } from './fetch-log-arrivals.js';
import { fetchUnitRoles } from './fetch-unit-roles.js';
import type { FetchStats } from './fetch-stats.js';
import { describeFailure, licenceError } from './read-failure.js';
import { requestEvidence as ev } from './evidence.js';
import {
  GLOBAL_ADMIN_ROLE,
  emptyAccount,
  emptySnapshot,
  failed,
  ok,
  type AccountSnapshot,
  type Group,
  type TenantSnapshot,
} from './snapshot.js';

export interface FetchResult {
  snapshot: TenantSnapshot;
  stats: FetchStats;
}

const USER_SELECT =
  'id,userPrincipalName,displayName,accountEnabled,userType,onPremisesSyncEnabled,onPremisesImmutableId,lastPasswordChangeDateTime,assignedLicenses,passwordPolicies';
const GROUP_SELECT = 'id,displayName,groupTypes,securityEnabled,mailEnabled,isAssignableToRole,membershipRule';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Admin portals for What-If, as appId values: applicationContext.includeApplications is a
 * "Collection of appId values" (https://learn.microsoft.com/en-us/graph/api/resources/applicationcontext?view=graph-rest-1.0),
 * so the CA keyword MicrosoftAdminPortals is not one.
 *  - c44b4083-3bb0-49c1-b47d-974e53cbdf3c: Azure portal, also the Microsoft Entra and Intune admin centers
 *    (https://learn.microsoft.com/en-us/entra/identity/authentication/concept-mandatory-multifactor-authentication#applications);
 *    one of the Microsoft Admin Portals (https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-conditional-access-cloud-apps#microsoft-admin-portals).
 *  - 797f4846-ba00-4fd7-ba43-dac1f8f63013: Windows Azure Service Management API (Azure Resource Manager), the
 *    resourceId Graph's sign-in log shows for it (https://learn.microsoft.com/en-us/graph/api/signin-list?view=graph-rest-1.0).
 */
export const WHAT_IF_APPS = ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c', '797f4846-ba00-4fd7-ba43-dac1f8f63013'];

/**
 * POST /identity/conditionalAccess/evaluate (v1.0: the action is in the v1.0 metadata). signInIdentity,
 * signInContext and signInConditions are each "Required"
 * (https://learn.microsoft.com/en-us/graph/api/conditionalaccessroot-evaluate?view=graph-rest-1.0#request-body):
 * an ordinary browser sign-in with no sign-in or user risk — the conditions a break-glass sign-in meets.
 */
export function whatIfBody(userId: string, appId: string): GraphBody {
  return graphBody<ConditionalAccessEvaluateBody>({
    signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId },
    signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: [appId] },
    signInConditions: { clientAppType: 'browser', signInRiskLevel: 'none', userRiskLevel: 'none' },
    appliedPoliciesOnly: true,
  });
}

/**
 * The evaluate action's parameters (Graph v1.0 CSDL: conditionalAccessRoot/evaluate). Microsoft's types
 * generate entity and complex types, not action parameters: the parameter names are the documented ones,
 * each parameter's value is typed by the derived type the body names in its @odata.type.
 */
export interface ConditionalAccessEvaluateBody {
  signInIdentity: BodyOf<Graph.UserSignIn>;
  signInContext: BodyOf<Graph.ApplicationContext>;
  signInConditions: Graph.SignInConditions;
  appliedPoliciesOnly: boolean;
}

const q = (s: string): string => encodeURIComponent(s);
const filterGa = `$filter=${q(`roleDefinitionId eq '${GLOBAL_ADMIN_ROLE}'`)}`;

interface Pending {
  evidenceKey: string;
  req: GraphRequest;
  /** 'object': body is the value; 'collection': body.value[], follow nextLink. */
  shape: 'object' | 'collection';
  /** 404 means "does not exist" (value null), not an error. */
  notFoundIsNull?: boolean;
  /** Keep only the first page (recent sign-ins: the newest 50 are enough). */
  firstPageOnly?: boolean;
  /** Accumulated items across pages. */
  items?: unknown[];
  assign(r: Read<any>): void;
}

function requestIdOf(r: GraphResponse): string | undefined {
  if (r.requestId) return r.requestId;
  const inner = (r.body as { error?: { innerError?: { 'request-id'?: string } } } | undefined)?.error?.innerError;
  return inner?.['request-id'] ?? r.headers?.['request-id'];
}

/** '/v1.0/users?$skiptoken=x' or 'https://graph…/v1.0/users?…' → '/users?…' relative to the version root. */
export function relativeNextLink(link: string): string {
  const u = new URL(link, 'https://graph.invalid');
  const path = u.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '');
  return path + u.search;
}

function errMessage(e: unknown): { error: string; requestId?: string } {
  const x = e as { message?: string; requestId?: string; explanation?: { requestId?: string } };
  const requestId = x?.requestId ?? x?.explanation?.requestId;
  return { error: String(x?.message ?? e), ...(requestId ? { requestId } : {}) };
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

  stats.dependencyDepth = [...keys].some((k) => READS[k].dependsOn.length > 0) ? 2 : keys.size > 0 ? 1 : 0;

  // ---- wave 1 requests ------------------------------------------------
  const wave1: Pending[] = [];
  const top = <K extends keyof TenantSnapshot>(
    key: ReadKey,
    field: K,
    path: string,
    shape: Pending['shape'],
    notFoundIsNull = false,
  ): void => {
    if (!has(key)) return;
    wave1.push({
      evidenceKey: key,
      req: { method: 'GET', path },
      shape,
      notFoundIsNull,
      assign: (r) => {
        (snap as any)[field] = r;
      },
    });
  };
  if (has('organization'))
    wave1.push({
      evidenceKey: 'organization',
      req: { method: 'GET', path: '/organization?$select=id,displayName,verifiedDomains,assignedPlans' },
      shape: 'collection',
      assign: (r: Read<unknown[]>) => {
        snap.organization = !r.ok
          ? r
          : r.value[0]
            ? ok(r.value[0] as any)
            : failed('the tenant returned no organization object');
      },
    });
  top(
    'securityDefaults',
    'securityDefaults',
    '/policies/identitySecurityDefaultsEnforcementPolicy?$select=id,isEnabled',
    'object',
  );
  // $top: list policies supports it (https://learn.microsoft.com/en-us/graph/api/conditionalaccessroot-list-policies?view=graph-rest-1.0#optional-query-parameters)
  // but documents no maximum; 999 is the largest page Graph documents for directory collections
  // (https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0#optional-query-parameters). Without it a
  // tenant with more policies than the default page costs one more sequential round trip per page; a tenant's policy
  // count is capped well below 999 (https://learn.microsoft.com/en-us/entra/identity/conditional-access/plan-conditional-access),
  // so one page holds them. Graph may still answer a smaller page (https://learn.microsoft.com/en-us/graph/paging):
  // @odata.nextLink is followed as before.
  top(
    'caPolicies',
    'caPolicies',
    '/identity/conditionalAccess/policies?$top=999&$select=id,displayName,state,conditions,grantControls,sessionControls',
    'collection',
  );
  top('authMethodsPolicy', 'authMethodsPolicy', '/policies/authenticationMethodsPolicy', 'object');
  if (has('emergencyAppSp')) {
    const appId = config.emergencyApp?.trim() ?? '';
    if (!/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(appId)) snap.emergencyAppSp = ok(null);
    else
      wave1.push({
        evidenceKey: 'emergencyAppSp',
        req: { method: 'GET', path: `/servicePrincipals?$filter=appId eq '${appId}'&$select=id,appId,displayName` },
        shape: 'collection',
        assign: (r: Read<unknown[]>) => {
          snap.emergencyAppSp = r.ok ? ok((r.value[0] as any) ?? null) : r;
        },
      });
  }
  top(
    'roleAssignments.ga',
    'roleAssignments',
    `/roleManagement/directory/roleAssignments?${filterGa}&$select=id,principalId,roleDefinitionId,directoryScopeId`,
    'collection',
  );
  top(
    'roleInstances.ga',
    'roleInstances',
    `/roleManagement/directory/roleAssignmentScheduleInstances?${filterGa}&$select=id,principalId,roleDefinitionId,assignmentType,memberType,startDateTime,endDateTime`,
    'collection',
  );
  top(
    'roleEligibility.ga',
    'roleEligibility',
    `/roleManagement/directory/roleEligibilitySchedules?${filterGa}&$select=id,principalId,roleDefinitionId,status,memberType,scheduleInfo`,
    'collection',
  );
  top(
    'accessReviews',
    'accessReviews',
    '/identityGovernance/accessReviews/definitions?$select=id,displayName,status,scope,instanceEnumerationScope,settings',
    'collection',
  );

  if (has('users')) {
    for (const a of snap.accounts) {
      wave1.push({
        evidenceKey: `users:${a.upn}`,
        req: { method: 'GET', path: `/users/${q(a.upn)}?$select=${USER_SELECT}` },
        shape: 'object',
        notFoundIsNull: true,
        assign: (r) => {
          a.user = r;
        },
      });
    }
  }
  /** A group declared by object id or display name, read in wave 1: null when none has it. */
  const lookupGroup = (
    key: 'group' | 'emergencyGroup',
    declared: string | undefined,
    missing: string,
    flag: string,
    assign: (r: Read<Group | null>) => void,
  ): void => {
    const g = declared?.trim();
    if (!g) assign(failed(missing));
    else if (GUID.test(g)) {
      wave1.push({
        evidenceKey: key,
        req: { method: 'GET', path: `/groups/${g}?$select=${GROUP_SELECT}` },
        shape: 'object',
        notFoundIsNull: true,
        assign: (r) => assign(r),
      });
    } else {
      wave1.push({
        evidenceKey: key,
        req: {
          method: 'GET',
          path: `/groups?$filter=${q(`displayName eq '${g.replace(/'/g, "''")}'`)}&$select=${GROUP_SELECT}`,
        },
        shape: 'collection',
        assign: (r: Read<unknown[]>) => {
          if (!r.ok) assign(r);
          else if (r.value.length === 0) assign(ok(null));
          else if (r.value.length > 1)
            assign(failed(`${r.value.length} groups are named "${g}" — pass the group's object id with ${flag}`));
          else assign(ok(r.value[0] as Group));
        },
      });
    }
  };
  if (has('group'))
    lookupGroup(
      'group',
      config.group,
      'no exclusion group declared — pass --group <object id or name> or set "group" in the config',
      '--group',
      (r) => {
        snap.group = r;
      },
    );
  // The layered door's group is declared only where that door exists: otherwise BG-025 is not applicable.
  if (has('emergencyGroup') && config.emergencyGroup?.trim())
    lookupGroup('emergencyGroup', config.emergencyGroup, '', '"emergencyGroup"', (r) => {
      snap.emergencyGroup = r;
    });

  // ---- wave 2 (after users/group are known) ---------------------------
  const wave2 = (): Pending[] => {
    const out: Pending[] = [];
    const perAccount = (
      key: ReadKey,
      field: keyof AccountSnapshot,
      sub: (id: string) => string,
      shape: Pending['shape'],
    ): void => {
      if (!has(key)) return;
      for (const a of snap.accounts) {
        if (!a.user.ok) {
          (a as any)[field] = failed(
            `could not read user ${a.upn}, so its ${key} could not be read: ${a.user.error}`,
            a.user.requestId,
          );
          continue;
        }
        if (a.user.value === null) continue; // no such user: checks report "not found"
        const id = a.user.value.id;
        out.push({
          evidenceKey: `${key}:${a.upn}`,
          req: { method: 'GET', path: sub(id) },
          shape,
          notFoundIsNull: key === 'signInActivity',
          assign: (r) => {
            if (key === 'signInActivity' && r.ok && r.value)
              r = ok((r.value as { signInActivity?: unknown }).signInActivity ?? null);
            (a as any)[field] = r;
          },
        });
      }
    };
    perAccount('signInActivity', 'signInActivity', (id) => `/users/${id}?$select=id,signInActivity`, 'object');
    perAccount('methods', 'methods', (id) => `/users/${id}/authentication/methods`, 'collection');
    perAccount(
      'fido2Methods',
      'fido2Methods',
      (id) =>
        `/users/${id}/authentication/fido2Methods?$select=id,displayName,aaGuid,model,attestationLevel,createdDateTime,passkeyType`,
      'collection',
    );
    perAccount(
      'tapMethods',
      'tapMethods',
      (id) => `/users/${id}/authentication/temporaryAccessPassMethods`,
      'collection',
    );
    perAccount(
      'memberOf',
      'memberOf',
      (id) => `/users/${id}/memberOf?$select=id,displayName,isMemberManagementRestricted`,
      'collection',
    );
    perAccount(
      'transitiveMemberOf',
      'transitiveMemberOf',
      (id) => `/users/${id}/transitiveMemberOf?$select=id,displayName`,
      'collection',
    );
    perAccount('ownedObjects', 'ownedObjects', (id) => `/users/${id}/ownedObjects`, 'collection');
    perAccount(
      'appRoleAssignments',
      'appRoleAssignments',
      (id) => `/users/${id}/appRoleAssignments?$select=id,appRoleId,resourceId,resourceDisplayName`,
      'collection',
    );
    // Sign-in log entries, newest first. Beta on purpose: authenticationDetails (which method was used) is a beta-only
    // signIn property; the v1.0 metadata has none (https://learn.microsoft.com/en-us/graph/api/resources/signin?view=graph-rest-beta).
    if (has('signIns'))
      for (const a of snap.accounts) {
        if (!a.user.ok || a.user.value === null) continue;
        out.push({
          evidenceKey: `signIns:${a.upn}`,
          req: {
            method: 'GET',
            version: 'beta',
            path: `/auditLogs/signIns?$filter=${q(`userId eq '${a.user.value.id}'`)}&$top=50&$select=id,createdDateTime,status,authenticationDetails,appDisplayName`,
          },
          shape: 'collection',
          firstPageOnly: true,
          assign: (r) => {
            a.signIns = r;
          },
        });
      }
    // What-If (optional): Microsoft's own CA evaluation, once per admin
    // portal app (one application per evaluation keeps the answer unambiguous).
    if (has('whatIf') && config.whatIf)
      for (const a of snap.accounts) {
        if (!a.user.ok || a.user.value === null) continue;
        const parts: Read<any[]>[] = [];
        for (const app of WHAT_IF_APPS)
          out.push({
            evidenceKey: `whatIf:${a.upn}`,
            req: {
              method: 'POST',
              path: '/identity/conditionalAccess/evaluate',
              body: whatIfBody(a.user.value.id, app),
              // What-If evaluates; it changes nothing, so a 5xx or a reset may be retried.
              readOnly: true,
            },
            shape: 'collection',
            firstPageOnly: true,
            assign: (r) => {
              parts.push(r);
              if (parts.length < WHAT_IF_APPS.length) return;
              const bad = parts.find((p) => !p.ok);
              if (bad && !bad.ok) a.whatIf = failed(`What-If evaluation failed: ${bad.error}`, bad.requestId);
              else {
                // Union by policy id: applies if it applies at any admin portal.
                const byId = new Map<string, any>();
                for (const p of parts)
                  if (p.ok)
                    for (const pol of p.value) if (!byId.has(pol.id) || pol.policyApplies) byId.set(pol.id, pol);
                a.whatIf = ok([...byId.values()]);
              }
            },
          });
      }
    if (has('groupOwners')) {
      if (!snap.group.ok)
        snap.groupOwners = failed(`group owners depend on the group: ${snap.group.error}`, snap.group.requestId);
      else if (snap.group.value === null) snap.groupOwners = ok([]);
      else
        out.push({
          evidenceKey: 'groupOwners',
          req: { method: 'GET', path: `/groups/${snap.group.value.id}/owners` },
          shape: 'collection',
          assign: (r) => {
            snap.groupOwners = r;
          },
        });
    }
    if (has('emergencyGroupMembers') && config.emergencyGroup?.trim()) {
      if (!snap.emergencyGroup.ok)
        snap.emergencyGroupMembers = failed(
          `the group's members depend on the group: ${snap.emergencyGroup.error}`,
          snap.emergencyGroup.requestId,
        );
      else if (snap.emergencyGroup.value === null) snap.emergencyGroupMembers = ok([]);
      else
        out.push({
          evidenceKey: 'emergencyGroupMembers',
          req: {
            method: 'GET',
            path: `/groups/${snap.emergencyGroup.value.id}/members?$select=id,displayName,userPrincipalName`,
          },
          shape: 'collection',
          assign: (r) => {
            snap.emergencyGroupMembers = r;
          },
        });
    }
    if (has('groupUnits')) {
      if (!snap.group.ok)
        snap.groupUnits = failed(`group memberships depend on the group: ${snap.group.error}`, snap.group.requestId);
      else if (snap.group.value === null) snap.groupUnits = ok([]);
      else
        out.push({
          evidenceKey: 'groupUnits',
          req: {
            method: 'GET',
            path: `/groups/${snap.group.value.id}/memberOf?$select=id,displayName,isMemberManagementRestricted`,
          },
          shape: 'collection',
          assign: (r) => {
            snap.groupUnits = r;
          },
        });
    }
    if (has('groupMembers')) {
      if (!snap.group.ok)
        snap.groupMembers = failed(`group members depend on the group: ${snap.group.error}`, snap.group.requestId);
      else if (snap.group.value === null) snap.groupMembers = ok([]);
      else
        out.push({
          evidenceKey: 'groupMembers',
          req: {
            method: 'GET',
            path: `/groups/${snap.group.value.id}/members?$select=id,displayName,userPrincipalName`,
          },
          shape: 'collection',
          assign: (r) => {
            snap.groupMembers = r;
          },
        });
    }
    return out;
  };

  // ---- ARM reads (no $batch; run alongside wave 1) -------------------
  const armReads = fetchArm(tenant, keys, config, snap, stats, evidence);

  // ---- the declared break-glass app (BG-023/BG-024), alongside the waves; nothing when none is declared
  const single = (): void => void stats.singleRequests++;
  const bgApp: Promise<void> =
    has('bgApp') && config.breakGlassApp?.trim()
      ? fetchBreakGlassApp(tenant, snap, config, evidence, single).then(async () => {
          if (!has('bgAppProbes')) return;
          await armReads;
          await fetchBreakGlassAppLogs(tenant, snap, config, probeRules(snap, [SP_SIGNIN_TABLE]), evidence, single);
        })
      : Promise.resolve();

  // ---- the wave loop ---------------------------------------------------
  // Each wave's requests go out as parallel graph.batch calls of ≤ 20 per
  // version root (the connection layer sends the chunks of one call one
  // after another, so we split first to keep one round trip per wave).
  // BG-012's probes need the accounts (wave 1) and the rules (ARM): they start as soon as
  // both are known and run alongside wave 2 (Log Analytics, not Graph: not a Graph wave).
  let probes: Promise<void> = Promise.resolve();
  const startProbes = (): void => {
    if (has('alertProbes'))
      probes = armReads.then(async () => {
        snap.alertProbes = await fetchProbes(tenant, snap, evidence, () => void stats.singleRequests++);
      });
  };
  let queue = wave1;
  let wave2Queued = false;
  for (;;) {
    if (!wave2Queued && queue.length === 0) {
      wave2Queued = true;
      startProbes();
      queue = wave2();
    }
    if (queue.length === 0) break;
    stats.waves++;
    stats.graphItems += queue.length;
    const chunks: Pending[][] = [];
    for (const version of ['v1.0', 'beta']) {
      const mine = queue.filter((p) => (p.req.version ?? 'v1.0') === version);
      for (let i = 0; i < mine.length; i += 20) chunks.push(mine.slice(i, i + 20));
    }
    stats.batchCalls += chunks.length;
    stats.batchEnvelopes += chunks.length;
    const t0 = Date.now();
    const answered = await Promise.all(
      chunks.map(async (chunk) => {
        try {
          return await tenant.graph.batch(chunk.map((p) => p.req));
        } catch (e) {
          const m = errMessage(e);
          return chunk.map((): GraphResponse => ({
            status: 0,
            body: { error: { code: 'requestFailed', message: m.error } },
            ...(m.requestId ? { requestId: m.requestId } : {}),
          }));
        }
      }),
    );
    const ms = Date.now() - t0;
    const next: Pending[] = [];
    chunks.forEach((chunk, c) =>
      chunk.forEach((p, i) => {
        const r = answered[c]![i] ?? {
          status: 0,
          body: { error: { code: 'missingResponse', message: 'the $batch answer had no response for this request' } },
        };
        const requestId = requestIdOf(r);
        evidence(p.evidenceKey, {
          ...ev('graph', p.req.method, `/${p.req.version ?? 'v1.0'}${p.req.path}`, r.status, ms, requestId),
          viaBatch: true,
          ...(r.batchRequestId ? { batchRequestId: r.batchRequestId } : {}),
        });
        const readKey = p.evidenceKey.split(':')[0] as ReadKey;
        if (r.status >= 200 && r.status < 300) {
          if (p.shape === 'object') return p.assign(ok(r.body));
          const body = (r.body ?? {}) as { value?: unknown[]; '@odata.nextLink'?: string };
          if (!Array.isArray(body.value))
            return p.assign(failed(`${r.status}: the answer had no "value" list`, requestId));
          p.items = [...(p.items ?? []), ...body.value];
          const link = body['@odata.nextLink'];
          if (link && !p.firstPageOnly)
            next.push({
              ...p,
              req: {
                method: 'GET',
                ...(p.req.version ? { version: p.req.version } : {}),
                path: relativeNextLink(link),
              },
            });
          else p.assign(ok(p.items));
          return;
        }
        if (r.status === 404 && p.notFoundIsNull) return p.assign(ok(null));
        p.assign(
          failed(
            describeFailure(r.status, r.body, readKey),
            requestId,
            licenceError(r.status, r.body) ? READS[readKey]?.licence : undefined,
          ),
        );
      }),
    );
    // Wave 2 goes out together with any next pages of wave 1 (they are independent).
    if (!wave2Queued) {
      wave2Queued = true;
      startProbes();
      next.push(...wave2());
    }
    queue = next;
  }
  // Roles scoped to restricted management units need the units (wave 2): one more round trip, only when
  // the group or an account is in such a unit.
  if (has('unitRoles')) await fetchUnitRoles(tenant, snap, stats, evidence);
  await armReads;
  await probes;
  await bgApp;
  return { snapshot: snap, stats };
}

/** Subscription id from a workspace resource id. */
export function subscriptionOf(resourceId: string): string | undefined {
  return /^\/subscriptions\/([^/]+)\//i.exec(resourceId)?.[1];
}

async function fetchArm(
  tenant: TenantSession,
  keys: Set<ReadKey>,
  config: CheckConfig,
  snap: TenantSnapshot,
  stats: FetchStats,
  evidence: (key: string, e: RequestEvidence) => void,
): Promise<void> {
  /** The HTTP status of each read's failed request (a 403 to an app-only caller is answered differently). */
  const failedStatus = new Map<ReadKey, number>();
  const list = async <T>(key: ReadKey, path: string, apiVersion: string, emptyOn404: boolean): Promise<Read<T[]>> => {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const t0 = Date.now();
      stats.singleRequests++;
      try {
        const r: GraphResponse<{ value?: T[]; nextLink?: string }> = await tenant.arm.request('GET', next, apiVersion);
        evidence(
          key,
          ev(
            'arm',
            'GET',
            `${next}${next.includes('?') ? '&' : '?'}api-version=${apiVersion}`,
            r.status,
            Date.now() - t0,
            r.requestId,
          ),
        );
        items.push(...(r.body?.value ?? []));
        next = r.body?.nextLink ? armRelative(r.body.nextLink) : undefined;
      } catch (e) {
        const status = (e as { status?: number }).status ?? 0;
        const m = errMessage(e);
        evidence(key, ev('arm', 'GET', `${next}?api-version=${apiVersion}`, status, Date.now() - t0, m.requestId));
        if (status === 404 && emptyOn404) return ok(items);
        failedStatus.set(key, status);
        return failed(`${m.error}`, m.requestId);
      }
    }
    return ok(items);
  };
  const ws = config.workspace?.trim();
  const noWs =
    'no Log Analytics workspace declared — pass --workspace <workspace resource id> or set "workspace" in the config';
  const jobs: Promise<void>[] = [];
  if (keys.has('diagnosticSettings'))
    jobs.push(
      list<any>('diagnosticSettings', '/providers/microsoft.aadiam/diagnosticSettings', '2017-04-01', false).then(
        async (r) => {
          snap.diagnosticSettings = r;
          // App-only the settings are refused; the rows arriving in the declared workspace stand in (BG-011, BG-012).
          if (keys.has('logArrivals'))
            await fetchLogArrivals(
              tenant,
              snap,
              config,
              failedStatus.get('diagnosticSettings') ?? 0,
              evidence,
              () => void stats.singleRequests++,
            );
        },
      ),
    );
  if (keys.has('alertRules')) {
    if (!ws) snap.sentinelRules = failed(noWs);
    else
      // 404: Microsoft Sentinel is not onboarded on the workspace — no Sentinel rules, not an error.
      jobs.push(
        list<any>(
          'alertRules',
          `${ws}/providers/Microsoft.SecurityInsights/alertRules`,
          '2025-07-01-preview',
          true,
        ).then((r) => void (snap.sentinelRules = r)),
      );
  }
  if (keys.has('scheduledQueryRules')) {
    const sub = ws ? subscriptionOf(ws) : undefined;
    if (!ws) snap.scheduledQueryRules = failed(noWs);
    else if (!sub)
      snap.scheduledQueryRules = failed(
        `workspace "${ws}" is not an Azure resource id (/subscriptions/…/workspaces/…)`,
      );
    else
      jobs.push(
        list<any>(
          'scheduledQueryRules',
          `/subscriptions/${sub}/providers/Microsoft.Insights/scheduledQueryRules`,
          '2023-12-01',
          false,
        ).then((r) => void (snap.scheduledQueryRules = r)),
      );
  }
  if (keys.has('actionGroups')) {
    const sub = ws ? subscriptionOf(ws) : undefined;
    if (!sub) snap.actionGroups = failed(ws ? `workspace "${ws}" is not an Azure resource id` : noWs);
    // https://learn.microsoft.com/rest/api/monitor/action-groups/list-by-subscription-id
    else
      jobs.push(
        list<any>(
          'actionGroups',
          `/subscriptions/${sub}/providers/Microsoft.Insights/actionGroups`,
          '2023-01-01',
          false,
        ).then((r) => void (snap.actionGroups = r)),
      );
  }
  if (keys.has('automationRules')) {
    if (!ws) snap.automationRules = failed(noWs);
    // 404: Sentinel not onboarded — no automation rules. https://learn.microsoft.com/rest/api/securityinsights/automation-rules/list
    else
      jobs.push(
        list<any>(
          'automationRules',
          `${ws}/providers/Microsoft.SecurityInsights/automationRules`,
          '2025-07-01-preview',
          true,
        ).then((r) => void (snap.automationRules = r)),
      );
  }
  await Promise.all(jobs);
}

function armRelative(link: string): string {
  const u = new URL(link, 'https://arm.invalid');
  u.searchParams.delete('api-version');
  const s = u.searchParams.toString();
  return u.pathname + (s ? `?${s}` : '');
}
