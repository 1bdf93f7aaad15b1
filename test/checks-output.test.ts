/**
 * Headless check output: JUnit validates against the vendored JUnit XSD with
 * xmllint, SARIF against the SARIF 2.1.0 JSON schema with ajv (draft-04);
 * text output is aligned, colour-free under NO_COLOR, and sanitized.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import AjvDraft7Module from 'ajv';
import { evaluateChecks, resolveChecks } from '../src/checks/run.js';
import { config, healthy, FORBIDDEN, PHISHING_RESISTANT_ADMINS, policy } from '../src/checks/testing/fixtures.js';
import { ok } from '../src/checks/snapshot.js';
import { exitCodeFor, type CheckReport } from '../src/checks/output/report.js';
import { renderJunit } from '../src/checks/output/junit.js';
import { renderSarif } from '../src/checks/output/sarif.js';
import { renderText, colorAllowed } from '../src/checks/output/text.js';
import { renderMarkdown } from '../src/checks/output/markdown.js';
import { renderJson } from '../src/checks/output/json.js';
import { BUILT_IN_CHECKS } from '../src/checks/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'checks');
const EVIL = 'Evil\x1b]0;pwned\x07 <policy> & "quotes" \u202eReversed\x1b[31m';

function report(mutate?: (s: ReturnType<typeof healthy>) => void, whatIf = false): CheckReport {
  const s = healthy();
  mutate?.(s);
  const results = evaluateChecks(resolveChecks(BUILT_IN_CHECKS, 'all'), s, config({ whatIf }));
  return {
    tool: { name: 'breakglass', version: '0.1.0' },
    tenant: { label: 'PRACTICE · test', mode: 'practice' },
    generatedAt: '2026-01-15T12:00:00.000Z',
    durationMs: 1234,
    config: { accounts: config().accounts, group: 'SG-BreakGlass-Exclude' },
    results,
    rationale: Object.fromEntries(BUILT_IN_CHECKS.map((c) => [c.id, c.rationale])),
  };
}

/** A drifted tenant: a failing policy with a hostile name, an unreadable read (error), a warning. */
const drifted = () =>
  report((s) => {
    // One planted fail (BG-007): the phishing-resistant policy stays, so BG-027 still passes.
    s.caPolicies = ok([
      PHISHING_RESISTANT_ADMINS,
      policy({
        id: 'p-evil',
        displayName: EVIL,
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } },
      }),
    ]);
    s.accounts[0]!.tapMethods = FORBIDDEN;
    s.accounts[1]!.appRoleAssignments = ok([{ id: 'x', resourceDisplayName: 'App & <Co>' }]);
  }, true);

const xmllint = spawnSync('xmllint', ['--version']).status === 0;

describe('JUnit output', () => {
  it.skipIf(!xmllint)('validates against the JUnit XSD (healthy and drifted)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-junit-'));
    for (const [name, r] of [
      ['healthy', report()],
      ['drifted', drifted()],
    ] as const) {
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, renderJunit(r));
      const res = spawnSync('xmllint', ['--noout', '--schema', join(FIX, 'junit.xsd'), file], { encoding: 'utf8' });
      expect(res.stderr, res.stderr).toContain('validates');
      expect(res.status).toBe(0);
    }
  });
  it.runIf(!xmllint)('xmllint unavailable: install libxml2-utils to validate JUnit output (skipped)', () => {
    console.warn('xmllint not found — JUnit schema validation skipped; apt-get install libxml2-utils');
  });
  it('has one testcase per check, failures with reason, objects and remediation; errors and skips', () => {
    const xml = renderJunit(drifted());
    expect(xml.match(/<testcase /g)).toHaveLength(BUILT_IN_CHECKS.length);
    expect(xml).toMatch(/<failure message="[^"]*does not exclude/);
    expect(xml).toContain('Remediation: Add the exclusion group');
    expect(xml).toContain('conditionalAccessPolicy Evil');
    expect(xml).toMatch(/<error message="[^"]*req-403/);
    expect(xml).toContain('<skipped message="Security Defaults is off');
    expect(xml).not.toContain('\x1b');
    expect(xml).toContain('&lt;policy&gt; &amp; &quot;quotes&quot;');
  });
});

describe('SARIF output', () => {
  // The OASIS SARIF 2.1.0 standard (errata 01), vendored with its provenance.
  const schema = JSON.parse(
    readFileSync(join(import.meta.dirname, 'contracts', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'),
  );
  // unicodeRegExp off: the schema's "language" pattern has a stray "]" that only non-unicode RegExp accepts.
  // CJS default export under NodeNext: the class is on .default.
  const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (
    o: object,
  ) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
    schema,
  );
  it('validates against the SARIF 2.1.0 schema (healthy and drifted)', () => {
    for (const r of [report(), drifted()]) {
      const log = JSON.parse(renderSarif(r));
      const valid = validate(log);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
      expect(valid).toBe(true);
    }
  });
  it('the validator really rejects a broken log (the test can fail)', () => {
    const log = JSON.parse(renderSarif(drifted()));
    log.runs[0].results[0].level = 'catastrophic';
    expect(validate(log)).toBe(false);
  });
  it('one rule per check id with help; results with levels and logical locations', () => {
    const log = JSON.parse(renderSarif(drifted()));
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(BUILT_IN_CHECKS.map((c) => c.id));
    expect(run.tool.driver.rules[6].help.text).toMatch(/exclusion group/);
    const bg007 = run.results.find((r: { ruleId: string }) => r.ruleId === 'BG-007');
    expect(bg007).toMatchObject({ kind: 'fail', level: 'error' });
    expect(bg007.locations[0].logicalLocations[1]).toMatchObject({
      kind: 'conditionalAccessPolicy',
      fullyQualifiedName: 'conditionalAccessPolicy/p-evil',
    });
    expect(bg007.locations[0].logicalLocations[1].name).not.toContain('\x1b');
    expect(bg007.locations[0].logicalLocations[0]).toMatchObject({ kind: 'tenant', name: 'PRACTICE · test' });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'BG-017')).toMatchObject({
      kind: 'fail',
      level: 'warning',
    });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'BG-010')).toMatchObject({
      kind: 'fail',
      level: 'error',
    });
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'BG-001')).toMatchObject({
      kind: 'pass',
      level: 'none',
    });
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });
  it('fingerprints: one result per finding, keyed by check, tenant and subject — not by text or time', () => {
    const base = drifted();
    const a = JSON.parse(renderSarif({ ...base, tenant: { ...base.tenant, id: 'tenant-a' } })).runs[0];
    const later = JSON.parse(
      renderSarif({
        ...base,
        tenant: { ...base.tenant, id: 'TENANT-A' },
        generatedAt: '2026-01-16T03:00:00.000Z',
        results: base.results.map((r) => ({
          ...r,
          reason: `${r.reason} (reworded)`,
          findings: r.findings.map((f) => ({ ...f, reason: `${f.reason}!` })),
        })),
      }),
    ).runs[0];
    const other = JSON.parse(renderSarif({ ...base, tenant: { ...base.tenant, id: 'tenant-b' } })).runs[0];
    type R = { ruleId: string; partialFingerprints: Record<string, string>; properties: { tenant: string } };
    const fp = (run: { results: R[] }) => run.results.map((r) => r.partialFingerprints['primaryLocationLineHash']);
    expect(fp(a)).toEqual(fp(later));
    expect(new Set(fp(a)).size).toBe(fp(a).length);
    expect(fp(other).some((h) => fp(a).includes(h))).toBe(false);
    expect(fp(a).every((h) => /^[0-9a-f]{32}:1$/.test(h!))).toBe(true);
    expect((a.results as R[]).every((r) => r.properties.tenant === 'tenant-a')).toBe(true);
    expect(a.automationDetails.id).toBe('breakglass/tenant-a/2026-01-15T12:00:00.000Z');
    // Two policies lacking the exclusion would be two alerts: BG-007's results are per policy.
    expect((a.results as R[]).filter((r) => r.ruleId === 'BG-007')).toHaveLength(
      base.results.find((r) => r.id === 'BG-007')!.findings.filter((f) => f.verdict === 'fail').length,
    );
  });
  it('every rule links Microsoft Learn (helpUri and markdown help), never an internal document', () => {
    const run = JSON.parse(renderSarif(report())).runs[0];
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(rule.help.markdown, rule.id).toMatch(/\]\(https:\/\/learn\.microsoft\.com\//);
      expect(JSON.stringify(rule), rule.id).not.toMatch(/seed 0\d\d|§/);
    }
    expect(renderMarkdown(drifted())).toMatch(
      /Sources: \[learn\.microsoft\.com · [^\]]+\]\(https:\/\/learn\.microsoft\.com\//,
    );
    expect(renderJunit(drifted())).toMatch(/Sources: https:\/\/learn\.microsoft\.com\//);
  });
});

describe('text, markdown, json and exit codes', () => {
  it('text is aligned, sanitized and colour-free when not allowed', () => {
    const t = renderText(drifted(), { color: false, width: 100 });
    expect(t).not.toMatch(/\x1b/);
    expect(t).not.toContain('\u202e');
    const rows = t.split('\n').filter((l) => /^(PASS|WARN|FAIL|ERROR|N\/A) /.test(l));
    expect(rows).toHaveLength(BUILT_IN_CHECKS.length);
    expect(new Set(rows.map((r) => r.indexOf('BG-')))).toEqual(new Set([7]));
    expect(t).toContain('PRACTICE TENANT');
    expect(renderText(report(), { color: true })).toContain('\x1b[32mPASS');
  });
  it('text fits an 80-column terminal: no line is wider, and every title is there whole', () => {
    const r = drifted();
    const t = renderText(r, { color: false, width: 80 });
    expect(t.split('\n').filter((l) => l.length > 80)).toEqual([]);
    const rows = t.split('\n').filter((l) => /^(PASS|WARN|FAIL|ERROR|N\/A) /.test(l));
    expect(rows).toHaveLength(BUILT_IN_CHECKS.length);
    // The severity ends each row, in one column.
    expect(new Set(rows.map((l) => l.length - l.trimEnd().split(' ').pop()!.length))).toHaveProperty('size', 1);
    // A long title wraps within its column: its row, then the lines right under it.
    const lines = t.split('\n');
    for (const c of r.results) {
      const at = lines.findIndex((l) => l.slice(7, 13) === c.id);
      let title = lines[at]!.slice(15, lines[at]!.length - c.severity.length).trim();
      for (let i = at + 1; title.length < c.title.length && lines[i]!.startsWith(' '.repeat(15)); i++)
        title += ' ' + lines[i]!.trim();
      expect(title).toBe(c.title);
    }
  });
  it('NO_COLOR and non-TTY disable colour', () => {
    expect(colorAllowed({ isTTY: true }, {})).toBe(true);
    expect(colorAllowed({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorAllowed({ isTTY: false }, {})).toBe(false);
  });
  it('markdown escapes tenant strings', () => {
    const md = renderMarkdown(drifted());
    expect(md).toContain('## BG-007');
    expect(md).toContain('\\<policy\\>');
    expect(md).not.toContain('\x1b');
  });
  it('json carries results with evidence and a summary', () => {
    const j = JSON.parse(renderJson(drifted()));
    expect(j.summary).toMatchObject({ fail: 1, error: 1 });
    expect(j.results).toHaveLength(BUILT_IN_CHECKS.length);
  });
  it('json is the documented fleet summary (schema/check-report.schema.json): verdicts, counts, exit code', () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', 'schema', 'check-report.schema.json'), 'utf8'),
    ) as object;
    const Ajv7 = ((AjvDraft7Module as unknown as { default?: unknown }).default ?? AjvDraft7Module) as new (
      o: object,
    ) => {
      compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
    };
    const validate = new Ajv7({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const base = drifted();
    const j = JSON.parse(renderJson({ ...base, tenant: { ...base.tenant, id: 'tenant-a' } }));
    expect(validate(j), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(j).toMatchObject({ schemaVersion: 1, tenant: { id: 'tenant-a' }, exitCode: 2 });
    expect(j.verdicts['BG-007']).toBe('fail');
    expect(Object.keys(j.verdicts)).toHaveLength(BUILT_IN_CHECKS.length);
    // The schema can fail: a verdict it does not know is refused.
    expect(validate({ ...j, verdicts: { 'BG-001': 'maybe' } })).toBe(false);
  });
  it('exit code: 0 pass/warn/n-a, 1 fail, 2 error (error wins over fail)', () => {
    expect(exitCodeFor(report().results)).toBe(0);
    expect(exitCodeFor(report((s) => (s.accounts[0]!.tapMethods = ok([{ id: 't', isUsable: true }]))).results)).toBe(1);
    expect(exitCodeFor(drifted().results)).toBe(2);
  });
});
