/**
 * The built-in catalogue: every step kind, action, check and query that ships
 * with breakglass. Commands build it at the edge and pass it down; nothing
 * below them looks anything up by import side effect.
 */
import { BUILT_IN_ACTIONS } from '../actions/index.js';
import { BUILT_IN_CHECKS } from '../checks/index.js';
import { makeCatalog, type Catalog } from '../core/catalog.js';
import { BUILT_IN_QUERIES } from '../queries/index.js';
import { BUILT_IN_STEP_KINDS } from './index.js';

export function builtInCatalog(): Catalog {
  return makeCatalog({
    stepKinds: BUILT_IN_STEP_KINDS,
    actions: BUILT_IN_ACTIONS,
    checks: BUILT_IN_CHECKS,
    queries: BUILT_IN_QUERIES,
  });
}
