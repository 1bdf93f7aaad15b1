/** Union of permission sets (deduplicated, sorted) for describe(). */
import type { PermissionSet } from '../core/runbook.js';

export function unionPermissions(sets: Partial<PermissionSet>[]): Partial<PermissionSet> {
  const out: Partial<PermissionSet> = {};
  for (const api of ['graph', 'arm', 'logs'] as const) {
    const all = new Set<string>();
    for (const s of sets) for (const p of s[api] ?? []) all.add(p);
    if (all.size) out[api] = [...all].sort();
  }
  return out;
}
