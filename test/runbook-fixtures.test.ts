/** Each deliberately broken runbook yields the precise file:line:col message a user would see. */
import { mkdtempSync, writeFileSync, truncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRunbook, parseRunbook } from '../src/runbook/parse.js';
import { formatDiagnostic } from '../src/runbook/diagnostics.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const dir = join(import.meta.dirname, 'fixtures', 'runbooks');
const broken = (f: string) => join(dir, 'broken', f);

/** [fixture, expected first error as printed: `file:line:col: error: message`] */
const CASES: [string, string][] = [
  ['tabs.md', 'tabs.md:8:1: error: tab character used for indentation'],
  ['unknown-key.md', 'unknown-key.md:6:1: error: unknown key `titel` in front matter (did you mean `title`?)'],
  ['duplicate-id.md', 'duplicate-id.md:12:1: error: duplicate step id `check-the-key` (first used on line 8)'],
  ['unknown-input.md', 'unknown-input.md:16:16: error: `${inputs.grup}`: unknown input `grup` (did you mean `group`?)'],
  ['forward-ref.md', 'forward-ref.md:12:17: error: `${steps.ask.serial}`: step `ask` runs later (line 15)'],
  ['unknown-kind.md', 'unknown-kind.md:11:1: error: unknown step kind `chek` (did you mean `check`?)'],
  ['two-kinds.md', 'two-kinds.md:12:1: error: a step has exactly one kind, but this block has `check` and `action`'],
  [
    'undeclared-permission.md',
    'undeclared-permission.md:13:1: error: step `check-the-policies` needs Microsoft Graph permissions `GroupMember.Read.All`, `User.Read.All`, which the front matter does not declare',
  ],
  [
    'undeclared-suggest-permission.md',
    'undeclared-suggest-permission.md:11:14: error: input `accounts` suggests from `exclusion-group-members`, which reads with Microsoft Graph permission `User.Read.All`; the front matter does not declare it',
  ],
  [
    'readonly-mutation.md',
    'readonly-mutation.md:14:1: error: step `create-a-tap` changes the tenant (action: "tap.delete"), but the runbook is declared `readOnly: true`',
  ],
  ['alias-bomb.md', 'alias-bomb.md:14:10: error: too many YAML alias expansions (possible "billion laughs" attack)'],
  ['proto.md', 'proto.md:13:3: error: key `__proto__` is not allowed'],
  ['binary.md', 'binary.md:3:1: error: not a text file (contains NUL bytes)'],
  ['empty.md', 'empty.md:1:1: error: empty file'],
  [
    'bad-cadence.md',
    'bad-cadence.md:6:10: error: `cadence` must be an ISO-8601 duration such as `P90D` (90 days) or `P3M` (3 months), not string "90 days"',
  ],
  [
    'bad-semver.md',
    'bad-semver.md:4:10: error: `version` must be a semantic version such as `1.0.0`, not string "1.0"',
  ],
  [
    'unknown-output.md',
    'unknown-output.md:21:17: error: `${steps.ca.verdcit}`: step `ca` has no output `verdcit` (did you mean `verdict`?)',
  ],
  ['unknown-check.md', 'unknown-check.md:11:8: error: unknown check "BG-099"'],
  [
    'bad-pattern.md',
    'bad-pattern.md:10:14: error: input `serial`: invalid pattern (RE2 syntax): missing closing ]: `[0-9`',
  ],
  [
    'bad-default.md',
    'bad-default.md:10:14: error: input `days`: default does not fit its own type `int`: expected a whole number, got "ninety"',
  ],
  [
    'unknown-identity.md',
    'unknown-identity.md:14:11: error: unknown identity `breakglas` (did you mean `breakglass`?)',
  ],
  [
    'misspelled-with-key.md',
    'misspelled-with-key.md:16:3: error: unknown argument `lifetimeMinute` for action `tap.create` (did you mean `lifetimeMinutes`?)',
  ],
  [
    'bad-with-value.md',
    'bad-with-value.md:16:20: error: argument `lifetimeMinutes` of action `tap.create`: Too small: expected number to be >=10',
  ],
  ['missing-with-arg.md', 'missing-with-arg.md:14:1: error: action `tap.create` needs the argument `user`'],
  [
    'misspelled-query-arg.md',
    'misspelled-query-arg.md:14:9: error: unknown argument `grup` for query `ca.exclusionPlan` (did you mean `group`?)',
  ],
  ['unclosed-block.md', 'unclosed-block.md:10:1: error: step block is not closed'],
  [
    'unknown-subkey.md',
    'unknown-subkey.md:14:1: error: unknown key `timout` in step `wait-for-the-key` (did you mean `timeout`?)',
  ],
  ['duplicate-yaml-key.md', 'duplicate-yaml-key.md:6:1: error: duplicate key (map keys must be unique)'],
  ['bad-when.md', 'bad-when.md:14:7: error: bad condition: unexpected `> 3` after `${inputs.days}`'],
  ['no-front-matter.md', 'no-front-matter.md:1:1: error: missing front matter'],
  ['escape.md', 'escape.md:3:8: error: not a text file (contains an ESC control character)'],
  ['unknown-root.md', 'unknown-root.md:12:17: error: unknown name `input` in `${input.days}` (did you mean `inputs`?)'],
  ['collection-key.md', 'collection-key.md:13:3: error: a key is a list or a mapping'],
  [
    'secret-link-host.md',
    'secret-link-host.md:22:8: error: argument `url` of show `secret`: mysignins.microsoft.com.example.net is not a Microsoft sign-in page',
  ],
  [
    'secret-link-http.md',
    'secret-link-http.md:22:8: error: argument `url` of show `secret`: a link shown next to a secret must use https, not http',
  ],
  [
    'secret-link-shortener.md',
    'secret-link-shortener.md:22:8: error: argument `url` of show `secret`: aka.ms/totally-legit-signin is not a Microsoft sign-in page',
  ],
  [
    'group-nested-ref.md',
    'group-nested-ref.md:30:17: error: `${steps.per.ask.note}`: inside group `per`, refer to a sibling step by its own id',
  ],
];

describe('broken runbooks: precise file:line:col diagnostics', () => {
  it.each(CASES)('%s', async (file, expected) => {
    const r = await loadRunbook(broken(file), CATALOG);
    expect(r.runbook).toBeUndefined();
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const first = formatDiagnostic({ ...errors[0]!, path: file }).split('\n')[0]!;
    expect(first.startsWith(expected)).toBe(true);
    for (const d of r.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.col).toBeGreaterThanOrEqual(1);
    }
  });

  it('hints accompany the common mistakes', async () => {
    const hint = async (f: string) => (await loadRunbook(broken(f), CATALOG)).diagnostics[0]!.hint;
    expect(await hint('tabs.md')).toBe('YAML indentation must use spaces');
    expect(await hint('undeclared-permission.md')).toBe(
      'add GroupMember.Read.All, User.Read.All to permissions.graph in the front matter',
    );
    expect(await hint('unknown-output.md')).toBe('outputs of `ca`: verdict, passed, failed, errors, warnings');
    expect(await hint('misspelled-with-key.md')).toBe(
      'valid arguments of action `tap.create`: user, lifetimeMinutes, usableOnce, secret',
    );
  });

  it("counts an input's `suggest:` reads as used, and names its ARM role when undeclared", () => {
    const runbook = (permissions: string) => `---
id: suggests
title: Suggests
version: 1.0.0
summary: s
permissions:
${permissions}
inputs:
  group:
    type: string
    suggest: exclusion-group
  workspace:
    type: string
    suggest: sign-in-log-workspace
---

## Say

\`\`\`step
show: text
with: { lines: ["\${inputs.group} \${inputs.workspace}"] }
\`\`\`
`;
    const lines = (text: string) =>
      parseRunbook(text, 'suggests.md', CATALOG).diagnostics.map(
        (d) => `${d.line}:${d.col}: ${d.severity}: ${d.message}`,
      );
    // Declared for the suggestions alone: no least-privilege warning.
    expect(
      lines(
        runbook(
          '  graph: [Policy.Read.All, GroupMember.Read.All]\n  arm: [Security Administrator (Microsoft Entra role)]',
        ),
      ),
    ).toEqual([]);
    expect(lines(runbook('  graph: [Policy.Read.All, GroupMember.Read.All]'))).toEqual([
      '14:14: error: input `workspace` suggests from `sign-in-log-workspace`, which reads with Azure RBAC permission `Security Administrator (Microsoft Entra role)`; the front matter does not declare it',
    ]);
  });

  it('reports all errors at once, not only the first', () => {
    const text = `---
id: many
title: Many
version: 1
summary: s
cadence: soon
---

## A

\`\`\`step
chek: x
\`\`\`

## A

## B

\`\`\`step
show: text
with: { lines: ["\${inputs.nope}", "\${steps.zzz.out}"] }
\`\`\`
`;
    const r = parseRunbook(text, 'many.md', CATALOG);
    const lines = r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    expect(lines).toEqual([
      '4:10: `version` must be text, not number 1',
      '6:10: `cadence` must be an ISO-8601 duration such as `P90D` (90 days) or `P3M` (3 months), not string "soon"',
      '12:1: unknown step kind `chek` (did you mean `check`?)',
      '15:1: duplicate step id `a` (first used on line 9)',
      expect.stringMatching(/^21:17: `\$\{inputs.nope\}`/) as unknown as string,
      expect.stringMatching(/^21:35: `\$\{steps.zzz.out\}`: unknown step `zzz`/) as unknown as string,
    ]);
  });
});

describe('size limits', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'bg-runbook-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a 50 MB file quickly, without reading it', async () => {
    const f = join(tmp, 'huge.md');
    writeFileSync(f, '---\n');
    truncateSync(f, 50 * 1024 * 1024); // sparse: costs no disk
    const t = Date.now();
    const r = await loadRunbook(f, CATALOG);
    expect(Date.now() - t).toBeLessThan(500);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe('file is too large (50.0 MiB; the limit is 1 MiB)');
    expect(r.diagnostics[0]!.line).toBe(1);
  });

  it('refuses just over 1 MiB and accepts just under', async () => {
    const body = (n: number) =>
      `---\nid: big\ntitle: Big\nversion: 1.0.0\nsummary: s\n---\n\n## Step\n\n${'x'.repeat(n)}\n`;
    const over = join(tmp, 'over.md');
    writeFileSync(over, body(1024 * 1024));
    expect((await loadRunbook(over, CATALOG)).diagnostics[0]!.message).toMatch(/too large/);
    const under = join(tmp, 'under.md');
    writeFileSync(under, body(1000 * 1000));
    const r = await loadRunbook(under, CATALOG);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('unreadable paths are reported, not thrown', async () => {
    const missing = await loadRunbook(join(tmp, 'nope.md'), CATALOG);
    expect(missing.unreadable).toBe(true);
    expect(missing.diagnostics[0]!.message).toBe('file not found');
    const isDir = await loadRunbook(tmp, CATALOG);
    expect(isDir.unreadable).toBe(true);
    expect(isDir.diagnostics[0]!.message).toMatch(/directory/);
  });
});

describe('valid fixtures', () => {
  it('CRLF + BOM parses exactly like LF, with the same positions', async () => {
    const a = await loadRunbook(join(dir, 'valid', 'full.md'), CATALOG);
    const b = await loadRunbook(join(dir, 'valid', 'crlf-bom.md'), CATALOG);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    const shape = (r: typeof a) => JSON.stringify(r.runbook!.steps);
    expect(shape(b)).toBe(shape(a));
    expect(b.runbook!.source.sha256).not.toBe(a.runbook!.source.sha256);
  });

  it('builds the model the engine expects', async () => {
    const { runbook } = await loadRunbook(join(dir, 'valid', 'full.md'), CATALOG);
    expect(runbook).toBeDefined();
    const rb = runbook!;
    expect(rb).toMatchObject({
      id: 'fixture-full',
      version: '1.2.0',
      cadence: 'P90D',
      readOnly: false,
      signoff: ['operator', 'witness'],
      practice: { scenario: 'healthy' },
    });
    expect(rb.inputs.group).toMatchObject({
      name: 'group',
      type: 'string',
      required: false,
      default: 'SG-BreakGlass',
      pos: { line: 15, col: 3 },
    });
    expect(rb.steps.map((s) => [s.id, s.kind])).toEqual([
      ['before-you-start', 'manual'],
      ['ca', 'check'],
      ['key', 'input'],
      ['show-the-result', 'show'],
      ['per', 'manual'],
      ['sign-off', 'signoff'],
    ]);
    const ca = rb.steps[1]!;
    expect(ca.config).toEqual({ check: 'BG-007' });
    expect(ca.with).toEqual({ accounts: '${inputs.accounts}', group: '${inputs.group}' });
    expect(ca.pos).toEqual({ heading: { line: 33, col: 1 }, block: { line: 35, col: 1 } });
    expect(rb.steps[0]!.prose).toBe('Read this and confirm.');
    expect(rb.steps[0]!.config).toEqual({ manual: {} });
    const per = rb.steps[4]!;
    expect(per.foreach).toEqual({ expr: '${inputs.accounts}', as: 'account' });
    expect(per.children.map((c) => c.id)).toEqual(['per.confirm', 'per.note-it']);
    expect(rb.steps[3]!.when).toBe('${steps.ca.verdict} != pass');
    expect(rb.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('docs/runbook-format.md', () => {
  it('the complete example validates', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'runbook-format.md'), 'utf8');
    const at = doc.indexOf('## A complete example');
    const start = doc.indexOf('````markdown\n', at) + '````markdown\n'.length;
    const example = doc.slice(start, doc.indexOf('\n````', start)) + '\n';
    const r = parseRunbook(example, 'example.md', CATALOG);
    expect(r.diagnostics).toEqual([]);
    expect(r.runbook?.id).toBe('key-check');
  });
});
