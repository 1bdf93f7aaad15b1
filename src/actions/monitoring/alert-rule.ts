/**
 * Installs an alert rule over the workspace: a Microsoft Sentinel NRT rule
 * when Sentinel is on the workspace (≈1-minute latency), else an Azure
 * Monitor scheduled query rule at the minimum 5-minute frequency.
 * `kind: signin` alerts on every break-glass sign-in, success and
 * failure; `kind: audit` on membership changes of the group / GA role;
 * `kind: appSignin` on every sign-in, success and failure, of the service
 * principal kept as a break-glass identity (AADServicePrincipalSignInLogs
 * for its appId: no user MFA stands in front of it, so this alert is its guard —
 * https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Action } from '../../core/action.js';
import { armGet, covers } from './arm.js';
import { appSignInQuery, auditQuery, signInQuery } from './kql.js';

const SQR_API = '2023-12-01';
/**
 * NRT rules need a preview api-version: the stable 2025-09-01 SecurityInsights spec defines the kinds Scheduled,
 * MicrosoftSecurityIncidentCreation and Fusion only, the preview 2025-07-01-preview defines NRT
 * (azure-rest-api-specs specification/securityinsights/resource-manager/Microsoft.SecurityInsights/
 * {stable/2025-09-01,preview/2025-07-01-preview}/AlertRules.json, AlertRuleKindEnum / NrtAlertRule). Body members:
 * NrtAlertRuleProperties in the preview file.
 */
const SENTINEL_API = '2025-07-01-preview';
const WORKSPACE =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

const Args = z.strictObject({
  kind: z.enum(['signin', 'audit', 'appSignin']),
  workspaceId: z.string().regex(WORKSPACE, 'a Log Analytics workspace resource id'),
  name: z.string().regex(/^[A-Za-z0-9 _-]{1,200}$/),
  accounts: z.array(z.string().email()).default([]),
  group: z.string().uuid().optional(),
  /** kind appSignin: the break-glass application's appId. */
  appId: z.string().uuid().optional(),
  actionGroupId: z.string().optional(),
  sentinel: z.boolean().default(false),
  location: z.string().default('westeurope'),
});
type Args = z.infer<typeof Args>;

function query(a: Args): string {
  if (a.kind === 'signin') {
    if (!a.accounts.length) throw new Error('A sign-in alert needs the break-glass accounts (with.accounts).');
    return signInQuery(a.accounts);
  }
  if (a.kind === 'appSignin') {
    if (!a.appId) throw new Error("An application sign-in alert needs the application's appId (with.appId).");
    return appSignInQuery(a.appId);
  }
  if (!a.group) throw new Error('An audit alert needs the exclusion group id (with.group).');
  return auditQuery(a.group);
}

/** Sentinel rule ids are GUIDs; derive a stable one from the name so re-runs find the same rule. */
function ruleGuid(name: string): string {
  const h = createHash('sha256').update(`breakglass:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function target(a: Args): {
  path: string;
  api: string;
  body: { kind?: string; location?: string; properties: Record<string, unknown> };
} {
  const q = query(a);
  const title =
    a.kind === 'signin'
      ? 'Break-glass account sign-in'
      : a.kind === 'appSignin'
        ? `Break-glass application ${a.appId ?? ''} signed in (success or failure)`
        : 'Break-glass group or Global Administrator change';
  if (a.sentinel) {
    return {
      path: `${a.workspaceId}/providers/Microsoft.SecurityInsights/alertRules/${ruleGuid(a.name)}`,
      api: SENTINEL_API,
      body: {
        kind: 'NRT',
        properties: {
          displayName: a.name,
          description: `${title}. Page on-call immediately; confirm with the runbook whether it is sanctioned.`,
          severity: 'High',
          enabled: true,
          query: q,
          // Required even when suppression is off; PT1H as in the spec's CreateNrtAlertRule example.
          suppressionEnabled: false,
          suppressionDuration: 'PT1H',
          tactics: ['InitialAccess', 'PrivilegeEscalation'],
          // Every sign-in is its own incident: grouping off. GroupingConfiguration requires all four members
          // even then (AlertRules.json, GroupingConfiguration.required).
          incidentConfiguration: {
            createIncident: true,
            groupingConfiguration: {
              enabled: false,
              reopenClosedIncident: false,
              lookbackDuration: 'PT5H',
              matchingMethod: 'AllEntities',
            },
          },
        },
      },
    };
  }
  const rg = WORKSPACE.exec(a.workspaceId)![1]!;
  return {
    path: `${rg}/providers/Microsoft.Insights/scheduledQueryRules/${encodeURIComponent(a.name)}`,
    api: SQR_API,
    body: {
      location: a.location,
      properties: {
        displayName: a.name,
        description: title,
        severity: 0,
        enabled: true,
        evaluationFrequency: 'PT5M',
        windowSize: 'PT5M',
        scopes: [a.workspaceId],
        criteria: {
          allOf: [
            {
              query: q,
              timeAggregation: 'Count',
              operator: 'GreaterThan',
              threshold: 0,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        autoMitigate: false,
        ...(a.actionGroupId ? { actions: { actionGroups: [a.actionGroupId] } } : {}),
      },
    },
  };
}

export const action: Action<Args> = {
  id: 'monitoring.alertRule',
  title: 'Install the break-glass alert rule',
  // Each variant reads its rule before writing it (permission table rows insights.scheduledQueryRule.get / .put,
  // sentinel.alertRule.get / .put); a declaration cannot depend on the arguments, so it names both variants' roles.
  permissions: {
    arm: ['Monitoring Reader', 'Monitoring Contributor', 'Microsoft Sentinel Reader', 'Microsoft Sentinel Contributor'],
  },
  destructive: false,
  risk: 'change',
  outputs: ['ruleId', 'ruleKind', 'query'],
  args: Args,
  key: (a) => `alertrule:${a.kind}:${a.name.toLowerCase()}`,
  async preview(a, ctx) {
    const t = target(a);
    const have = await armGet<{ properties?: unknown }>(ctx, t.path, t.api);
    const done = Boolean(have && covers(have.properties, t.body.properties));
    const kind = a.sentinel
      ? 'Microsoft Sentinel NRT rule (≈1 min)'
      : 'Azure Monitor scheduled query rule (every 5 min)';
    return {
      actionId: 'monitoring.alertRule',
      summary: done
        ? `${kind} "${a.name}" is already installed as specified`
        : `${have ? 'Update' : 'Create'} ${kind} "${a.name}"`,
      target: { type: a.sentinel ? 'sentinelAlertRule' : 'scheduledQueryRule', id: t.path, name: a.name },
      diff: done
        ? undefined
        : {
            before: have ? ['(rule differs)'] : [],
            after: String((t.body.properties as { query?: string }).query ?? query(a)).split('\n'),
          },
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const t = target(a);
    const r = await ctx.tenant.arm.request<{ id?: string }>('PUT', t.path, t.api, t.body);
    return {
      outputs: { ruleId: r.body?.id ?? t.path, ruleKind: a.sentinel ? 'NRT' : 'ScheduledQuery', query: query(a) },
    };
  },
  async reconcile(a, ctx) {
    const t = target(a);
    const have = await armGet<{ id?: string; properties?: unknown }>(ctx, t.path, t.api);
    return have && covers(have.properties, t.body.properties)
      ? {
          applied: true,
          outputs: { ruleId: have.id ?? t.path, ruleKind: a.sentinel ? 'NRT' : 'ScheduledQuery', query: query(a) },
        }
      : { applied: false };
  },
};
