/**
 * Creates the Conditional Access policy for workload identities that lets the
 * break-glass app's service principal obtain tokens only from a named location
 * (https://learn.microsoft.com/entra/identity/conditional-access/workload-identity): the app's
 * credential then stops being usable from anywhere else, which is what a stolen certificate is.
 *
 *  - Needs Microsoft Entra Workload ID ("Workload Identities Premium licenses are required to create or
 *    modify Conditional Access policies scoped to service principals", same page); a tenant without it
 *    answers with the licence error (permission table row ca.policy.create.workloadIdentity).
 *  - Report-only first: the page offers "Report-only mode, allowing administrators to estimate the
 *    effects" before turning the policy On, and a wrong location here locks the emergency door; so
 *    `state` defaults to enabledForReportingButNotEnforced (https://learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-report-only).
 *  - POST /identity/conditionalAccess/policies
 *    (https://learn.microsoft.com/graph/api/conditionalaccessroot-post-policies?view=graph-rest-1.0) with the
 *    body of the page's Microsoft Graph sample (./checks/workload-ca.ts). The named location is given by id
 *    (or AllTrusted): breakglass does not read named locations.
 * Permissions: rows servicePrincipals.list, ca.policies.list, ca.policy.create(.workloadIdentity).
 *
 * Enforcing it changes who can use the emergency credential: the operator types the service
 * principal's name to confirm.
 */
import { z } from 'zod';
import type { Action, ActionContext } from '../../core/action.js';
import type { CaPolicy } from '../../checks/snapshot.js';
import { workloadPolicyBody, workloadPolicyGap } from '../../checks/workload-ca.js';
import { GUID, odataString } from '../odata.js';

const Args = z.strictObject({
  appId: z.string().uuid(),
  /** The named location the app may request tokens from: its object id, or AllTrusted. */
  allowedLocation: z
    .string()
    .refine((l) => l === 'AllTrusted' || GUID.test(l), 'a named location id (GUID) or AllTrusted'),
  displayName: z
    .string()
    .min(1)
    .max(256)
    .default('BREAK GLASS app - block token requests outside the allowed location'),
  state: z.enum(['enabledForReportingButNotEnforced', 'enabled']).default('enabledForReportingButNotEnforced'),
});
type Args = z.infer<typeof Args>;

const STATE_WORDS = { enabledForReportingButNotEnforced: 'report-only', enabled: 'On (enforced)' } as const;

async function state(a: Args, ctx: ActionContext) {
  let sp: { id: string; displayName: string } | undefined;
  for await (const s of ctx.tenant.graph.list<{ id: string; displayName: string }>({
    path: '/servicePrincipals',
    query: { $filter: `appId eq ${odataString(a.appId)}`, $select: 'id,displayName' },
  }))
    sp = s;
  if (!sp) throw new Error(`No service principal for app ${a.appId}. Register the break-glass app first.`);
  const policies: CaPolicy[] = [];
  for await (const p of ctx.tenant.graph.list<CaPolicy>({ path: '/identity/conditionalAccess/policies' }))
    policies.push(p);
  const fits = policies.filter((p) => !workloadPolicyGap(p, sp.id, a.allowedLocation));
  // Enforced satisfies a request for report-only; report-only does not satisfy a request to enforce.
  const done = fits.find((p) => p.state === 'enabled' || p.state === a.state);
  const sameName = policies.find((p) => p.displayName === a.displayName);
  return { sp, done, sameName, fits };
}

export const action: Action<Args> = {
  id: 'ca.createWorkloadIdentityPolicy',
  title: 'Create a Conditional Access policy for workload identities: the break-glass app only from a named location',
  permissions: { graph: ['Application.Read.All', 'Policy.ReadWrite.ConditionalAccess'] },
  destructive: true,
  risk: 'change',
  outputs: ['policyId', 'state'],
  args: Args,
  key: (a) => `wica:${a.appId}:${a.allowedLocation.toLowerCase()}:${a.state}`,
  async preview(a, ctx) {
    const { sp, done, sameName, fits } = await state(a, ctx);
    const target = { type: 'servicePrincipal', id: sp.id, name: sp.displayName };
    if (done)
      return {
        actionId: 'ca.createWorkloadIdentityPolicy',
        summary: `Policy "${done.displayName}" already blocks "${sp.displayName}" outside ${a.allowedLocation} (${done.state === 'enabled' ? 'enforced' : 'report-only'})`,
        target,
        alreadyDone: true,
        destructive: false,
      };
    if (sameName)
      throw new Error(
        `A Conditional Access policy named "${a.displayName}" exists but ${fits.includes(sameName) ? `is ${sameName.state}` : (workloadPolicyGap(sameName, sp.id, a.allowedLocation) ?? 'differs')}; breakglass does not change it. Fix it in the admin center or give another displayName.`,
      );
    return {
      actionId: 'ca.createWorkloadIdentityPolicy',
      summary: `Create Conditional Access policy "${a.displayName}" (${STATE_WORDS[a.state]}): block token requests of "${sp.displayName}" from anywhere except named location ${a.allowedLocation}`,
      target,
      diff: {
        before: [],
        after: [
          `policy: ${a.displayName}`,
          `  state: ${a.state}`,
          `  workload identity: ${sp.displayName} (${sp.id})`,
          '  cloud apps: All',
          `  locations: All, except ${a.allowedLocation}`,
          '  grant: Block access',
        ],
      },
      alreadyDone: false,
      destructive: true,
      confirmText: sp.displayName,
    };
  },
  async apply(a, ctx) {
    const { sp, done, sameName } = await state(a, ctx);
    if (done) return { outputs: { policyId: done.id, state: done.state } };
    if (sameName) throw new Error(`A Conditional Access policy named "${a.displayName}" exists and differs.`);
    const r = await ctx.tenant.graph.request<{ id: string; state: string }>({
      method: 'POST',
      path: '/identity/conditionalAccess/policies',
      body: workloadPolicyBody(a.displayName, sp.id, a.allowedLocation, a.state),
    });
    return { outputs: { policyId: r.body.id, state: r.body.state } };
  },
  async reconcile(a, ctx) {
    const { done } = await state(a, ctx);
    return done ? { applied: true, outputs: { policyId: done.id, state: done.state } } : { applied: false };
  },
};
