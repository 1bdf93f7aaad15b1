/**
 * Graph application routes: app registrations (keyCredentials upload, seed
 * 000), service principals, and app role assignments (admin consent).
 */
import type { PracticeRoute } from '../types.js';
import { applyODataCollection, applyODataEntity } from '../odata/collection.js';
import type { World } from '../world/world.js';
import type { ApplicationRec } from '../world/state.js';
import {
  createApplication,
  createServicePrincipal,
  grantAppRole,
  removeApplicationPassword,
  addApplicationPassword,
  updateApplication,
} from '../world/directory.js';
import { actorOf, body, clean, context, graph, noContent, notFound, ok } from './util.js';
import { table } from './util.js';
import { spJson } from './serialize.js';
import { memberItems, memberOptions } from './graph-directory.js';
import { notFoundRef, removeOwnerOf } from './app-owners.js';
import { P, perms } from './permissions.js';
import { nameGuid } from '../world/ids.js';

/** A certificate's DER bytes, Base64: what `key` holds. Null for a credential known only by its metadata. */
function keyOf(k: ApplicationRec['keyCredentials'][number]): string | null {
  if (!k._pem) return null;
  return k._pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function appJson(a: ApplicationRec, withKeys = false): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.application',
    ...clean(a),
    // `key` is "returned only on $select for a single object, that is, GET applications/{applicationId}?$select=keyCredentials
    // ...; otherwise, it's always null" (https://learn.microsoft.com/graph/api/resources/keycredential).
    keyCredentials: a.keyCredentials.map((k) => ({ ...clean(k), key: withKeys ? keyOf(k) : null })),
    passwordCredentials: a.passwordCredentials.map((p) => ({ ...clean(p), secretText: null })),
    publicClient: { redirectUris: a.isFallbackPublicClient ? ['http://localhost'] : [] },
    deletedDateTime: null,
  };
}

/**
 * One federatedIdentityCredential as Graph returns it (v1.0 metadata: id, name, issuer, subject, audiences,
 * description; https://learn.microsoft.com/graph/api/resources/federatedidentitycredential). Scenarios name
 * no id, so it is derived from the app and the credential's name (unique on the app): stable across loads.
 */
function ficJson(a: ApplicationRec, f: NonNullable<ApplicationRec['_federatedIdentityCredentials']>[number]) {
  return {
    id: nameGuid('federatedIdentityCredential', `${a.appId}#${f.name}`),
    name: f.name,
    issuer: f.issuer,
    subject: f.subject,
    audiences: [...f.audiences],
    description: null,
  };
}

function findApp(w: World, id: string): ApplicationRec {
  const a = w.applications.get(id.toLowerCase());
  if (!a) throw notFound(id);
  return a;
}

export function appRoutes(): PracticeRoute[] {
  return [
    graph('GET', '/applications', table('applications.list'), (req, w) =>
      ok(
        applyODataCollection(
          req,
          [...w.applications.values()].map((a) => appJson(a)),
          {
            context: 'applications',
            typeName: 'microsoft.graph.application',
          },
        ),
      ),
    ),
    graph('GET', '/applications/{id}', table('application.get.keyCredentials'), (req, w) =>
      ok(
        applyODataEntity(
          req,
          appJson(
            findApp(w, req.params.id!),
            (req.query.get('$select') ?? '').split(',').some((f) => f.trim().toLowerCase() === 'keycredentials'),
          ),
          {
            context: 'applications',
            typeName: 'microsoft.graph.application',
          },
        ),
      ),
    ),
    graph('POST', '/applications', table('application.create'), (req, w) =>
      ok(
        {
          '@odata.context': context(req, 'applications/$entity'),
          ...appJson(createApplication(w, actorOf(req, w), body(req))),
        },
        201,
      ),
    ),
    graph('PATCH', '/applications/{id}', table('application.update'), (req, w) => {
      updateApplication(w, actorOf(req, w), findApp(w, req.params.id!).id, body(req));
      return noContent();
    }),
    // https://learn.microsoft.com/graph/api/application-addpassword?view=graph-rest-1.0: 200 with the
    // passwordCredential, secretText included (the only time it is returned).
    graph('POST', '/applications/{id}/addPassword', table('application.addPassword'), (req, w) => {
      const c = addApplicationPassword(w, actorOf(req, w), findApp(w, req.params.id!), body(req));
      return ok({
        '@odata.context': context(req, 'microsoft.graph.passwordCredential'),
        customKeyIdentifier: null,
        displayName: c.displayName,
        endDateTime: c.endDateTime,
        hint: c.hint,
        keyId: c.keyId,
        secretText: c.secretText,
        startDateTime: c.startDateTime,
      });
    }),
    // https://learn.microsoft.com/graph/api/application-removepassword?view=graph-rest-1.0
    graph(
      'POST',
      '/applications/{id}/removePassword',
      table('application.removePassword'),
      (req, w) => {
        removeApplicationPassword(w, actorOf(req, w), findApp(w, req.params.id!), body(req));
        return noContent();
      },
      true,
    ),
    // List federatedIdentityCredentials: $filter (eq) and $select are supported
    // (https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials?view=graph-rest-1.0).
    graph(
      'GET',
      '/applications/{id}/federatedIdentityCredentials',
      table('application.federatedIdentityCredentials.list'),
      (req, w) => {
        const app = findApp(w, req.params.id!);
        return ok(
          applyODataCollection(
            req,
            (app._federatedIdentityCredentials ?? []).map((f) => ficJson(app, f)),
            {
              context: `applications('${app.id}')/federatedIdentityCredentials`,
              typeName: 'microsoft.graph.federatedIdentityCredential',
              countNeedsEventual: false,
            },
          ),
        );
      },
    ),
    // https://learn.microsoft.com/graph/api/application-list-owners?view=graph-rest-1.0
    graph('GET', '/applications/{id}/owners', table('application.owners.list'), (req, w) =>
      ok(applyODataCollection(req, memberItems(w, findApp(w, req.params.id!)._owners ?? [], req), memberOptions())),
    ),
    // https://learn.microsoft.com/graph/api/application-delete-owners?view=graph-rest-1.0
    graph(
      'DELETE',
      '/applications/{id}/owners/{ownerId}/$ref',
      table('application.owner.remove'),
      (req, w) => {
        const app = findApp(w, req.params.id!);
        if (!(app._owners ?? []).includes(req.params.ownerId!.toLowerCase())) throw notFoundRef(req.params.ownerId!);
        removeOwnerOf(w, actorOf(req, w), app, req.params.ownerId!.toLowerCase(), 'Application');
        return noContent();
      },
      true,
    ),
    // https://learn.microsoft.com/graph/api/serviceprincipal-list-owners?view=graph-rest-1.0
    graph('GET', '/servicePrincipals/{id}/owners', table('servicePrincipal.owners.list'), (req, w) => {
      const sp = w.servicePrincipals.get(req.params.id!.toLowerCase());
      if (!sp) throw notFound(req.params.id!);
      return ok(applyODataCollection(req, memberItems(w, sp._owners ?? [], req), memberOptions()));
    }),
    // https://learn.microsoft.com/graph/api/serviceprincipal-delete-owners?view=graph-rest-1.0
    graph(
      'DELETE',
      '/servicePrincipals/{id}/owners/{ownerId}/$ref',
      table('servicePrincipal.owner.remove'),
      (req, w) => {
        const sp = w.servicePrincipals.get(req.params.id!.toLowerCase());
        if (!sp) throw notFound(req.params.id!);
        if (!(sp._owners ?? []).includes(req.params.ownerId!.toLowerCase())) throw notFoundRef(req.params.ownerId!);
        removeOwnerOf(w, actorOf(req, w), sp, req.params.ownerId!.toLowerCase(), 'ServicePrincipal');
        return noContent();
      },
      true,
    ),
    graph('GET', '/servicePrincipals', table('servicePrincipals.list'), (req, w) =>
      ok(
        applyODataCollection(req, [...w.servicePrincipals.values()].map(spJson), {
          context: 'servicePrincipals',
          typeName: 'microsoft.graph.servicePrincipal',
        }),
      ),
    ),
    graph('GET', '/servicePrincipals/{id}', perms(P.appsRead), (req, w) => {
      const sp = w.servicePrincipals.get(req.params.id!.toLowerCase());
      if (!sp) throw notFound(req.params.id!);
      return ok(
        applyODataEntity(req, spJson(sp), {
          context: 'servicePrincipals',
          typeName: 'microsoft.graph.servicePrincipal',
        }),
      );
    }),
    graph('POST', '/servicePrincipals', table('servicePrincipal.create'), (req, w) =>
      ok(
        {
          '@odata.context': context(req, 'servicePrincipals/$entity'),
          ...spJson(createServicePrincipal(w, actorOf(req, w), body(req))),
        },
        201,
      ),
    ),
    graph(
      'GET',
      '/servicePrincipals/{id}/appRoleAssignments',
      table('servicePrincipal.appRoleAssignments.list'),
      (req, w) => {
        const sp = w.servicePrincipals.get(req.params.id!.toLowerCase());
        if (!sp) throw notFound(req.params.id!);
        const items = [...w.appRoleAssignments.values()]
          .filter((a) => a.principalId === sp.id)
          .map((a) => ({ ...clean(a), deletedDateTime: null }));
        return ok(
          applyODataCollection(req, items, {
            context: `servicePrincipals('${sp.id}')/appRoleAssignments`,
            typeName: 'microsoft.graph.appRoleAssignment',
            countNeedsEventual: false,
          }),
        );
      },
    ),
    graph(
      'POST',
      '/servicePrincipals/{id}/appRoleAssignments',
      table('servicePrincipal.appRoleAssignment.create'),
      (req, w) => {
        const a = grantAppRole(w, actorOf(req, w), req.params.id!, body(req));
        return ok(
          { '@odata.context': context(req, `servicePrincipals('${req.params.id}')/appRoleAssignments/$entity`), ...a },
          201,
        );
      },
    ),
  ];
}
