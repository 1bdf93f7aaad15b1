/**
 * Request bodies are typed by Microsoft's Graph types (@microsoft/microsoft-graph-types), so a
 * misspelled property or a wrong enum value does not compile. This file is the proof, and its
 * proof runs under `npm run typecheck` (tsc includes test/): each `@ts-expect-error` below must
 * meet a compile error. Were the typing removed — GraphRequest.body back to `unknown`, graphBody()
 * accepting anything, a body builder losing its Microsoft type — the directive would be unused and
 * the typecheck would fail. The `it` blocks also run: the checked body is the body sent, unchanged.
 */
import { describe, expect, it } from 'vitest';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { graphBody, odataRef } from '../../src/core/graph-types.js';
import type { GraphRequest, TenantSession } from '../../src/core/tenant.js';
import { cloudProfile } from '../../src/config/clouds.js';
import { methodConfigPatch } from '../../src/actions/authmethods/method-config.js';
import { whatIfBody } from '../../src/checks/fetch-what-if.js';
import { directoryObjectRef } from '../../src/actions/odata.js';

describe("Graph request bodies are checked against Microsoft's types", () => {
  it('a misspelled property of microsoft.graph.user does not compile', () => {
    // @ts-expect-error -- "accountEnabeld": microsoft.graph.user has accountEnabled.
    const wrong = graphBody<Graph.User>({ accountEnabeld: true });
    const right = graphBody<Graph.User>({ accountEnabled: true, passwordPolicies: 'DisablePasswordExpiration' });
    expect(wrong).toEqual({ accountEnabeld: true });
    expect(right).toEqual({ accountEnabled: true, passwordPolicies: 'DisablePasswordExpiration' });
  });

  it('a misspelled property nested in a Conditional Access PATCH does not compile', () => {
    const body = graphBody<Graph.ConditionalAccessPolicy>({
      // @ts-expect-error -- "excludeGroup": conditionalAccessUsers has excludeGroups.
      conditions: { users: { excludeGroup: ['g'] } },
    });
    expect(body).toEqual({ conditions: { users: { excludeGroup: ['g'] } } });
  });

  it('an enum value Microsoft does not define does not compile', () => {
    // @ts-expect-error -- unifiedRoleScheduleRequestActions has adminAssign, not "assign".
    const role = graphBody<Graph.UnifiedRoleAssignmentScheduleRequest>({ action: 'assign' });
    expect(role).toEqual({ action: 'assign' });
    // The authentication methods PATCH builder is typed by the method's configuration type.
    // @ts-expect-error -- authenticationMethodTargetType is user | group | unknownFutureValue.
    const patch = methodConfigPatch('Fido2', { includeTargets: [{ id: 'g', targetType: 'groups' }] });
    expect(patch).toEqual({
      includeTargets: [{ id: 'g', targetType: 'groups' }],
      '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
    });
  });

  it('a body that did not go through a Microsoft type is not a GraphRequest body', () => {
    // @ts-expect-error -- a raw object literal is not a GraphBody: it must be built by graphBody<T>().
    const raw: GraphRequest = { method: 'POST', path: '/users', body: { accountEnabled: true } };
    // @ts-expect-error -- graphBody without a type argument checks nothing, so it takes no property.
    const untyped = graphBody({ accountEnabled: true });
    const typed: GraphRequest = {
      method: 'POST',
      path: '/users',
      body: graphBody<Graph.User>({ accountEnabled: true }),
    };
    expect(raw.body).toEqual(typed.body);
    expect(untyped).toEqual({ accountEnabled: true });
  });

  it('the bodies the product builds carry what the documentation asks for', () => {
    // A reference names the tenant's own cloud's Graph (https://learn.microsoft.com/graph/deployments).
    for (const cloud of ['public', 'usgov', 'usgovdod', 'china'] as const) {
      const root = cloudProfile(cloud).resources.graph;
      expect(directoryObjectRef({ graph: { root } as TenantSession['graph'] }, 'u1')).toEqual(
        odataRef(`${root}/v1.0/directoryObjects/u1`),
      );
    }
    expect(cloudProfile('usgovdod').resources.graph).toBe('https://dod-graph.microsoft.us');
    // https://learn.microsoft.com/graph/api/conditionalaccessroot-evaluate: signInIdentity, signInContext and
    // signInConditions are required; includeApplications takes appId values.
    expect(whatIfBody('user-1', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c')).toEqual({
      signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: 'user-1' },
      signInContext: {
        '@odata.type': '#microsoft.graph.applicationContext',
        includeApplications: ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c'],
      },
      signInConditions: { clientAppType: 'browser', signInRiskLevel: 'none', userRiskLevel: 'none' },
      appliedPoliciesOnly: true,
    });
  });
});
