/**
 * Built-in checks by stable id (BG-001…). One file per check in
 * src/checks/bg-0nn-<slug>.ts, each exporting `check`, listed in
 * src/checks/index.ts.
 */
import type { CheckDefinition } from '../core/check.js';

const checks = new Map<string, CheckDefinition<any>>();

export function registerCheck(c: CheckDefinition<any>): void {
  checks.set(c.id, c);
}
export function getCheck(id: string): CheckDefinition<any> | undefined {
  return checks.get(id);
}
export function allChecks(): CheckDefinition<any>[] {
  return [...checks.values()].sort((a, b) => a.id.localeCompare(b.id));
}
