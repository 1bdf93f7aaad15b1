/**
 * Every built-in check has a page (docs/checks/<id>.md) that says what it
 * judges, why, and how to fix it; the index (docs/checks/README.md) lists each
 * one; the pages point only at files and runbooks that exist; and the product
 * leads to them: `breakglass check --explain <id>` prints a page, and the
 * outputs of a failing check name it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CHECKS } from '../src/checks/index.js';
import type { CheckResult } from '../src/core/events.js';
import type { CheckReport } from '../src/checks/output/report.js';
import { renderPage } from '../src/checks/output/page.js';
import { renderText } from '../src/checks/output/text.js';
import { renderSarif } from '../src/checks/output/sarif.js';
import { renderMarkdown } from '../src/checks/output/markdown.js';
import { renderJunit } from '../src/checks/output/junit.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = join(root, 'docs/checks');
const bin = join(root, 'bin/breakglass.js');
const page = (id: string): string => readFileSync(join(pagesDir, `${id}.md`), 'utf8');
const pageFiles = readdirSync(pagesDir).filter((f) => f.endsWith('.md'));

/** Markdown table cells escape "|"; the title as the index writes it. */
const cellText = (s: string): string => s.replace(/\|/g, '\\|');

/** Repository files a page names: its relative links, and `src/…`-style paths in code spans. */
function namedFiles(md: string): { target: string; resolved: string }[] {
  const out: { target: string; resolved: string }[] = [];
  for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    out.push({ target, resolved: posix.join('docs/checks', target.replace(/#.*$/, '')) });
  }
  for (const m of md.matchAll(/`((?:src|docs|runbooks|test|schema|bin)\/[^`\s]+)`/g))
    out.push({ target: m[1]!, resolved: m[1]! });
  return out;
}

describe('check pages (docs/checks/)', () => {
  it('every check in BUILT_IN_CHECKS has a page whose title line is its id and title, and its severity', () => {
    const problems: string[] = [];
    for (const c of BUILT_IN_CHECKS) {
      const file = join(pagesDir, `${c.id}.md`);
      if (!existsSync(file)) {
        problems.push(`${c.id}: no page docs/checks/${c.id}.md`);
        continue;
      }
      const first = page(c.id).split('\n')[0];
      if (first !== `# ${c.id} — ${c.title}`)
        problems.push(`${c.id}: title line is "${first}", expected "# ${c.id} — ${c.title}"`);
      if (!page(c.id).includes(`Severity: ${c.severity}.`))
        problems.push(`${c.id}: no "Severity: ${c.severity}." line`);
    }
    expect(problems).toEqual([]);
  });

  it('every page cites each Microsoft source its check names, and has the sections a reader looks for', () => {
    const problems: string[] = [];
    for (const c of BUILT_IN_CHECKS) {
      if (!existsSync(join(pagesDir, `${c.id}.md`))) continue;
      const md = page(c.id);
      for (const url of c.source.split(/;\s*/).filter(Boolean))
        if (!md.includes(`(${url})`)) problems.push(`${c.id}: does not link its source ${url}`);
      if (!/^## .*fix/im.test(md)) problems.push(`${c.id}: no section on fixing it`);
      if (!/\|\s*[-:]{3,}\s*\|/.test(md)) problems.push(`${c.id}: no verdict table`);
    }
    expect(problems).toEqual([]);
  });

  it('every page is a check in BUILT_IN_CHECKS (or the index)', () => {
    const ids = new Set(BUILT_IN_CHECKS.map((c) => c.id));
    expect(pageFiles.filter((f) => f !== 'README.md' && !ids.has(f.replace(/\.md$/, '')))).toEqual([]);
  });

  it('links and repository paths in the pages point at files that exist', () => {
    const missing: string[] = [];
    for (const f of pageFiles)
      for (const { target, resolved } of namedFiles(readFileSync(join(pagesDir, f), 'utf8')))
        if (!existsSync(join(root, resolved))) missing.push(`docs/checks/${f}: ${target}`);
    expect(missing).toEqual([]);
  });

  it('every `breakglass run <id>` a page names is a shipped runbook', () => {
    const missing: string[] = [];
    for (const f of pageFiles)
      for (const m of readFileSync(join(pagesDir, f), 'utf8').matchAll(/breakglass run ([a-z0-9-]+)/g))
        if (!existsSync(join(root, 'runbooks', `${m[1]}.md`))) missing.push(`docs/checks/${f}: ${m[1]}`);
    expect(missing).toEqual([]);
  });

  it('the index (docs/checks/README.md) has a row for every check: id, title, severity, page', () => {
    const index = readFileSync(join(pagesDir, 'README.md'), 'utf8');
    const missing = BUILT_IN_CHECKS.filter(
      (c) => !index.includes(`| ${c.id} | ${cellText(c.title)} | ${c.severity} | [${c.id}.md](${c.id}.md) |`),
    ).map((c) => c.id);
    expect(missing).toEqual([]);
    const rows = [...index.matchAll(/^\| (BG-\d{3}) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(BUILT_IN_CHECKS.map((c) => c.id));
  });

  it('README.md links the index', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(docs/checks/README.md)');
  });
});

describe('breakglass check --explain', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, 'check', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('prints the page as plain text: title, sections, tables as lists, links readable, no markdown marks', () => {
    const c = BUILT_IN_CHECKS.find((x) => x.id === 'BG-007')!;
    const r = cli('--explain', 'bg-007');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`BG-007 — ${c.title}`);
    expect(r.stdout).toContain('WHY IT MATTERS');
    expect(r.stdout).toContain('FIXING IT');
    expect(r.stdout).toMatch(/^ {2}• an enabled policy does not exclude an account in its scope → fail/m);
    expect(r.stdout).toContain(
      '(https://learn.microsoft.com/entra/identity/conditional-access/policy-admin-phish-resistant-mfa)',
    );
    expect(r.stdout).toContain('permissions (docs/permissions.md)');
    expect(r.stdout).toContain('breakglass run setup-conditional-access');
    expect(r.stdout).not.toMatch(/\x1b|\]\(|\*\*|`|^#|\|\s*---/m);
    // 80 columns (no terminal): only an unbreakable address may run past it.
    expect(lines.filter((l) => l.length > 80 && !/https:\/\/\S{40,}/.test(l))).toEqual([]);
  });

  it('prints every check page without leftover markdown', () => {
    for (const c of BUILT_IN_CHECKS) {
      const out = renderPage(page(c.id), { color: false, width: 80 });
      expect(out.split('\n')[0], c.id).toBe(`${c.id} — ${c.title}`);
      expect(out, c.id).not.toMatch(/\]\(|\*\*|`|^#|\|\s*---/m);
    }
  });

  it('bold headings only where colour is allowed', () => {
    expect(renderPage(page('BG-001'), { color: true })).toContain('\x1b[1mBG-001 —');
    expect(renderPage(page('BG-001'), { color: false })).not.toContain('\x1b');
  });

  it('an unknown id is a usage error (exit 64) listing the valid ids; nothing on stdout', () => {
    const r = cli('--explain', 'BG-999');
    expect(r.status).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no check "BG-999" to explain. Valid ids: BG-001, BG-002');
    expect(r.stderr).toContain(BUILT_IN_CHECKS.at(-1)!.id);
    expect(cli('--explain').status).toBe(64);
  });

  it('check --help names --explain', () => {
    const r = spawnSync(process.execPath, [bin, 'check', '--help'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/--explain BG-0NN\s+print the check's page/);
    expect(r.stdout).toContain('breakglass check --explain BG-007');
  });
});

describe('the outputs name the page of a check that fails or errs', () => {
  const result = (id: string, verdict: CheckResult['verdict']): CheckResult => {
    const c = BUILT_IN_CHECKS.find((x) => x.id === id)!;
    return {
      id,
      title: c.title,
      severity: c.severity,
      verdict,
      reason: `${verdict} reason`,
      objects: [],
      findings: [],
      remediation: 'Do the thing.',
      source: c.source,
      evidence: [],
    };
  };
  const report: CheckReport = {
    tool: { name: 'breakglass', version: '0.0.0' },
    tenant: { label: 'contoso', mode: 'live' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1000,
    config: { accounts: ['bg1@contoso.onmicrosoft.com'] },
    results: [result('BG-001', 'pass'), result('BG-007', 'fail'), result('BG-012', 'error'), result('BG-015', 'warn')],
    rationale: {},
  };

  it('text: one short "more:" line under a failure or an error, none under a pass or a warning; 80 columns hold', () => {
    const t = renderText(report, { color: false, width: 80 });
    const more = t.split('\n').filter((l) => l.includes('more:'));
    expect(more).toEqual([
      `${' '.repeat(15)}more: breakglass check --explain BG-007`,
      `${' '.repeat(15)}more: breakglass check --explain BG-012`,
    ]);
    // The wrapped lines under a check keep to the width (the check rows' layout is the renderer's own).
    expect(t.split('\n').filter((l) => l.startsWith(' ') && l.length > 80)).toEqual([]);
  });

  it('SARIF keeps helpUri the Learn link and names the page in help', () => {
    const rules = (
      JSON.parse(renderSarif(report)) as {
        runs: {
          tool: { driver: { rules: { id: string; helpUri?: string; help: { text: string; markdown: string } }[] } };
        }[];
      }
    ).runs[0]!.tool.driver.rules;
    for (const r of rules) {
      expect(r.helpUri).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(r.help.text).toContain(`docs/checks/${r.id}.md (breakglass check --explain ${r.id})`);
      expect(r.help.markdown).toContain(`\`docs/checks/${r.id}.md\``);
    }
  });

  it('markdown and JUnit name the page beside the fix', () => {
    expect(renderMarkdown(report)).toContain('More: `breakglass check --explain BG-007` (docs/checks/BG-007.md');
    const junit = renderJunit(report);
    expect(junit).toContain('More: breakglass check --explain BG-007 (docs/checks/BG-007.md)');
    expect(junit).toContain('More: breakglass check --explain BG-012 (docs/checks/BG-012.md)');
  });
});
