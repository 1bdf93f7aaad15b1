/**
 * The fetch plan's reads for the declared break-glass app (BG-023, BG-024),
 * run alongside the plan's Graph waves:
 *   1. the application by appId (keyCredentials, passwordCredentials:
 *      https://learn.microsoft.com/graph/api/application-list) and its service
 *      principal (https://learn.microsoft.com/graph/api/serviceprincipal-list);
 *   2. the owners of both (application-list-owners, serviceprincipal-list-owners),
 *      the service principal's directory role assignments at any scope
 *      (https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments)
 *      and its app role assignments = application permissions
 *      (https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignments);
 *   3. once the alert rules are read: each rule reading AADServicePrincipalSignInLogs
 *      run over a synthetic success and failure of the app (./app-alert-probe.ts),
 *      and the app's newest successful sign-in in the declared workspace.
 * Each read ends as Read<T>; a failure is the dependent check's error.
 */
import type { CheckConfig, Read } from '../core/check.js';
import type { GraphRequest, GraphResponse, RequestEvidence, TenantSession } from '../core/tenant.js';
import type { Outcome } from './alert-probe.js';
import { appProbeQuery, lastSignInQuery, SP_SIGNIN_TABLE } from './app-alert-probe.js';
import { readsTable } from './kql.js';
import { describeFailure } from './read-failure.js';
import type { ProbeRule } from './fetch-probes.js';
import {
  failed,
  ok,
  type AppAlertProbe,
  type AppRoleAssignment,
  type BreakGlassApp,
  type DirObject,
  type RoleAssignment,
  type TenantSnapshot,
} from './snapshot.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKSPACE_API = '2022-10-01';
const q = (s: string): string => encodeURIComponent(s);

import { requestEvidence } from './evidence.js';

type Evidence = (key: string, e: RequestEvidence) => void;

/** Evidence for a request that started at t0. */
function ev(
  service: RequestEvidence['service'],
  method: string,
  path: string,
  status: number,
  t0: number,
  requestId?: string,
): RequestEvidence {
  return requestEvidence(service, method, path, status, Date.now() - t0, requestId);
}

function errOf(e: unknown): { error: string; status: number; requestId?: string } {
  const x = e as { message?: string; status?: number; requestId?: string; explanation?: { requestId?: string } };
  const requestId = x?.requestId ?? x?.explanation?.requestId;
  return { error: String(x?.message ?? e), status: x?.status ?? 0, ...(requestId ? { requestId } : {}) };
}

/** A batch of GETs; each collection answer's next pages are followed one by one. */
async function getAll(
  tenant: TenantSession,
  reqs: { key: string; path: string; collection: boolean }[],
  evidence: Evidence,
  count: () => void,
): Promise<Read<unknown>[]> {
  const t0 = Date.now();
  count();
  let answers: GraphResponse[];
  try {
    answers = await tenant.graph.batch(reqs.map((r): GraphRequest => ({ method: 'GET', path: r.path })));
  } catch (e) {
    const m = errOf(e);
    return reqs.map(() => failed(m.error, m.requestId));
  }
  return Promise.all(
    reqs.map(async (r, i): Promise<Read<unknown>> => {
      const a = answers[i];
      if (!a) return failed('the $batch answer had no response for this request');
      evidence('bgApp', { ...ev('graph', 'GET', `/v1.0${r.path}`, a.status, t0, a.requestId), viaBatch: true });
      if (a.status < 200 || a.status >= 300) return failed(describeFailure(a.status, a.body, 'bgApp'), a.requestId);
      if (!r.collection) return ok(a.body);
      const body = a.body as { value?: unknown[]; '@odata.nextLink'?: string };
      if (!Array.isArray(body?.value)) return failed(`${a.status}: the answer had no "value" list`, a.requestId);
      const items = [...body.value];
      let next = body['@odata.nextLink'];
      while (next) {
        const u = new URL(next, 'https://graph.invalid');
        const path = u.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '') + u.search;
        const t1 = Date.now();
        count();
        try {
          const p = await tenant.graph.request<{ value?: unknown[]; '@odata.nextLink'?: string }>({
            method: 'GET',
            path,
          });
          evidence('bgApp', ev('graph', 'GET', `/v1.0${path}`, p.status, t1, p.requestId));
          items.push(...(p.body?.value ?? []));
          next = p.body?.['@odata.nextLink'];
        } catch (e) {
          const m = errOf(e);
          return failed(m.error, m.requestId);
        }
      }
      return ok(items);
    }),
  );
}

/** Steps 1–2: the app, its owners, roles and permissions. */
export async function fetchBreakGlassApp(
  tenant: TenantSession,
  snap: TenantSnapshot,
  config: CheckConfig,
  evidence: Evidence,
  count: () => void,
): Promise<void> {
  const appId = config.breakGlassApp?.trim() ?? '';
  const bad = (why: string): void => {
    snap.bgApp = failed(why);
    snap.bgAppOwners = failed(why);
    snap.bgAppRoles = failed(why);
    snap.bgAppPermissions = failed(why);
  };
  if (!GUID.test(appId))
    return bad(`the break-glass app must be declared by its application (client) id, not "${appId}"`);
  const [apps, sps] = await getAll(
    tenant,
    [
      {
        key: 'app',
        path: `/applications?$filter=${q(`appId eq '${appId}'`)}&$select=id,appId,displayName,keyCredentials,passwordCredentials`,
        collection: true,
      },
      {
        key: 'sp',
        path: `/servicePrincipals?$filter=${q(`appId eq '${appId}'`)}&$select=id,displayName`,
        collection: true,
      },
    ],
    evidence,
    count,
  );
  if (!apps!.ok) return bad(`could not read the application: ${apps!.error}`);
  if (!sps!.ok) return bad(`could not read its service principal: ${sps!.error}`);
  const app = (apps!.value as BreakGlassApp['application'][])[0];
  if (!app) {
    snap.bgApp = ok(null);
    snap.bgAppOwners = ok([]);
    snap.bgAppRoles = ok([]);
    snap.bgAppPermissions = ok([]);
    return;
  }
  const sp = (sps!.value as { id: string; displayName?: string | null }[])[0] ?? null;
  snap.bgApp = ok({
    application: {
      id: app.id,
      appId: app.appId,
      displayName: app.displayName,
      keyCredentials: app.keyCredentials ?? [],
      passwordCredentials: app.passwordCredentials ?? [],
    },
    servicePrincipal: sp,
  });
  const reqs = [
    {
      key: 'appOwners',
      path: `/applications/${app.id}/owners?$select=id,displayName,userPrincipalName,appId`,
      collection: true,
    },
  ];
  if (sp)
    reqs.push(
      {
        key: 'spOwners',
        path: `/servicePrincipals/${sp.id}/owners?$select=id,displayName,userPrincipalName,appId`,
        collection: true,
      },
      {
        key: 'roles',
        path: `/roleManagement/directory/roleAssignments?$filter=${q(`principalId eq '${sp.id}'`)}&$select=id,principalId,roleDefinitionId,directoryScopeId`,
        collection: true,
      },
      { key: 'perms', path: `/servicePrincipals/${sp.id}/appRoleAssignments`, collection: true },
    );
  const r = await getAll(tenant, reqs, evidence, count);
  const appOwners = r[0]!;
  if (!sp) {
    snap.bgAppOwners = appOwners as Read<DirObject[]>;
    snap.bgAppRoles = ok([]);
    snap.bgAppPermissions = ok([]);
    return;
  }
  const [, spOwners, roles, perms] = r as [
    unknown,
    Read<DirObject[]>,
    Read<RoleAssignment[]>,
    Read<AppRoleAssignment[]>,
  ];
  snap.bgAppOwners = !appOwners.ok
    ? appOwners
    : !spOwners.ok
      ? spOwners
      : ok([...(appOwners.value as DirObject[]), ...spOwners.value]);
  snap.bgAppRoles = roles;
  snap.bgAppPermissions = perms;
}

/** Step 3: probes and the last successful sign-in (after the ARM rule reads). */
export async function fetchBreakGlassAppLogs(
  tenant: TenantSession,
  snap: TenantSnapshot,
  config: CheckConfig,
  rules: ProbeRule[],
  evidence: Evidence,
  count: () => void,
): Promise<void> {
  if (!snap.bgApp.ok) {
    const why = `the break-glass app could not be read: ${snap.bgApp.error}`;
    snap.bgAppProbes = failed(why);
    snap.bgAppLastSignIn = failed(why);
    return;
  }
  const bg = snap.bgApp.value;
  if (!bg) {
    snap.bgAppProbes = ok([]);
    snap.bgAppLastSignIn = ok(null);
    return;
  }
  const ids = new Map<string, Promise<Read<string>>>();
  const customerId = (ws: string): Promise<Read<string>> => {
    let p = ids.get(ws.toLowerCase());
    if (!p) {
      p = (async () => {
        const t0 = Date.now();
        count();
        try {
          const r = await tenant.arm.request<{ properties?: { customerId?: string } }>('GET', ws, WORKSPACE_API);
          evidence('bgAppProbes', ev('arm', 'GET', `${ws}?api-version=${WORKSPACE_API}`, r.status, t0, r.requestId));
          const id = r.body?.properties?.customerId;
          return id ? ok(id) : failed(`workspace ${ws} has no customerId`, r.requestId);
        } catch (e) {
          const m = errOf(e);
          return failed(`could not read workspace ${ws}: ${m.error}`, m.requestId);
        }
      })();
      ids.set(ws.toLowerCase(), p);
    }
    return p;
  };
  const run = async (
    ws: string,
    kql: string,
    timespan: string,
  ): Promise<Read<{ columns: { name: string; type: string }[]; rows: unknown[][] }>> => {
    const cid = await customerId(ws);
    if (!cid.ok) return cid;
    const t0 = Date.now();
    count();
    try {
      const res = await tenant.logs.query(cid.value, kql, timespan);
      evidence('bgAppProbes', ev('logs', 'POST', `/workspaces/${cid.value}/query`, 200, t0));
      const t = res[0];
      return t ? ok({ columns: t.columns, rows: t.rows }) : failed('the query API returned no table');
    } catch (e) {
      const m = errOf(e);
      evidence('bgAppProbes', ev('logs', 'POST', `/workspaces/${cid.value}/query`, m.status, t0, m.requestId));
      return failed(m.error, m.requestId);
    }
  };
  const probeApp = {
    appId: bg.application.appId,
    servicePrincipalId: bg.servicePrincipal?.id ?? '',
    displayName: bg.application.displayName,
  };
  const mine = rules.filter((r) => readsTable(r.query, SP_SIGNIN_TABLE));
  const jobs: Promise<AppAlertProbe>[] = [];
  for (const rule of mine)
    for (const outcome of ['success', 'failure'] as Outcome[])
      jobs.push(
        run(
          rule.workspace,
          appProbeQuery(rule.query, probeApp, outcome, `breakglass-probe-${outcome}`),
          rule.window ?? 'PT1H',
        ).then((result) => ({ ruleId: rule.id, outcome, result })),
      );
  const maxAge = config.validationMaxAgeDays ?? 90;
  const ws = config.workspace?.trim();
  const last = ws
    ? run(ws, lastSignInQuery(bg.application.appId), `P${maxAge}D`).then((r): Read<string | null> => {
        if (!r.ok) return r;
        const col = r.value.columns.findIndex((c) => c.name === 'LastSuccess');
        const v = col >= 0 ? r.value.rows[0]?.[col] : undefined;
        if (v === undefined || v === null || v === '') return ok(null);
        const t = Date.parse(String(v));
        return Number.isNaN(t)
          ? failed(`the workspace answered an unreadable time "${String(v)}"`)
          : ok(new Date(t).toISOString());
      })
    : Promise.resolve(
        failed<string | null>("no Log Analytics workspace declared, so the app's sign-ins could not be read"),
      );
  snap.bgAppProbes = ok(await Promise.all(jobs));
  snap.bgAppLastSignIn = await last;
}
