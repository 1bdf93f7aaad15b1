/** What every output format renders: the results of one headless check run. */
import type { CheckResult } from '../../core/events.js';
import type { CheckVerdict } from '../../core/runbook.js';
import { EXIT } from '../../core/exit-codes.js';

export interface CheckReport {
  tool: { name: 'breakglass'; version: string };
  /** id: the tenant id (GUID) or domain signed in to — the key a fleet merges results on. */
  tenant: { id?: string; label: string; mode: 'practice' | 'live' };
  generatedAt: string;
  durationMs: number;
  /** declaration: the --config file as given (relative), which SARIF results point at. */
  config: { accounts: string[]; group?: string; workspace?: string; declaration?: string };
  results: CheckResult[];
  /** Rationale per check id (SARIF rule descriptions, markdown). */
  rationale: Record<string, string>;
}

export type Summary = Record<CheckVerdict, number>;

export function summarize(results: CheckResult[]): Summary {
  const s: Summary = { pass: 0, warn: 0, fail: 0, error: 0, 'not-applicable': 0 };
  for (const r of results) s[r.verdict]++;
  return s;
}

/** 0 all pass (warn / not-applicable allowed), 1 any fail, 2 any error — error wins over fail. */
export function exitCodeFor(results: CheckResult[]): number {
  if (results.some((r) => r.verdict === 'error')) return EXIT.ERROR;
  if (results.some((r) => r.verdict === 'fail')) return EXIT.FAIL;
  return EXIT.OK;
}
