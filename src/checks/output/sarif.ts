/**
 * SARIF 2.1.0: one reportingDescriptor (rule) per check id with help text;
 * one result per check. Tenant objects have no files, so results carry
 * logicalLocations (kind = the object type, fullyQualifiedName =
 * type/id). Verdicts map onto SARIF's kind/level:
 *   fail → kind fail, level error · warn → kind fail, level warning
 *   error → kind fail, level error, plus a tool execution notification
 *   pass → kind pass · not-applicable → kind notApplicable (level none)
 * Low-severity failures are level note.
 */
import { safeJsonStringify } from '../../util/json-text.js';
import { sanitize } from '../../util/sanitize.js';
import type { CheckResult } from '../../core/events.js';
import type { CheckReport } from './report.js';
import { sourceLinks } from './sources.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFO_URI = 'https://github.com/breakglass/breakglass';

function level(r: CheckResult): 'error' | 'warning' | 'note' | 'none' {
  if (r.verdict === 'pass' || r.verdict === 'not-applicable') return 'none';
  if (r.verdict === 'warn') return 'warning';
  if (r.verdict === 'error') return 'error';
  return r.severity === 'low' || r.severity === 'info' ? 'note' : r.severity === 'medium' ? 'warning' : 'error';
}

function kind(r: CheckResult): 'pass' | 'fail' | 'notApplicable' {
  return r.verdict === 'pass' ? 'pass' : r.verdict === 'not-applicable' ? 'notApplicable' : 'fail';
}

const clean = (s: string) => sanitize(s, { multiline: true });

export function renderSarif(report: CheckReport): string {
  const ids = [...new Set(report.results.map((r) => r.id))];
  const rules = ids.map((id) => {
    const r = report.results.find((x) => x.id === id)!;
    const links = sourceLinks(r.source);
    const url = links[0]?.url;
    return {
      id,
      name: id.replace('-', ''),
      shortDescription: { text: clean(r.title) },
      fullDescription: { text: clean(report.rationale[id] ?? r.title) },
      help: {
        text: `${clean(r.remediation)} Sources: ${links.map((l) => l.url).join(' ')}`,
        markdown: `**Fix:** ${clean(r.remediation)}\n\nSources:\n${links.map((l) => `- [${l.label}](${l.url})`).join('\n')}`,
      },
      ...(url ? { helpUri: url } : {}),
      defaultConfiguration: {
        level: r.severity === 'low' || r.severity === 'info' ? 'note' : r.severity === 'medium' ? 'warning' : 'error',
      },
      properties: { severity: r.severity, tags: ['security', 'entra', 'break-glass'] },
    };
  });
  const results = report.results.map((r) => {
    const objects = r.findings.filter((f) => f.verdict === r.verdict || r.verdict === 'pass').map((f) => f.object);
    const locs = (objects.length ? objects : r.objects).slice(0, 50);
    return {
      ruleId: r.id,
      ruleIndex: ids.indexOf(r.id),
      kind: kind(r),
      level: level(r),
      message: { text: clean(r.verdict === 'error' ? `Could not run: ${r.reason}` : r.reason) },
      ...(locs.length
        ? {
            locations: locs.map((o) => ({
              logicalLocations: [
                { name: clean(o.name), kind: o.type, fullyQualifiedName: `${o.type}/${clean(o.id ?? o.name)}` },
              ],
            })),
          }
        : {}),
      properties: {
        verdict: r.verdict,
        severity: r.severity,
        findings: r.findings.map((f) => ({
          verdict: f.verdict,
          object: { type: f.object.type, id: f.object.id, name: clean(f.object.name) },
          reason: clean(f.reason),
        })),
        requestIds: [...new Set(r.evidence.map((e) => e.requestId).filter(Boolean))],
      },
    };
  });
  const errors = report.results.filter((r) => r.verdict === 'error');
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'breakglass',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFO_URI,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: errors.map((r) => ({
              level: 'error',
              message: { text: clean(`${r.id}: ${r.reason}`) },
              descriptor: { id: r.id },
            })),
          },
        ],
        properties: { tenant: clean(report.tenant.label), mode: report.tenant.mode, accounts: report.config.accounts },
        results,
      },
    ],
  };
  return safeJsonStringify(log, 2) + '\n';
}
