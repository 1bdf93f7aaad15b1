/**
 * A monthly access review of the exclusion group's membership that never
 * auto-approves (defaultDecisionEnabled false): a human must
 * re-justify every member, and an unexpected member is glaring.
 */
import { z } from 'zod';
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Action, ActionContext } from '../../core/action.js';
import { graphBody, type BodyOf } from '../../core/graph-types.js';
import { findGroup, requireUser, seg } from '../odata.js';

const Args = z.strictObject({
  group: z.string().min(1),
  reviewer: z.string().min(1),
  displayName: z.string().min(1).default('Monthly review - break-glass exclusion membership'),
});
type Args = z.infer<typeof Args>;

interface Definition {
  id: string;
  displayName: string;
  scope?: { query?: string };
  settings?: {
    defaultDecisionEnabled?: boolean;
    autoApplyDecisionsEnabled?: boolean;
    recurrence?: { pattern?: { type?: string } };
  };
}

async function find(a: Args, ctx: ActionContext, groupId: string): Promise<Definition | undefined> {
  for await (const d of ctx.tenant.graph.list<Definition>({ path: '/identityGovernance/accessReviews/definitions' })) {
    if (
      d.scope?.query?.toLowerCase() === `/groups/${groupId}/transitivemembers` &&
      d.settings?.recurrence?.pattern?.type === 'absoluteMonthly'
    )
      return d;
  }
  return undefined;
}

export const action: Action<Args> = {
  id: 'governance.accessReview',
  title: 'Create a monthly access review of the exclusion group',
  permissions: { graph: ['AccessReview.ReadWrite.All', 'GroupMember.Read.All', 'User.Read.All'] },
  destructive: false,
  risk: 'change',
  outputs: ['reviewId'],
  args: Args,
  key: (a) => `accessreview:${a.group.toLowerCase()}`,
  async preview(a, ctx) {
    const g = await findGroup(ctx.tenant, a.group);
    if (!g) throw new Error(`Group "${a.group}" not found.`);
    const existing = await find(a, ctx, g.id);
    const autoApprove = existing?.settings?.defaultDecisionEnabled === true;
    return {
      actionId: 'governance.accessReview',
      summary: existing
        ? autoApprove
          ? `Review "${existing.displayName}" exists but AUTO-APPROVES (defaultDecisionEnabled). Fix it in the portal: never auto-approve break-glass.`
          : `A monthly review of "${g.displayName}" already exists ("${existing.displayName}")`
        : `Create "${a.displayName}": monthly, reviewer ${a.reviewer}, no default decision (never auto-approve)`,
      target: { type: 'accessReviewDefinition', id: existing?.id, name: a.displayName },
      alreadyDone: Boolean(existing) && !autoApprove,
      destructive: false,
    };
  },
  async apply(a, ctx) {
    const g = await findGroup(ctx.tenant, a.group);
    if (!g) throw new Error(`Group "${a.group}" not found.`);
    const reviewer = await requireUser(ctx.tenant, a.reviewer);
    const r = await ctx.tenant.graph.request<{ id: string }>({
      method: 'POST',
      path: '/identityGovernance/accessReviews/definitions',
      body: graphBody<Graph.AccessReviewScheduleDefinition>({
        displayName: a.displayName,
        descriptionForAdmins: 'Confirm exactly the break-glass accounts remain. Remove anything else.',
        // Microsoft types `scope` as the abstract accessReviewScope (no properties): check the derived type named here.
        scope: {
          '@odata.type': '#microsoft.graph.accessReviewQueryScope',
          query: `/groups/${g.id}/transitiveMembers`,
          queryType: 'MicrosoftGraph',
        } satisfies BodyOf<Graph.AccessReviewQueryScope>,
        reviewers: [{ query: `/users/${seg(reviewer.id)}`, queryType: 'MicrosoftGraph' }],
        settings: {
          mailNotificationsEnabled: true,
          reminderNotificationsEnabled: true,
          defaultDecisionEnabled: false,
          defaultDecision: 'None',
          autoApplyDecisionsEnabled: false,
          instanceDurationInDays: 7,
          recurrence: {
            pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 1 },
            range: { type: 'noEnd', startDate: new Date().toISOString().slice(0, 10) },
          },
        },
      }),
    });
    return { outputs: { reviewId: r.body.id } };
  },
  async reconcile(a, ctx) {
    const g = await findGroup(ctx.tenant, a.group);
    const d = g ? await find(a, ctx, g.id) : undefined;
    return d ? { applied: true, outputs: { reviewId: d.id } } : { applied: false };
  },
};
