/** Machine-readable output: the report as JSON (results include request evidence). */
import { summarize, type CheckReport } from './report.js';

export function renderJson(report: CheckReport): string {
  const { rationale: _r, ...rest } = report;
  return JSON.stringify({ ...rest, summary: summarize(report.results) }, null, 2) + '\n';
}
