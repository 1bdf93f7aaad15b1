/**
 * Graph audit-log and governance routes: sign-ins, directory audits (both
 * visible only after ingestion, like Entra's reporting latency) and access
 * review definitions.
 */
import type { PracticeRoute } from '../types.js';
import { v1PropertyNames } from '../contracts/graph-model.js';
import { applyODataCollection } from '../odata/collection.js';
import { PracticeHttpError } from '../odata/errors.js';
import type { World } from '../world/world.js';
import type { SignInRec } from '../world/state.js';
import { createAccessReview } from '../world/directory.js';
import { actorOf, body, clean, context, graph, ok } from './util.js';
import { table } from './util.js';
import { P, perms } from './permissions.js';

function signInJson(s: SignInRec): Record<string, unknown> {
  const iso = new Date(s.at).toISOString();
  return {
    id: s.id,
    createdDateTime: iso,
    userDisplayName: s.userDisplayName,
    userPrincipalName: s.userPrincipalName,
    userId: s.userId,
    appId: s.appId,
    appDisplayName: s.appDisplayName,
    ipAddress: s.ipAddress,
    clientAppUsed: s.clientAppUsed,
    correlationId: s.id,
    conditionalAccessStatus: s.conditionalAccessStatus,
    isInteractive: s.isInteractive,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    resourceDisplayName: 'Windows Azure Service Management API',
    resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    status: {
      errorCode: s.errorCode,
      failureReason: s.errorCode === 0 ? 'Other.' : s.failureReason,
      additionalDetails: null,
    },
    deviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: 'Windows10',
      browser: 'Edge 120.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    location: {
      city: s.city,
      state: '',
      countryOrRegion: s.countryOrRegion,
      geoCoordinates: { altitude: null, latitude: null, longitude: null },
    },
    appliedConditionalAccessPolicies: s.appliedConditionalAccessPolicies,
    authenticationDetails: s.authenticationDetails,
    authenticationRequirement: s.authenticationRequirement,
  };
}

const V1_SIGNIN = (): string[] => v1PropertyNames('microsoft.graph.signIn');
const MAX_SIGNIN_PAGE = 1000;

export function logRoutes(): PracticeRoute[] {
  return [
    graph('GET', '/auditLogs/signIns', table('signIns.list', 'signIns.list.beta'), (req, w: World) => {
      w.tick();
      const all = w.signIns
        .filter((s) => s.ingested)
        .sort((a, b) => b.at - a.at)
        .map(signInJson);
      // v1.0 answers only v1.0 signIn properties: authenticationDetails, authenticationRequirement… are beta-only
      // (Graph v1.0 metadata; https://learn.microsoft.com/en-us/graph/api/resources/signin?view=graph-rest-beta).
      const v1 = req.version !== 'beta' ? V1_SIGNIN() : undefined;
      const items = v1 ? all.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => v1.includes(k)))) : all;
      return ok(
        applyODataCollection(req, items, {
          context: 'auditLogs/signIns',
          typeName: 'microsoft.graph.signIn',
          defaultPageSize: MAX_SIGNIN_PAGE,
          maxPageSize: MAX_SIGNIN_PAGE,
          countable: false,
          orderable: false,
          ...(v1 ? { properties: v1 } : {}),
        }),
      );
    }),
    graph('GET', '/auditLogs/directoryAudits', table('directoryAudits.list'), (req, w: World) => {
      w.tick();
      const items = w.audits
        .filter((a) => a.ingested)
        .sort((a, b) => b.at - a.at)
        .map((a) => ({
          id: a.id,
          category: a.category,
          correlationId: a.id,
          result: a.result,
          resultReason: '',
          activityDisplayName: a.activityDisplayName,
          activityDateTime: new Date(a.at).toISOString(),
          loggedByService: 'Core Directory',
          operationType: a.operationType,
          initiatedBy: a.initiatedBy,
          targetResources: a.targetResources,
          additionalDetails: [],
        }));
      return ok(
        applyODataCollection(req, items, {
          context: 'auditLogs/directoryAudits',
          typeName: 'microsoft.graph.directoryAudit',
          defaultPageSize: 1000,
          maxPageSize: 1000,
          countable: false,
          orderable: false,
        }),
      );
    }),
    graph(
      'GET',
      '/identityGovernance/accessReviews/definitions',
      table('accessReviews.definitions.list'),
      (req, w: World) =>
        ok(
          applyODataCollection(
            req,
            [...w.accessReviews.values()].map((d) => clean(d)),
            {
              context: 'identityGovernance/accessReviews/definitions',
              typeName: 'microsoft.graph.accessReviewScheduleDefinition',
              defaultPageSize: 100,
              maxPageSize: 100,
              countNeedsEventual: false,
            },
          ),
        ),
    ),
    graph('GET', '/identityGovernance/accessReviews/definitions/{id}', perms(P.accessReviewRead), (req, w: World) => {
      const d = w.accessReviews.get(req.params.id!);
      if (!d)
        throw new PracticeHttpError(404, 'NotFound', `The access review definition '${req.params.id}' was not found.`);
      return ok({
        '@odata.context': context(req, 'identityGovernance/accessReviews/definitions/$entity'),
        ...clean(d),
      });
    }),
    graph(
      'POST',
      '/identityGovernance/accessReviews/definitions',
      table('accessReviews.definitions.create'),
      (req, w: World) =>
        ok(
          {
            '@odata.context': context(req, 'identityGovernance/accessReviews/definitions/$entity'),
            ...clean(createAccessReview(w, actorOf(req, w), body(req))),
          },
          201,
        ),
    ),
  ];
}
