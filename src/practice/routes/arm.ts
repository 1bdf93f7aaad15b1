/**
 * ARM routes for the monitoring side of break-glass: Entra diagnostic
 * settings (microsoft.aadiam), Log Analytics workspaces, action groups,
 * Azure Monitor scheduled query rules, Sentinel analytics rules / onboarding
 * / incidents, and AlertsManagement alerts. Each resource type checks its
 * api-version the way ARM does (400 NoRegisteredProviderFound) and validates
 * PUT bodies (a rule whose KQL does not parse is refused, as Azure does).
 */
import type { PracticeRequest, PracticeResponse, PracticeRoute } from '../types.js';
import { PracticeHttpError } from '../odata/errors.js';
import type { World } from '../world/world.js';
import type { ArmResource } from '../world/state.js';
import { isoDurationMs } from '../world/time.js';
import { parseQuery, KqlError } from '../kql/index.js';
import { nameGuid } from '../world/ids.js';
import { clean, route, table, type Handler, type TableRows } from './util.js';

const armErr = (status: number, code: string, message: string): PracticeHttpError =>
  new PracticeHttpError(status, code, message);

interface TypeSpec {
  /** e.g. Microsoft.Insights/scheduledQueryRules */
  type: string;
  versions: string[];
  location?: string;
}

const DIAG: TypeSpec = { type: 'microsoft.aadiam/diagnosticSettings', versions: ['2017-04-01', '2017-04-01-preview'] };
const WORKSPACES: TypeSpec = {
  type: 'Microsoft.OperationalInsights/workspaces',
  versions: ['2020-08-01', '2021-06-01', '2021-12-01-preview', '2022-10-01', '2023-09-01', '2025-02-01'],
};
const ACTION_GROUPS: TypeSpec = {
  type: 'Microsoft.Insights/actionGroups',
  versions: ['2019-06-01', '2021-09-01', '2022-06-01', '2023-01-01', '2024-10-01-preview'],
  location: 'global',
};
const SQR: TypeSpec = {
  type: 'Microsoft.Insights/scheduledQueryRules',
  versions: [
    '2018-04-16',
    '2021-08-01',
    '2022-06-15',
    '2022-08-01-preview',
    '2023-03-15-preview',
    '2023-12-01',
    '2024-01-01-preview',
  ],
};
// 2025-09-01: the newest stable SecurityInsights spec (stable/2025-09-01/AlertRules.json); it defines no NRT kind.
const SENTINEL_GA = ['2022-11-01', '2023-02-01', '2024-03-01', '2025-06-01', '2025-09-01'];
const SENTINEL_PREVIEW = [
  '2023-12-01-preview',
  '2024-01-01-preview',
  '2024-04-01-preview',
  '2024-10-01-preview',
  '2025-01-01-preview',
  '2025-04-01-preview',
  '2025-07-01-preview',
];
const SENTINEL: TypeSpec = {
  type: 'Microsoft.SecurityInsights/alertRules',
  versions: [...SENTINEL_GA, ...SENTINEL_PREVIEW],
};
const ONBOARDING: TypeSpec = {
  type: 'Microsoft.SecurityInsights/onboardingStates',
  versions: [...SENTINEL_GA, ...SENTINEL_PREVIEW],
};
const AUTOMATION: TypeSpec = {
  type: 'Microsoft.SecurityInsights/automationRules',
  versions: [...SENTINEL_GA, ...SENTINEL_PREVIEW],
};
const INCIDENTS: TypeSpec = {
  type: 'Microsoft.SecurityInsights/incidents',
  versions: [...SENTINEL_GA, ...SENTINEL_PREVIEW],
};
const ALERTS: TypeSpec = {
  type: 'Microsoft.AlertsManagement/alerts',
  versions: ['2019-03-01', '2019-05-05-preview', '2023-07-12-preview'],
};

function checkVersion(req: PracticeRequest, spec: TypeSpec): void {
  const v = req.version ?? '';
  if (!spec.versions.includes(v)) {
    const [ns, ...rest] = spec.type.split('/');
    throw armErr(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${spec.location ?? 'westeurope'}' and API version '${v}' for type '${rest.join('/')}'. The supported api-versions are '${spec.versions.join(', ')}'. The supported locations are '${spec.location ?? 'westeurope, northeurope, eastus, uksouth'}'. (namespace ${ns})`,
    );
  }
}

function notFound(spec: TypeSpec, req: PracticeRequest, name: string): PracticeHttpError {
  const rg = req.params.rg;
  return armErr(
    404,
    'ResourceNotFound',
    `The Resource '${spec.type}/${name}' under resource group '${rg ?? '(tenant)'}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** `rows`: the permission-table rows the route serves (calls breakglass makes); others accept any valid token. */
const arm = (
  method: PracticeRoute['method'],
  pattern: string,
  spec: TypeSpec,
  h: Handler,
  rows?: TableRows,
): PracticeRoute =>
  route('arm', method, pattern, rows ?? [], (req, w) => {
    checkVersion(req, spec);
    return h(req, w);
  });

const out = (r: ArmResource, status = 200): PracticeResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: clean(r),
});
const list = (rs: ArmResource[]): PracticeResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: { value: rs.map((r) => clean(r)), nextLink: null },
});

function props(req: PracticeRequest): Record<string, unknown> {
  const b = req.body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object' || typeof b.properties !== 'object' || b.properties === null)
    throw armErr(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'properties' is required.",
    );
  return b.properties as Record<string, unknown>;
}

function validateKql(q: unknown, field: string): string {
  if (typeof q !== 'string' || !q.trim()) throw armErr(400, 'BadRequest', `${field} is required.`);
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof KqlError) throw armErr(400, 'BadRequest', `The query in ${field} is invalid: ${e.message}.`);
    throw e;
  }
  return q;
}

function validDuration(v: unknown, field: string, minMs: number, maxMs: number): string {
  const ms = typeof v === 'string' ? isoDurationMs(v) : undefined;
  if (ms === undefined)
    throw armErr(400, 'BadRequest', `${field} must be an ISO 8601 duration such as PT5M (got ${JSON.stringify(v)}).`);
  if (ms < minMs || ms > maxMs) throw armErr(400, 'BadRequest', `${field} ${String(v)} is out of range.`);
  return String(v);
}

const wsPath = (req: PracticeRequest): string =>
  `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/Microsoft.OperationalInsights/workspaces/${req.params.ws}`;

function requireWorkspace(w: World, req: PracticeRequest): ArmResource {
  const ws = w.armGet(wsPath(req));
  if (!ws) throw notFound(WORKSPACES, req, req.params.ws!);
  return ws;
}

function putResource(w: World, req: PracticeRequest, r: ArmResource): PracticeResponse {
  const existed = !!w.armGet(r.id);
  const prev = w.armGet(r.id);
  if (prev?.properties._createdAt) r.properties._createdAt = prev.properties._createdAt;
  w.armPut(r);
  return out(r, existed ? 200 : 201);
}

const byType = (w: World, type: string, prefix?: string): ArmResource[] =>
  w.armList(
    (r) =>
      r.type.toLowerCase() === type.toLowerCase() && (!prefix || r.id.toLowerCase().startsWith(prefix.toLowerCase())),
  );

const DIAG_CATEGORIES = new Set([
  'AuditLogs',
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ProvisioningLogs',
  'ADFSSignInLogs',
  'RiskyUsers',
  'UserRiskEvents',
  'NetworkAccessTrafficLogs',
  'RiskyServicePrincipals',
  'ServicePrincipalRiskEvents',
  'EnrichedOffice365AuditLogs',
  'MicrosoftGraphActivityLogs',
  'RemoteNetworkHealthLogs',
]);

/** What a diagnostic setting holds: only the members the 2017-04-01 spec defines, absent ones left out (not null). */
function diagProperties(p: Record<string, unknown>, logs: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [
    'workspaceId',
    'storageAccountId',
    'eventHubAuthorizationRuleId',
    'eventHubName',
    'serviceBusRuleId',
  ])
    if (typeof p[k] === 'string') out[k] = p[k];
  out.logs = logs.map((l) => ({
    ...(l.category != null ? { category: l.category } : {}),
    enabled: l.enabled === true,
    retentionPolicy: l.retentionPolicy ?? { days: 0, enabled: false },
  }));
  out.metrics = [];
  return out;
}

function diagRoutes(): PracticeRoute[] {
  const base = '/providers/microsoft.aadiam/diagnosticSettings';
  return [
    arm('GET', base, DIAG, (_req, w) => list(byType(w, DIAG.type)), table('aadiam.diagnosticSettings.list')),
    arm(
      'GET',
      `${base}/{name}`,
      DIAG,
      (req, w) => {
        const r = w.armGet(`${base}/${req.params.name}`);
        if (!r) throw armErr(404, 'ResourceNotFound', `The diagnostic setting '${req.params.name}' doesn't exist.`);
        return out(r);
      },
      table('aadiam.diagnosticSetting.get'),
    ),
    arm(
      'PUT',
      `${base}/{name}`,
      DIAG,
      (req, w) => {
        const p = props(req);
        // Destinations the spec defines (Microsoft.Aadiam 2017-04-01 DiagnosticSettings): workspace, storage account,
        // Event Hub, Service Bus rule. Any one is enough.
        const target = p.workspaceId ?? p.storageAccountId ?? p.eventHubAuthorizationRuleId ?? p.serviceBusRuleId;
        if (typeof target !== 'string')
          throw armErr(
            400,
            'BadRequest',
            'At least one destination (workspaceId, storageAccountId, eventHubAuthorizationRuleId or serviceBusRuleId) must be set.',
          );
        if (typeof p.workspaceId === 'string' && !w.armGet(p.workspaceId))
          throw armErr(
            400,
            'BadRequest',
            `Resource '${p.workspaceId}' was not found: workspaceId must be the full resource id of an existing Log Analytics workspace.`,
          );
        const logs = Array.isArray(p.logs) ? (p.logs as Record<string, unknown>[]) : [];
        for (const l of logs)
          if (l.category != null && !DIAG_CATEGORIES.has(String(l.category)))
            throw armErr(
              400,
              'BadRequest',
              `Category '${String(l.category)}' is not supported. Supported categories: ${[...DIAG_CATEGORIES].join(', ')}.`,
            );
        return putResource(w, req, {
          id: `${base}/${req.params.name}`,
          name: req.params.name!,
          type: DIAG.type,
          properties: diagProperties(p, logs),
        });
      },
      table('aadiam.diagnosticSetting.put'),
    ),
    arm('DELETE', `${base}/{name}`, DIAG, (req, w) => {
      const existed = w.arm.delete(`${base}/${req.params.name}`.toLowerCase());
      return { status: existed ? 200 : 204 };
    }),
  ];
}

function workspaceRoutes(): PracticeRoute[] {
  const rgBase = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces';
  return [
    arm('GET', '/subscriptions/{sub}/providers/Microsoft.OperationalInsights/workspaces', WORKSPACES, (req, w) =>
      list(byType(w, WORKSPACES.type, `/subscriptions/${req.params.sub}/`)),
    ),
    arm('GET', rgBase, WORKSPACES, (req, w) =>
      list(byType(w, WORKSPACES.type, `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/`)),
    ),
    arm(
      'GET',
      `${rgBase}/{ws}`,
      WORKSPACES,
      (req, w) => out(requireWorkspace(w, req)),
      table('logAnalytics.workspace.get'),
    ),
    arm('PUT', `${rgBase}/{ws}`, WORKSPACES, (req, w) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (typeof b.location !== 'string')
        throw armErr(400, 'LocationRequired', 'The location property is required for this definition.');
      const id = wsPath(req);
      const prev = w.armGet(id);
      const p = (b.properties ?? {}) as Record<string, unknown>;
      return putResource(w, req, {
        id,
        name: req.params.ws!,
        type: WORKSPACES.type,
        location: b.location,
        properties: {
          customerId: prev?.properties.customerId ?? nameGuid('workspace', id),
          provisioningState: 'Succeeded',
          sku: p.sku ?? { name: 'PerGB2018' },
          retentionInDays: p.retentionInDays ?? 30,
          createdDate: prev?.properties.createdDate ?? w.nowIso(),
        },
      });
    }),
  ];
}

function actionGroupRoutes(): PracticeRoute[] {
  const rgBase = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Insights/actionGroups';
  return [
    arm(
      'GET',
      '/subscriptions/{sub}/providers/Microsoft.Insights/actionGroups',
      ACTION_GROUPS,
      (req, w) => list(byType(w, 'Microsoft.Insights/ActionGroups', `/subscriptions/${req.params.sub}/`)),
      table('insights.actionGroups.listBySubscription'),
    ),
    arm('GET', rgBase, ACTION_GROUPS, (req, w) =>
      list(
        byType(
          w,
          'Microsoft.Insights/ActionGroups',
          `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/`,
        ),
      ),
    ),
    arm(
      'GET',
      `${rgBase}/{name}`,
      ACTION_GROUPS,
      (req, w) => {
        const r = w.armGet(
          `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/Microsoft.Insights/actionGroups/${req.params.name}`,
        );
        if (!r) throw notFound(ACTION_GROUPS, req, req.params.name!);
        return out(r);
      },
      table('insights.actionGroup.get'),
    ),
    arm(
      'PUT',
      `${rgBase}/{name}`,
      ACTION_GROUPS,
      (req, w) => {
        const p = props(req);
        if (typeof p.groupShortName !== 'string' || p.groupShortName.length === 0 || p.groupShortName.length > 12)
          throw armErr(400, 'BadRequest', 'groupShortName is required and must be at most 12 characters.');
        const id = `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/Microsoft.Insights/actionGroups/${req.params.name}`;
        return putResource(w, req, {
          id,
          name: req.params.name!,
          type: 'Microsoft.Insights/ActionGroups',
          location: 'Global',
          properties: {
            groupShortName: p.groupShortName,
            enabled: p.enabled !== false,
            emailReceivers: p.emailReceivers ?? [],
            smsReceivers: p.smsReceivers ?? [],
            webhookReceivers: p.webhookReceivers ?? [],
            armRoleReceivers: p.armRoleReceivers ?? [],
            azureAppPushReceivers: p.azureAppPushReceivers ?? [],
            voiceReceivers: p.voiceReceivers ?? [],
          },
        });
      },
      table('insights.actionGroup.put'),
    ),
  ];
}

function sqrRoutes(): PracticeRoute[] {
  const rgBase = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Insights/scheduledQueryRules';
  const idOf = (req: PracticeRequest) =>
    `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/providers/Microsoft.Insights/scheduledQueryRules/${req.params.name}`;
  return [
    arm(
      'GET',
      '/subscriptions/{sub}/providers/Microsoft.Insights/scheduledQueryRules',
      SQR,
      (req, w) => list(byType(w, SQR.type, `/subscriptions/${req.params.sub}/`)),
      table('insights.scheduledQueryRules.listBySubscription'),
    ),
    arm('GET', rgBase, SQR, (req, w) =>
      list(byType(w, SQR.type, `/subscriptions/${req.params.sub}/resourceGroups/${req.params.rg}/`)),
    ),
    arm(
      'GET',
      `${rgBase}/{name}`,
      SQR,
      (req, w) => {
        const r = w.armGet(idOf(req));
        if (!r) throw notFound(SQR, req, req.params.name!);
        return out(r);
      },
      table('insights.scheduledQueryRule.get'),
    ),
    arm(
      'PUT',
      `${rgBase}/{name}`,
      SQR,
      (req, w) => {
        const b = req.body as Record<string, unknown>;
        const p = props(req);
        if (typeof b.location !== 'string')
          throw armErr(400, 'LocationRequired', 'The location property is required for this definition.');
        const scopes = p.scopes;
        if (!Array.isArray(scopes) || scopes.length !== 1 || typeof scopes[0] !== 'string')
          throw armErr(
            400,
            'BadRequest',
            'properties.scopes must contain exactly one resource id (the Log Analytics workspace).',
          );
        if (!w.armGet(scopes[0])) throw armErr(400, 'BadRequest', `Scope '${scopes[0]}' was not found.`);
        const crit = (
          (p.criteria as Record<string, unknown> | undefined)?.allOf as Record<string, unknown>[] | undefined
        )?.[0];
        if (!crit) throw armErr(400, 'BadRequest', 'properties.criteria.allOf must contain one condition.');
        validateKql(crit.query, 'criteria.allOf[0].query');
        if (typeof crit.operator !== 'string' || typeof crit.threshold !== 'number')
          throw armErr(400, 'BadRequest', 'criteria.allOf[0].operator and threshold are required.');
        if (typeof crit.timeAggregation !== 'string')
          throw armErr(400, 'BadRequest', 'criteria.allOf[0].timeAggregation is required (e.g. Count).');
        validDuration(p.evaluationFrequency, 'evaluationFrequency', 60_000, 86_400_000);
        validDuration(p.windowSize, 'windowSize', 60_000, 2 * 86_400_000);
        if (typeof p.severity !== 'number' || p.severity < 0 || p.severity > 4)
          throw armErr(400, 'BadRequest', 'severity must be 0..4.');
        const ags = ((p.actions as Record<string, unknown> | undefined)?.actionGroups ?? []) as string[];
        for (const ag of ags) if (!w.armGet(ag)) throw armErr(400, 'BadRequest', `Action group '${ag}' was not found.`);
        const id = idOf(req);
        return putResource(w, req, {
          id,
          name: req.params.name!,
          type: SQR.type,
          location: b.location,
          kind: 'LogAlert',
          properties: {
            ...p,
            displayName: p.displayName ?? req.params.name,
            enabled: p.enabled !== false,
            autoMitigate: p.autoMitigate ?? true,
            createdWithApiVersion: req.version,
            _createdAt: w.nowIso(),
          },
        });
      },
      table('insights.scheduledQueryRule.put'),
    ),
    arm('DELETE', `${rgBase}/{name}`, SQR, (req, w) => ({ status: w.arm.delete(idOf(req).toLowerCase()) ? 200 : 204 })),
  ];
}

function sentinelRoutes(): PracticeRoute[] {
  const wsBase =
    '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{ws}/providers/Microsoft.SecurityInsights';
  const onboarded = (w: World, req: PracticeRequest) =>
    !!w.armGet(`${wsPath(req)}/providers/Microsoft.SecurityInsights/onboardingStates/default`);
  const requireOnboarded = (w: World, req: PracticeRequest) => {
    requireWorkspace(w, req);
    if (!onboarded(w, req))
      throw armErr(
        400,
        'BadRequest',
        `Workspace '${req.params.ws}' is not onboarded to Microsoft Sentinel. Onboard it first (PUT …/providers/Microsoft.SecurityInsights/onboardingStates/default).`,
      );
  };
  return [
    arm('GET', `${wsBase}/onboardingStates`, ONBOARDING, (req, w) => {
      requireWorkspace(w, req);
      return list(byType(w, ONBOARDING.type, wsPath(req)));
    }),
    arm('GET', `${wsBase}/onboardingStates/{name}`, ONBOARDING, (req, w) => {
      requireWorkspace(w, req);
      const r = w.armGet(`${wsPath(req)}/providers/Microsoft.SecurityInsights/onboardingStates/${req.params.name}`);
      if (!r)
        throw armErr(
          404,
          'NotFound',
          `Sentinel onboarding state '${req.params.name}' was not found: the workspace is not onboarded.`,
        );
      return out(r);
    }),
    arm('PUT', `${wsBase}/onboardingStates/{name}`, ONBOARDING, (req, w) => {
      requireWorkspace(w, req);
      if (req.params.name !== 'default')
        throw armErr(400, 'BadRequest', "The onboarding state name must be 'default'.");
      return putResource(w, req, {
        id: `${wsPath(req)}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
        name: 'default',
        type: ONBOARDING.type,
        properties: { customerManagedKey: false },
      });
    }),
    arm(
      'GET',
      `${wsBase}/alertRules`,
      SENTINEL,
      (req, w) => {
        requireOnboarded(w, req);
        // GA api-versions do not know NRT rules' full shape but do list them; keep them listed.
        return list(byType(w, SENTINEL.type, wsPath(req)));
      },
      table('sentinel.alertRules.list'),
    ),
    arm(
      'GET',
      `${wsBase}/alertRules/{ruleId}`,
      SENTINEL,
      (req, w) => {
        requireOnboarded(w, req);
        const r = w.armGet(`${wsPath(req)}/providers/Microsoft.SecurityInsights/alertRules/${req.params.ruleId}`);
        if (!r) throw armErr(404, 'NotFound', `Alert rule '${req.params.ruleId}' was not found.`);
        return out(r);
      },
      table('sentinel.alertRule.get'),
    ),
    arm(
      'PUT',
      `${wsBase}/alertRules/{ruleId}`,
      SENTINEL,
      (req, w) => {
        requireOnboarded(w, req);
        const b = req.body as Record<string, unknown>;
        const kind = b?.kind;
        if (kind !== 'Scheduled' && kind !== 'NRT')
          throw armErr(
            400,
            'BadRequest',
            `The practice tenant supports alert rule kinds 'Scheduled' and 'NRT' (got ${JSON.stringify(kind)}).`,
          );
        if (kind === 'NRT' && !SENTINEL_PREVIEW.includes(req.version ?? ''))
          throw armErr(
            400,
            'BadRequest',
            `Alert rule kind 'NRT' is not supported in api-version '${req.version}'. Use a preview api-version such as 2025-07-01-preview.`,
          );
        const p = props(req);
        for (const f of ['displayName', 'severity', 'enabled'])
          if (p[f] === undefined) throw armErr(400, 'BadRequest', `properties.${f} is required.`);
        validateKql(p.query, 'properties.query');
        if (kind === 'Scheduled') {
          validDuration(p.queryFrequency, 'queryFrequency', 5 * 60_000, 14 * 86_400_000);
          validDuration(p.queryPeriod, 'queryPeriod', 5 * 60_000, 14 * 86_400_000);
          if (typeof p.triggerOperator !== 'string' || typeof p.triggerThreshold !== 'number')
            throw armErr(400, 'BadRequest', 'triggerOperator and triggerThreshold are required for Scheduled rules.');
        }
        const id = `${wsPath(req)}/providers/Microsoft.SecurityInsights/alertRules/${req.params.ruleId}`;
        return putResource(w, req, {
          id,
          name: req.params.ruleId!,
          type: SENTINEL.type,
          kind,
          etag: `"${w.ids.hex(8)}"`,
          properties: { ...p, lastModifiedUtc: w.nowIso(), _createdAt: w.nowIso() },
        });
      },
      table('sentinel.alertRule.put'),
    ),
    arm('DELETE', `${wsBase}/alertRules/{ruleId}`, SENTINEL, (req, w) => {
      requireOnboarded(w, req);
      return {
        status: w.arm.delete(
          `${wsPath(req)}/providers/Microsoft.SecurityInsights/alertRules/${req.params.ruleId}`.toLowerCase(),
        )
          ? 200
          : 204,
      };
    }),
    // https://learn.microsoft.com/rest/api/securityinsights/automation-rules/list
    arm(
      'GET',
      `${wsBase}/automationRules`,
      AUTOMATION,
      (req, w) => {
        requireOnboarded(w, req);
        return list(byType(w, AUTOMATION.type, wsPath(req)));
      },
      table('sentinel.automationRules.list'),
    ),
    arm('GET', `${wsBase}/automationRules/{name}`, AUTOMATION, (req, w) => {
      requireOnboarded(w, req);
      const r = w.armGet(`${wsPath(req)}/providers/Microsoft.SecurityInsights/automationRules/${req.params.name}`);
      if (!r) throw armErr(404, 'NotFound', `Automation rule '${req.params.name}' was not found.`);
      return out(r);
    }),
    arm(
      'GET',
      `${wsBase}/incidents`,
      INCIDENTS,
      (req, w) => {
        requireOnboarded(w, req);
        w.tick();
        return list(
          byType(w, 'Microsoft.SecurityInsights/Incidents', wsPath(req)).sort(
            (a, b) => Number(b.properties.incidentNumber) - Number(a.properties.incidentNumber),
          ),
        );
      },
      table('sentinel.incidents.list'),
    ),
    arm('GET', `${wsBase}/incidents/{id}`, INCIDENTS, (req, w) => {
      requireOnboarded(w, req);
      w.tick();
      const r = w.armGet(`${wsPath(req)}/providers/Microsoft.SecurityInsights/incidents/${req.params.id}`);
      if (!r) throw armErr(404, 'NotFound', `Incident '${req.params.id}' was not found.`);
      return out(r);
    }),
  ];
}

const TIME_RANGES: Record<string, number> = {
  '1h': 3_600_000,
  '1d': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

function alertRoutes(): PracticeRoute[] {
  return [
    arm(
      'GET',
      '/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts',
      ALERTS,
      (req, w) => {
        w.tick();
        const tr = req.query.get('timeRange') ?? '1d';
        const span = TIME_RANGES[tr];
        if (!span)
          throw armErr(
            400,
            'BadRequest',
            `Invalid timeRange '${tr}'. Allowed: ${Object.keys(TIME_RANGES).join(', ')}.`,
          );
        const rule = req.query.get('alertRule');
        const cond = req.query.get('monitorCondition');
        const now = w.clock.nowMs();
        const items = byType(w, ALERTS.type, `/subscriptions/${req.params.sub}/`).filter((a) => {
          const e = a.properties.essentials as Record<string, string>;
          return (
            now - Date.parse(e.startDateTime!) <= span &&
            (!rule || e.alertRule!.toLowerCase() === rule.toLowerCase()) &&
            (!cond || e.monitorCondition === cond)
          );
        });
        items.sort(
          (a, b) =>
            Date.parse(String((b.properties.essentials as Record<string, string>).startDateTime)) -
            Date.parse(String((a.properties.essentials as Record<string, string>).startDateTime)),
        );
        return list(items);
      },
      table('alertsManagement.alerts.list'),
    ),
    arm('GET', '/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts/{id}', ALERTS, (req, w) => {
      w.tick();
      const r = w.armGet(
        `/subscriptions/${req.params.sub}/providers/Microsoft.AlertsManagement/alerts/${req.params.id}`,
      );
      if (!r) throw armErr(404, 'ResourceNotFound', `Alert '${req.params.id}' was not found.`);
      return out(r);
    }),
  ];
}

export function armRoutes(): PracticeRoute[] {
  return [
    ...diagRoutes(),
    ...workspaceRoutes(),
    ...actionGroupRoutes(),
    ...sqrRoutes(),
    ...sentinelRoutes(),
    ...alertRoutes(),
  ];
}
