/**
 * Creates the action group the break-glass alerts page through:
 * e-mail AND an out-of-band channel (SMS or a webhook to the pager), because
 * during a tenant-wide identity outage e-mail may be what is down.
 */
import { z } from 'zod';
import type { Action } from '../../core/action.js';
import { armGet, covers } from './arm.js';

const API = '2023-01-01';
const Args = z
  .object({
    resourceGroupId: z
      .string()
      .regex(
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i,
        'a resource group id: /subscriptions/<sub>/resourceGroups/<rg>',
      ),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,260}$/)
      .default('ag-breakglass'),
    shortName: z.string().min(1).max(12).default('breakglass'),
    emails: z.array(z.string().email()).default([]),
    sms: z
      .array(
        z.strictObject({ countryCode: z.string().regex(/^\d{1,4}$/), phoneNumber: z.string().regex(/^\d{4,15}$/) }),
      )
      .default([]),
    webhooks: z.array(z.string().url()).default([]),
  })
  .refine(
    (a) => a.emails.length + a.sms.length + a.webhooks.length > 0,
    'give at least one receiver (emails, sms or webhooks)',
  );
type Args = z.infer<typeof Args>;

const path = (a: Args) =>
  `${a.resourceGroupId}/providers/Microsoft.Insights/actionGroups/${encodeURIComponent(a.name)}`;
const props = (a: Args) => ({
  groupShortName: a.shortName,
  enabled: true,
  emailReceivers: a.emails.map((e, i) => ({ name: `email-${i + 1}`, emailAddress: e, useCommonAlertSchema: true })),
  smsReceivers: a.sms.map((s, i) => ({ name: `sms-${i + 1}`, countryCode: s.countryCode, phoneNumber: s.phoneNumber })),
  webhookReceivers: a.webhooks.map((u, i) => ({ name: `webhook-${i + 1}`, serviceUri: u, useCommonAlertSchema: true })),
});

export const action: Action<Args> = {
  id: 'monitoring.actionGroup',
  title: 'Create the action group that pages on-call',
  // The GET before the PUT is authorized by Microsoft.Insights/actionGroups/read (Monitoring Reader), the PUT by
  // actionGroups/write (Monitoring Contributor): the permission table's rows insights.actionGroup.get / .put.
  permissions: { arm: ['Monitoring Reader', 'Monitoring Contributor'] },
  destructive: false,
  risk: 'change',
  outputs: ['actionGroupId'],
  args: Args,
  key: (a) => `actiongroup:${path(a).toLowerCase()}`,
  async preview(a, ctx) {
    const have = await armGet<{ properties?: unknown }>(ctx, path(a), API);
    const done = Boolean(have && covers(have.properties, props(a)));
    const receivers = [
      ...a.emails,
      ...a.sms.map((s) => `+${s.countryCode} ${s.phoneNumber}`),
      ...a.webhooks.map((w) => new URL(w).host),
    ];
    return {
      actionId: 'monitoring.actionGroup',
      summary: done
        ? `Action group "${a.name}" already pages ${receivers.join(', ')}`
        : `${have ? 'Update' : 'Create'} action group "${a.name}" paging ${receivers.join(', ')}`,
      target: { type: 'actionGroup', id: path(a), name: a.name },
      diff: done ? undefined : { before: [], after: receivers.map((r) => `receiver: ${r}`) },
      alreadyDone: done,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const r = await ctx.tenant.arm.request<{ id?: string }>('PUT', path(a), API, {
      location: 'Global',
      properties: props(a),
    });
    return { outputs: { actionGroupId: r.body?.id ?? path(a) } };
  },
  async reconcile(a, ctx) {
    const have = await armGet<{ id?: string; properties?: unknown }>(ctx, path(a), API);
    return have && covers(have.properties, props(a))
      ? { applied: true, outputs: { actionGroupId: have.id ?? path(a) } }
      : { applied: false };
  },
};
