/**
 * Which steps differ between the runbook a run began with (the copy in the
 * run dir) and the one on disk now, so the operator can decide before a
 * resumed run continues with changed instructions.
 */
import type { Runbook, RunbookStep } from '../core/runbook.js';
import canonicalize from 'canonicalize';

function flatten(steps: RunbookStep[], out = new Map<string, RunbookStep>()): Map<string, RunbookStep> {
  for (const s of steps) {
    out.set(s.id, s);
    flatten(s.children, out);
  }
  return out;
}

function fingerprintStep(s: RunbookStep): string {
  return canonicalize({
    title: s.title,
    prose: s.prose.trim(),
    kind: s.kind,
    config: s.config,
    with: s.with,
    when: s.when ?? null,
    identity: s.identity ?? null,
    foreach: s.foreach ?? null,
    children: s.children.map((c) => c.id),
  })!;
}

/** Step ids that were changed, added or removed (with a word saying which), in the new runbook's order. */
export function changedSteps(before: Runbook, after: Runbook): string[] {
  const a = flatten(before.steps);
  const b = flatten(after.steps);
  const out: string[] = [];
  for (const [id, s] of b) {
    const old = a.get(id);
    if (!old) out.push(`${id} (added)`);
    else if (fingerprintStep(old) !== fingerprintStep(s)) out.push(`${id} (changed)`);
  }
  for (const id of a.keys()) if (!b.has(id)) out.push(`${id} (removed)`);
  const order = (x: Runbook) => [...flatten(x.steps).keys()].join('\n');
  if (out.length === 0 && order(before) !== order(after)) out.push('(steps reordered)');
  if (out.length === 0 && canonicalize(before.inputs) !== canonicalize(after.inputs)) out.push('(inputs changed)');
  return out;
}
