/**
 * What-If (optional, wave 2): Microsoft's own Conditional Access evaluation of a break-glass sign-in to each
 * admin portal, per declared account. One application per evaluation keeps the answer unambiguous; the
 * answers are joined by policy id.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { Read } from '../core/check.js';
import { graphBody, type BodyOf, type GraphBody } from '../core/graph-types.js';
import { failed, ok, type WhatIfPolicy } from './snapshot.js';
import { pending, type PendingRead, type ReadPlan } from './graph-waves.js';

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

export function whatIfReads({ snap, config, has }: ReadPlan): PendingRead[] {
  const out: PendingRead[] = [];
  if (!has('whatIf') || !config.whatIf) return out;
  for (const a of snap.accounts) {
    if (!a.user.ok || a.user.value === null) continue;
    const parts: Read<WhatIfPolicy[]>[] = [];
    for (const app of WHAT_IF_APPS)
      out.push(
        pending<WhatIfPolicy[]>({
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
              const byId = new Map<string, WhatIfPolicy>();
              for (const p of parts)
                if (p.ok) for (const pol of p.value) if (!byId.has(pol.id) || pol.policyApplies) byId.set(pol.id, pol);
              a.whatIf = ok([...byId.values()]);
            }
          },
        }),
      );
  }
  return out;
}
