/** Queries by id. See ./types.ts. */
import type { Query } from '../core/query.js';

const queries = new Map<string, Query<any>>();

export function registerQuery(q: Query<any>): void {
  queries.set(q.id, q);
}
export function getQuery(id: string): Query<any> | undefined {
  return queries.get(id);
}
export function allQueries(): Query<any>[] {
  return [...queries.values()];
}
