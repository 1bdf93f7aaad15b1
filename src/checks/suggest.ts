/**
 * Candidate break-glass accounts and exclusion groups, proposed from what CA
 * policies exclude. SUGGESTIONS ONLY: headless mode lists them when no
 * accounts were declared; nothing is ever checked against a guess
 * (Maester issues #197/#620 show how heuristics misfire).
 */
import type { TenantSnapshot } from './snapshot.js';

export interface Candidate {
  kind: 'user' | 'group';
  id: string;
  /** UPN or display name, when the snapshot knows it. */
  name?: string;
  /** How many enabled/report-only CA policies exclude it. */
  excludedBy: number;
  label: 'suggestion';
}

export function suggestCandidates(snap: TenantSnapshot, names: Record<string, string> = {}): Candidate[] {
  if (!snap.caPolicies.ok) return [];
  const live = snap.caPolicies.value.filter((p) => p.state !== 'disabled');
  const count = new Map<string, { kind: 'user' | 'group'; n: number }>();
  for (const p of live) {
    const u = p.conditions?.users ?? {};
    for (const id of u.excludeUsers ?? [])
      if (id !== 'GuestsOrExternalUsers') count.set(id, { kind: 'user', n: (count.get(id)?.n ?? 0) + 1 });
    for (const id of u.excludeGroups ?? []) count.set(id, { kind: 'group', n: (count.get(id)?.n ?? 0) + 1 });
  }
  // Excluded from at least half of the live policies (and at least one): that is what an exclusion group looks like.
  const threshold = Math.max(1, Math.ceil(live.length / 2));
  return [...count.entries()]
    .filter(([, v]) => v.n >= threshold)
    .sort((a, b) => b[1].n - a[1].n)
    .map(([id, v]) => ({
      kind: v.kind,
      id,
      ...(names[id] ? { name: names[id] } : {}),
      excludedBy: v.n,
      label: 'suggestion' as const,
    }));
}
