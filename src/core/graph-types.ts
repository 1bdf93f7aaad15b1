/**
 * Every request body the product sends to Microsoft Graph is typed by
 * Microsoft's own types (@microsoft/microsoft-graph-types for v1.0,
 * @microsoft/microsoft-graph-types-beta for beta calls), generated from the
 * service's published CSDL metadata. A misspelled property or a wrong enum
 * value in a body is then a compile error, not a 400 on a real tenant in an
 * emergency.
 *
 * The mechanism: GraphRequest.body (./tenant.ts) accepts only a GraphBody,
 * and the only way to make one is graphBody<T>(…) (or odataRef for a `$ref`),
 * whose argument the compiler checks against T with excess-property checks.
 * An untyped object literal as a body does not compile
 * (src/core/graph-types.typecheck.ts proves both, under `npm run typecheck`).
 *
 * Answers are read through Selected<T, …>: the properties a caller $selects,
 * named and typed by the same Microsoft type.
 *
 * Type-only imports: the packages hold declarations only, nothing is loaded at run time.
 */
declare const checkedBody: unique symbol;

/** A request body whose property names and values the compiler checked against a Microsoft Graph type. */
export interface GraphBody {
  readonly [checkedBody]: 'built by graphBody<T>() or odataRef()';
}

/**
 * T as a request body: every property optional (a PATCH sends only what
 * changes), plus the OData annotation a derived type must carry, e.g.
 * "#microsoft.graph.fido2AuthenticationMethodConfiguration"
 * (https://learn.microsoft.com/graph/api/authenticationmethodconfiguration-update).
 * Microsoft's types declare no `@odata.type`; it is the one property added here.
 */
export type BodyOf<T> = { [K in keyof T]?: T[K] } & { '@odata.type'?: `#microsoft.graph.${string}` };

/**
 * Checks `body` against Microsoft's type T and marks it as checked. T must be
 * given explicitly: NoInfer stops the compiler from inferring T from the
 * body itself (which would check nothing), and the `never` default leaves a
 * call without T unable to take any property.
 */
export function graphBody<T = never>(body: NoInfer<BodyOf<T>>): GraphBody {
  return body as unknown as GraphBody;
}

/**
 * The body of a POST …/$ref (add a member or an owner): `{"@odata.id": "<directoryObject URL>"}`.
 * Microsoft's types have no type for an OData reference; its shape is the documented request body of
 * https://learn.microsoft.com/graph/api/group-post-members and https://learn.microsoft.com/graph/api/group-post-owners.
 */
export function odataRef(url: string): GraphBody {
  return { '@odata.id': url } as unknown as GraphBody;
}

/**
 * A read shape: the properties of Microsoft's type T a caller reads (and `$select`s).
 * Req: always in the answer (ids, keys the caller cannot do without), never null.
 * Opt: as Microsoft types them (optional, often nullable).
 * A property name that T does not have is a compile error.
 */
export type Selected<T, Req extends keyof T, Opt extends keyof T = never> = {
  [K in Req]-?: NonNullable<T[K]>;
} & { [K in Opt]?: T[K] };
