/** Shared bits for the Ink screen tests: keys as a terminal sends them, waiting for frames, fixtures. */
import type { RunSummary, StepResult } from '../src/core/events.js';
import type { CheckResult } from '../src/core/events.js';

export const KEY = {
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  backspace: '\x7f',
  ctrlC: '\x03',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
} as const;

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Wait until `pred(lastFrame)` holds (or fail with the frame, so the failure shows what the operator saw). */
export async function waitFor(get: () => string | undefined, pred: (f: string) => boolean, ms = 2000): Promise<string> {
  const end = Date.now() + ms;
  let f = get() ?? '';
  while (Date.now() < end) {
    f = get() ?? '';
    if (pred(f)) return f;
    await tick(15);
  }
  throw new Error(`timed out; last frame:\n${f}`);
}

/** Type keys one by one, as a person would, letting Ink process each. */
export async function type(stdin: { write(s: string): void }, ...keys: string[]): Promise<void> {
  // React attaches input handlers in passive effects, just after a frame is painted:
  // a key sent in the same instant would reach the previous widget. People are slower.
  await tick(20);
  for (const k of keys) {
    stdin.write(k);
    await tick(20);
  }
}

export const run: RunSummary = {
  runId: 'run-2025-01-01-abc123',
  runbookId: 'quarterly-validation',
  runbookTitle: 'Quarterly break-glass validation',
  runbookVersion: '1.0.0',
  runbookSha256: 'a'.repeat(64),
  tenantLabel: 'PRACTICE · healthy',
  practice: true,
  totalSteps: 5,
};

export function result(partial: Partial<StepResult> = {}): StepResult {
  return {
    status: 'done',
    summary: 'confirmed',
    outputs: {},
    evidence: [],
    startedAt: '2025-01-01T00:00:00Z',
    finishedAt: '2025-01-01T00:00:01Z',
    ...partial,
  };
}

/** A check's result as a screen receives it: `<id> title`, high severity, nothing else unless given. */
export function checkResult(
  id: string,
  verdict: CheckResult['verdict'],
  reason: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    id,
    title: `${id} title`,
    severity: 'high',
    verdict,
    reason,
    objects: [],
    findings: [],
    remediation: '',
    source: '',
    evidence: [],
    ...extra,
  };
}

export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '');
