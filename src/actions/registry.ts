/**
 * Actions (named tenant mutations) by id, e.g. "tap.create". One file per
 * action in src/actions/<area>/<name>.ts, each exporting `action`, listed in
 * src/actions/index.ts. Actions import no SDK (they use TenantSession).
 */
import type { Action } from '../core/action.js';

const actions = new Map<string, Action<any>>();

export function registerAction(a: Action<any>): void {
  actions.set(a.id, a);
}
export function getAction(id: string): Action<any> | undefined {
  return actions.get(id);
}
export function allActions(): Action<any>[] {
  return [...actions.values()];
}
