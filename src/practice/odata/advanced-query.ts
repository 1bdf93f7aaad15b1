/**
 * Graph's advanced queries on directory objects (https://learn.microsoft.com/graph/aad-advanced-queries).
 * Some query capabilities on users, groups, applications, service principals, devices, administrative units and
 * their relationships are "not available by default but, the requestor must also set the ConsistencyLevel header
 * to eventual and, with the exception of $search, use the $count query parameter". Modelled here, for a
 * collection of directory objects:
 *  - `ne` and `not` ("The not and ne negation operators are supported only with advanced query parameters") and
 *    `endsWith` ("supported only with advanced query parameters"): without both, Learn prints
 *    400 Request_UnsupportedQuery "Operator 'endsWith' is not supported because the required parameters might be
 *    missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to
 *    https://aka.ms/graph-docs/advanced-queries for more information" — the same answer is given for ne and not
 *    (Learn prints the endsWith case only; the stricter reading).
 *  - `$filter` with `$orderby`: "Using $filter and $orderby together is supported only with advanced queries".
 *  - `$orderby`: by default only on group displayName, user displayName and user userPrincipalName (Learn's
 *    "Support for sorting" table); any other property, and any sort of a relationship the table does not list
 *    (members, memberOf…), needs the advanced parameters (the stricter reading). Learn names the code for a query
 *    missing them (Request_UnsupportedQuery) but prints no message for sorting: the message is the practice
 *    tenant's.
 *  - `$count=true` without the header: "silently ignores the $count query parameter" — 200 without @odata.count.
 *  - `$search` without the header: 400 Request_UnsupportedQuery with Learn's message (./collection.ts).
 */
import type { FilterNode } from './filter.js';
import { PracticeHttpError } from './errors.js';

/** What a request carries of the advanced query parameters. */
export interface AdvancedParams {
  /** ConsistencyLevel: eventual. */
  eventual: boolean;
  /** $count=true. */
  count: boolean;
}

const ADVANCED_DOC = 'https://aka.ms/graph-docs/advanced-queries';

/** Properties Learn's "Support for sorting" table marks as sortable by default, by entity type. */
const DEFAULT_ORDERBY: Record<string, readonly string[]> = {
  'microsoft.graph.group': ['displayname'],
  'microsoft.graph.user': ['displayname', 'userprincipalname'],
};

/** The first operator in a filter that only advanced queries serve, with Graph's spelling. */
export function advancedOperator(node: FilterNode): string | undefined {
  switch (node.k) {
    case 'and':
    case 'or':
      return advancedOperator(node.l) ?? advancedOperator(node.r);
    case 'not':
      return 'not';
    case 'cmp':
      return node.op === 'ne' ? 'ne' : undefined;
    case 'fn':
      return node.name === 'endswith' ? 'endsWith' : undefined;
    case 'lambda':
      return node.body ? advancedOperator(node.body) : undefined;
    default:
      return undefined;
  }
}

function unsupportedQuery(message: string): PracticeHttpError {
  return new PracticeHttpError(400, 'Request_UnsupportedQuery', message);
}

/**
 * Refuses, as Graph does, a directory-object query that needs the advanced parameters and lacks either of them.
 * `typeName` is the collection's entity type (microsoft.graph.user …).
 */
export function requireAdvancedWhereNeeded(
  p: AdvancedParams,
  filter: FilterNode | undefined,
  orderby: string | undefined,
  typeName: string | undefined,
): void {
  if (p.eventual && p.count) return;
  const op = filter ? advancedOperator(filter) : undefined;
  if (op)
    throw unsupportedQuery(
      `Operator '${op}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to ${ADVANCED_DOC} for more information`,
    );
  if (orderby === undefined) return;
  if (filter)
    throw unsupportedQuery(
      `$filter and $orderby in the same query on directory objects need $count=true and the ConsistencyLevel:eventual header. Refer to ${ADVANCED_DOC} for more information`,
    );
  const defaults = DEFAULT_ORDERBY[(typeName ?? '').toLowerCase()] ?? [];
  if (!defaults.includes(orderby.toLowerCase()))
    throw unsupportedQuery(
      `Sorting by '${orderby}' on ${typeName ?? 'this collection'} needs $count=true and the ConsistencyLevel:eventual header. Refer to ${ADVANCED_DOC} for more information`,
    );
}
