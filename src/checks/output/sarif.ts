/**
 * SARIF 2.1.0: one reportingDescriptor (rule) per check id with help text;
 * one result per check. Tenant objects have no files, so results carry
 * logicalLocations (kind = the object type, fullyQualifiedName =
 * type/id). Verdicts map onto SARIF's kind/level:
 *   fail → kind fail, level error · warn → kind fail, level warning
 *   error → kind fail, level error, plus a tool execution notification
 *   pass → kind pass · not-applicable → kind notApplicable (level none)
 * Low-severity failures are level note.
 *
 * Made for aggregation across a fleet and across nights (GitHub code scanning,
 * https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning):
 * - a failing or warning check gives one result PER FINDING (the policy that
 *   lacks the exclusion, the account with SMS), so each drift is its own alert;
 * - `partialFingerprints.primaryLocationLineHash` — the one fingerprint code
 *   scanning uses — is a hash of (check id, tenant id, the finding's subject
 *   type/id), never of message text or time: the same drift tomorrow is the
 *   same alert, a fixed one closes, a new one opens;
 * - every result names its tenant (`properties.tenant`), and
 *   `runs[].automationDetails.id` is `breakglass/<tenant>/<time>`, so each
 *   tenant is its own code-scanning category (everything before the last "/").
 * - with --config, results point at the tenant's declaration file: code
 *   scanning shows a result only with a physical location.
 */
import { createHash } from 'node:crypto';
import { safeJsonStringify } from '../../util/json-text.js';
import { sanitize } from '../../util/sanitize.js';
import type { CheckResult } from '../../core/events.js';
import type { CheckReport } from './report.js';
import { sourceLinks } from './sources.js';
import { explainCommand, pagePath } from './page-ref.js';

/** The OASIS standard (errata 01) — the schema the tests validate against (test/contracts/sarif/). */
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
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
      // helpUri stays the Learn link (SARIF wants an absolute URI); the check's own page is named in the help.
      help: {
        text: `${clean(r.remediation)} Sources: ${links.map((l) => l.url).join(' ')} More: ${pagePath(id)} (${explainCommand(id)})`,
        markdown: `**Fix:** ${clean(r.remediation)}\n\nSources:\n${links.map((l) => `- [${l.label}](${l.url})`).join('\n')}\n\nMore: \`${pagePath(id)}\` in the breakglass package, or \`${explainCommand(id)}\``,
      },
      ...(url ? { helpUri: url } : {}),
      defaultConfiguration: {
        level: r.severity === 'low' || r.severity === 'info' ? 'note' : r.severity === 'medium' ? 'warning' : 'error',
      },
      properties: { severity: r.severity, tags: ['security', 'entra', 'break-glass'] },
    };
  });
  const tenant = report.tenant.id ?? report.tenant.label;
  const declaration = report.config.declaration;
  const results = report.results.flatMap((r) => {
    const own = r.findings.filter((f) => f.verdict === r.verdict);
    // One result per finding for fail/warn; one for the whole check otherwise (pass, n/a, could not run).
    const perFinding = (r.verdict === 'fail' || r.verdict === 'warn') && own.length > 0;
    const units: { subject: string; objects: CheckResult['objects']; text: string }[] = perFinding
      ? own.map((f) => ({
          subject: `${f.object.type}/${f.object.id ?? f.object.name}`,
          objects: [f.object],
          text: `${f.object.name}: ${f.reason}`,
        }))
      : [
          {
            subject: 'tenant',
            objects: (r.verdict === 'pass' ? r.findings.map((f) => f.object) : r.objects).slice(0, 50),
            text: r.verdict === 'error' ? `Could not run: ${r.reason}` : r.reason,
          },
        ];
    return units.map((u) => ({
      ruleId: r.id,
      ruleIndex: ids.indexOf(r.id),
      kind: kind(r),
      level: level(r),
      message: { text: clean(u.text) },
      locations: [
        {
          ...(declaration
            ? {
                physicalLocation: {
                  artifactLocation: { uri: declaration.replace(/\\/g, '/') },
                  region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
                },
              }
            : {}),
          logicalLocations: [
            { name: clean(tenant), kind: 'tenant', fullyQualifiedName: `tenant/${clean(tenant)}` },
            ...u.objects.map((o) => ({
              name: clean(o.name),
              kind: o.type,
              fullyQualifiedName: `${o.type}/${clean(o.id ?? o.name)}`,
            })),
          ],
        },
      ],
      partialFingerprints: fingerprints(r.id, tenant, u.subject),
      properties: {
        tenant: clean(tenant),
        verdict: r.verdict,
        severity: r.severity,
        subject: clean(u.subject),
        findings: (perFinding ? own.filter((f) => u.objects.includes(f.object)) : r.findings).map((f) => ({
          verdict: f.verdict,
          object: { type: f.object.type, id: f.object.id, name: clean(f.object.name) },
          reason: clean(f.reason),
        })),
        requestIds: [...new Set(r.evidence.map((e) => e.requestId).filter(Boolean))],
      },
    }));
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
        automationDetails: {
          id: `breakglass/${clean(tenant)}/${report.generatedAt}`,
          description: { text: `breakglass checks of tenant ${clean(report.tenant.label)}` },
        },
        properties: {
          tenant: clean(tenant),
          label: clean(report.tenant.label),
          mode: report.tenant.mode,
          accounts: report.config.accounts,
        },
        results,
      },
    ],
  };
  return safeJsonStringify(log, 2) + '\n';
}

/**
 * Stable across runs: check id, tenant and the finding's subject — nothing that
 * changes from night to night (message wording, counts, time). `:1` is the
 * occurrence suffix code scanning's own line hashes carry.
 */
function fingerprints(checkId: string, tenant: string, subject: string): Record<string, string> {
  const h = createHash('sha256').update(`${checkId}\u0000${tenant.toLowerCase()}\u0000${subject}`).digest('hex');
  return { primaryLocationLineHash: `${h.slice(0, 32)}:1`, 'breakglassFinding/v1': h };
}
