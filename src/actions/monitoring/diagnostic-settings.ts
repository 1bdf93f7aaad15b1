/**
 * Routes Entra sign-in and audit logs to a Log Analytics workspace:
 * a diagnostic setting on microsoft.aadiam with SignInLogs,
 * NonInteractiveUserSignInLogs and AuditLogs. Requires Entra ID P1.
 */
import { z } from 'zod';
import type { Action } from '../../core/action.js';
import { armGet, covers } from './arm.js';

const API = '2017-04-01';
const Args = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('breakglass-entra-to-law'),
  workspaceId: z
    .string()
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i,
      'a Log Analytics workspace resource id',
    ),
  categories: z.array(z.string()).default(['SignInLogs', 'NonInteractiveUserSignInLogs', 'AuditLogs']),
});
type Args = z.infer<typeof Args>;

const path = (a: Args) => `/providers/microsoft.aadiam/diagnosticSettings/${encodeURIComponent(a.name)}`;
const body = (a: Args) => ({
  properties: { workspaceId: a.workspaceId, logs: a.categories.map((category) => ({ category, enabled: true })) },
});

export const action: Action<Args> = {
  id: 'monitoring.entraDiagnostics',
  title: 'Send Entra sign-in and audit logs to Log Analytics',
  // microsoft.aadiam authorizes by the Entra role; the destination workspace by Azure RBAC (aadiam.diagnosticSetting.put).
  permissions: { arm: ['Security Administrator (Microsoft Entra role)', 'Log Analytics Contributor'] },
  destructive: false,
  risk: 'change',
  outputs: ['settingId'],
  args: Args,
  key: (a) => `diag:${a.name.toLowerCase()}`,
  async preview(a, ctx) {
    const have = await armGet<{ properties?: unknown }>(ctx, path(a), API);
    const done = Boolean(have && covers(have.properties, body(a).properties));
    return {
      actionId: 'monitoring.entraDiagnostics',
      summary: done
        ? `Diagnostic setting "${a.name}" already sends ${a.categories.join(', ')} to the workspace`
        : `${have ? 'Update' : 'Create'} diagnostic setting "${a.name}": ${a.categories.join(', ')} → ${a.workspaceId.split('/').pop()}`,
      target: { type: 'diagnosticSetting', id: path(a), name: a.name },
      diff: done
        ? undefined
        : { before: have ? [JSON.stringify(have.properties)] : [], after: a.categories.map((c) => `${c}: enabled`) },
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const r = await ctx.tenant.arm.request<{ id?: string }>('PUT', path(a), API, body(a));
    return { outputs: { settingId: r.body?.id ?? path(a) } };
  },
  async reconcile(a, ctx) {
    const have = await armGet<{ id?: string; properties?: unknown }>(ctx, path(a), API);
    return have && covers(have.properties, body(a).properties)
      ? { applied: true, outputs: { settingId: have.id ?? path(a) } }
      : { applied: false };
  },
};
