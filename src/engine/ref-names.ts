/**
 * A `${…}` reference in words, from the runbook it points into: an input's or a field's label,
 * else the output's name and the step's title. Used where a condition or a reference would
 * otherwise reach a screen, plain mode or the report as internal syntax.
 */
import type { Runbook, RunbookStep } from '../core/runbook.js';
import type { ParsedPath } from '../expr/path.js';

function findStep(steps: RunbookStep[], id: string): RunbookStep | undefined {
  for (const s of steps) {
    if (s.id === id || s.id.endsWith(`.${id}`)) return s;
    const inner = findStep(s.children, id);
    if (inner) return inner;
  }
  return undefined;
}

function labelIn(fields: unknown, name: string): string | undefined {
  if (!fields || typeof fields !== 'object') return undefined;
  const f = (fields as Record<string, unknown>)[name];
  const label = f && typeof f === 'object' ? (f as Record<string, unknown>).label : undefined;
  return typeof label === 'string' && label.trim() ? label.trim() : undefined;
}

export function refNamer(runbook: Runbook): (ref: ParsedPath) => string | undefined {
  return (ref) => {
    const [first, second] = ref.segments;
    if (ref.root === 'inputs' && typeof first === 'string') {
      const label = runbook.inputs[first]?.label;
      return label ? `“${label}”` : `the input “${first}”`;
    }
    if (ref.root === 'steps' && typeof first === 'string') {
      const step = findStep(runbook.steps, first);
      if (!step) return undefined;
      if (typeof second !== 'string') return `the step “${step.title}”`;
      const manual = step.config.manual;
      const label =
        labelIn(step.config.input, second) ??
        (manual && typeof manual === 'object'
          ? labelIn((manual as Record<string, unknown>).record, second)
          : undefined);
      return label ? `“${label}”` : `“${second}” from the step “${step.title}”`;
    }
    return undefined;
  };
}
