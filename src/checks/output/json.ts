/**
 * Machine-readable output: the report as JSON, shaped so a dashboard can
 * merge the files of a whole fleet — each names its tenant, time, tool
 * version, every check's verdict, the counts and the exit code the command
 * returned. The shape is schema/check-report.schema.json (`schemaVersion` 1);
 * results keep their request evidence for whoever investigates.
 */
import { safeJsonStringify } from '../../util/json-text.js';
import { exitCodeFor, summarize, type CheckReport } from './report.js';

export const CHECK_REPORT_SCHEMA_VERSION = 1;

export function renderJson(report: CheckReport): string {
  const { rationale: _r, ...rest } = report;
  return (
    safeJsonStringify(
      {
        schemaVersion: CHECK_REPORT_SCHEMA_VERSION,
        ...rest,
        verdicts: Object.fromEntries(report.results.map((r) => [r.id, r.verdict])),
        summary: summarize(report.results),
        exitCode: exitCodeFor(report.results),
      },
      2,
    ) + '\n'
  );
}
