/**
 * Graph per-user authentication methods: the methods list, FIDO2, phone and
 * Temporary Access Pass methods. A created TAP is in the 201 response only.
 */
import type { PracticeRoute } from '../types.js';
import { applyODataCollection, applyODataEntity } from '../odata/collection.js';
import type { World } from '../world/world.js';
import { createTap, deleteMethod } from '../world/methods.js';
import type { AuthMethodRec } from '../world/state.js';
import { actorOf, body, context, graph, noContent, notFound, ok } from './util.js';
import { table } from './util.js';
import { methodJson, passwordMethodJson } from './serialize.js';
import { P, perms } from './permissions.js';

type Kind = AuthMethodRec['kind'];

function user(w: World, id: string) {
  const u = w.user(id);
  if (!u) throw notFound(id);
  return u;
}

/** `rows`: the permission-table rows of the list and delete calls breakglass makes for this method kind. */
function kindRoutes(
  segment: string,
  kind: Kind,
  typeName: string,
  deletable: boolean,
  rows: { list?: string; del?: string } = {},
): PracticeRoute[] {
  const list = graph(
    'GET',
    `/users/{id}/authentication/${segment}`,
    rows.list ? table(rows.list) : perms(P.methodsRead),
    (req, w) => {
      const u = user(w, req.params.id!);
      const items = u._methods.filter((m) => m.kind === kind).map((m) => methodJson(w, m, u));
      return ok(
        applyODataCollection(req, items, {
          context: `users('${u.id}')/authentication/${segment}`,
          typeName,
          filterable: false,
          orderable: false,
          countNeedsEventual: false,
        }),
      );
    },
  );
  const one = graph('GET', `/users/{id}/authentication/${segment}/{methodId}`, perms(P.methodsRead), (req, w) => {
    const u = user(w, req.params.id!);
    const m = u._methods.find((x) => x.kind === kind && x.id.toLowerCase() === req.params.methodId!.toLowerCase());
    if (!m) throw notFound(req.params.methodId!);
    return ok(
      applyODataEntity(req, methodJson(w, m, u), { context: `users('${u.id}')/authentication/${segment}`, typeName }),
    );
  });
  const del = graph(
    'DELETE',
    `/users/{id}/authentication/${segment}/{methodId}`,
    rows.del ? table(rows.del) : perms(P.methodsWrite),
    (req, w) => {
      deleteMethod(w, actorOf(req, w), req.params.id!, kind, req.params.methodId!);
      return noContent();
    },
  );
  return deletable ? [list, one, del] : [list, one];
}

export function authMethodRoutes(): PracticeRoute[] {
  return [
    graph('GET', '/users/{id}/authentication/methods', table('user.authMethods.list'), (req, w) => {
      const u = user(w, req.params.id!);
      const items = [passwordMethodJson(u), ...u._methods.map((m) => methodJson(w, m, u))];
      return ok(
        applyODataCollection(req, items, {
          context: `users('${u.id}')/authentication/methods`,
          typeName: 'microsoft.graph.authenticationMethod',
          filterable: false,
          orderable: false,
          countNeedsEventual: false,
        }),
      );
    }),
    ...kindRoutes('fido2Methods', 'fido2', 'microsoft.graph.fido2AuthenticationMethod', true, {
      list: 'user.fido2Methods.list',
    }),
    ...kindRoutes('phoneMethods', 'phone', 'microsoft.graph.phoneAuthenticationMethod', true),
    ...kindRoutes(
      'microsoftAuthenticatorMethods',
      'microsoftAuthenticator',
      'microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
      true,
    ),
    ...kindRoutes('emailMethods', 'email', 'microsoft.graph.emailAuthenticationMethod', true),
    ...kindRoutes('softwareOathMethods', 'softwareOath', 'microsoft.graph.softwareOathAuthenticationMethod', true),
    ...kindRoutes(
      'temporaryAccessPassMethods',
      'temporaryAccessPass',
      'microsoft.graph.temporaryAccessPassAuthenticationMethod',
      true,
      { list: 'user.tapMethods.list', del: 'user.tap.delete' },
    ),
    graph('POST', '/users/{id}/authentication/temporaryAccessPassMethods', table('user.tap.create'), (req, w) => {
      const { method, pass } = createTap(w, actorOf(req, w), req.params.id!, body(req));
      // The only response that ever carries the pass.
      return ok(
        {
          '@odata.context': context(req, `users('${req.params.id}')/authentication/temporaryAccessPassMethods/$entity`),
          ...methodJson(w, method, w.user(req.params.id!)),
          temporaryAccessPass: pass,
        },
        201,
      );
    }),
  ];
}
