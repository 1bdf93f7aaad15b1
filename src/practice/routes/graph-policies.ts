/**
 * Graph policy routes: Conditional Access (incl. beta What-If), security
 * defaults, and the authentication methods policy.
 */
import type { PracticeRoute } from '../types.js';
import { applyODataCollection, applyODataEntity } from '../odata/collection.js';
import { PracticeHttpError } from '../odata/errors.js';
import { createCaPolicy, setSecurityDefaults, updateCaPolicy } from '../world/directory.js';
import { methodConfig, updateMethodConfig } from '../world/methods.js';
import { whatIf } from '../world/signins.js';
import { actorOf, body, clean, context, graph, noContent, ok } from './util.js';
import { table } from './util.js';
import { P, perms } from './permissions.js';

const CA_CONTEXT = 'identity/conditionalAccess/policies';

export function policyRoutes(): PracticeRoute[] {
  return [
    graph('GET', '/identity/conditionalAccess/policies', table('ca.policies.list'), (req, w) =>
      ok(
        applyODataCollection(
          req,
          [...w.caPolicies.values()].map((p) => clean(p)),
          {
            context: CA_CONTEXT,
            typeName: 'microsoft.graph.conditionalAccessPolicy',
            countable: false,
            orderable: false,
          },
        ),
      ),
    ),
    graph('GET', '/identity/conditionalAccess/policies/{id}', table('ca.policy.get'), (req, w) => {
      const p = w.caPolicies.get(req.params.id!.toLowerCase());
      if (!p) throw new PracticeHttpError(404, 'ResourceNotFound', `Policy with id '${req.params.id}' was not found.`);
      return ok(
        applyODataEntity(req, clean(p), { context: CA_CONTEXT, typeName: 'microsoft.graph.conditionalAccessPolicy' }),
      );
    }),
    graph(
      'POST',
      '/identity/conditionalAccess/policies',
      table('ca.policy.create', 'ca.policy.create.workloadIdentity'),
      (req, w) =>
        ok(
          {
            '@odata.context': context(req, `${CA_CONTEXT}/$entity`),
            ...clean(createCaPolicy(w, actorOf(req, w), body(req))),
          },
          201,
        ),
    ),
    graph('PATCH', '/identity/conditionalAccess/policies/{id}', table('ca.policy.update'), (req, w) => {
      updateCaPolicy(w, actorOf(req, w), req.params.id!, body(req));
      return noContent();
    }),
    graph(
      'POST',
      '/identity/conditionalAccess/evaluate',
      table('ca.evaluate'),
      (req, w) => {
        // v1.0 and beta: the action is in the v1.0 metadata (https://learn.microsoft.com/en-us/graph/api/conditionalaccessroot-evaluate?view=graph-rest-1.0).
        const value = whatIf(w, body(req));
        return ok({ '@odata.context': context(req, 'Collection(microsoft.graph.whatIfAnalysisResult)'), value }, 200);
      },
      false,
    ),

    graph('GET', '/policies/identitySecurityDefaultsEnforcementPolicy', table('securityDefaults.get'), (req, w) =>
      ok({
        '@odata.context': context(req, 'policies/identitySecurityDefaultsEnforcementPolicy/$entity'),
        ...w.securityDefaults,
      }),
    ),
    graph('PATCH', '/policies/identitySecurityDefaultsEnforcementPolicy', perms(P.secDefaultsWrite), (req, w) => {
      setSecurityDefaults(w, actorOf(req, w), body(req));
      return noContent();
    }),

    graph('GET', '/policies/authenticationMethodsPolicy', table('authMethodsPolicy.get'), (req, w) =>
      ok({
        '@odata.context': context(req, 'policies/authenticationMethodsPolicy/$entity'),
        id: 'authenticationMethodsPolicy',
        displayName: 'Authentication Methods Policy',
        description:
          'The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings',
        lastModifiedDateTime: w.authMethodsPolicy.lastModifiedDateTime,
        policyVersion: '1.5',
        policyMigrationState: 'migrationComplete',
        registrationEnforcement: {
          authenticationMethodsRegistrationCampaign: {
            snoozeDurationInDays: 1,
            state: 'default',
            excludeTargets: [],
            includeTargets: [
              { id: 'all_users', targetType: 'group', targetedAuthenticationMethod: 'microsoftAuthenticator' },
            ],
          },
        },
        'authenticationMethodConfigurations@odata.context': context(
          req,
          'policies/authenticationMethodsPolicy/authenticationMethodConfigurations',
        ),
        authenticationMethodConfigurations: clean(w.authMethodsPolicy.configurations),
      }),
    ),
    graph(
      'GET',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
      table('authMethodConfig.get'),
      (req, w) => {
        const c = methodConfig(w, req.params.id!);
        if (!c)
          throw new PracticeHttpError(
            404,
            'ResourceNotFound',
            `Authentication method configuration '${req.params.id}' was not found.`,
          );
        return ok({
          '@odata.context': context(
            req,
            'policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity',
          ),
          ...clean(c),
        });
      },
    ),
    graph(
      'PATCH',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
      table('authMethodConfig.update'),
      (req, w) => {
        updateMethodConfig(w, actorOf(req, w), req.params.id!, body(req));
        return noContent();
      },
    ),
  ];
}
