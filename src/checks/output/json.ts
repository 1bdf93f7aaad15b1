/** Machine-readable output: the report as JSON (results include request evidence). */
import { safeJsonStringify } from '../../util/json-text.js';
import { summarize, type CheckReport } from './report.js';

export function renderJson(report: CheckReport): string {
  const { rationale: _r, ...rest } = report;
  return safeJsonStringify({ ...rest, summary: summarize(report.results) }, 2) + '\n';
}
