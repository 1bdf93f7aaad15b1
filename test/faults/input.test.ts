/**
 * Hostile input, generated: runbooks (shipped runbooks mutated line by line
 * and character by character with hostile fragments — escapes, RTL
 * overrides, NULs, YAML anchors/tags, expressions, huge numbers, fence
 * breakers — plus random text) and practice scenario files (the shipped
 * scenarios mutated the same way). No uncaught exception; every runbook
 * problem is a diagnostic formatted `path:line:col: error: …` with no raw
 * control character; every scenario problem is a ScenarioError starting
 * `file:line: `. Beyond test/runbook-hostile.test.ts: mutations of REAL
 * documents reach deep into the validator and the world builder.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { formatDiagnostic } from '../../src/runbook/diagnostics.js';
import { loadWorld, ScenarioError } from '../../src/practice/world/index.js';
import { ROOT, SCALE, removeScratch, scratchDir } from './harness.js';
import { builtInCatalog } from '../../src/steps/catalog.js';
import { describeRunbook } from '../../src/screens/overview-model.js';
import { overviewLines } from '../../src/plain/overview-lines.js';

const CATALOG = builtInCatalog();

afterAll(removeScratch);

const RUNS = SCALE === 'full' ? 10_000 : 400;
const SCENARIO_RUNS = SCALE === 'full' ? 2_000 : 60;

/** Patterns that backtrack exponentially (or polynomially) on a JavaScript engine; RE2 runs them in linear time. */
const CATASTROPHIC = [
  '(a+)+$',
  '(a|a)*$',
  '(a|aa)+$',
  '(.*a){12}',
  '(\\w+\\s?)*$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(x+x+)+y',
  '([^@]+)+@',
];
const EVIL_VALUES = [
  'a'.repeat(48) + '!',
  'x'.repeat(48),
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u0000',
  'word '.repeat(30) + '!',
];

const HOSTILE = [
  '\u001b[31m',
  '\u001b]8;;http://evil\u0007x\u001b]8;;\u0007',
  '\u001b]0;pwned\u0007',
  '\u202e',
  '\u2066',
  '\u0000',
  '\r',
  '\t',
  '\ufeff',
  "O'Brien' or 1 eq 1",
  '${',
  '${steps.x.y}',
  '${inputs.__proto__}',
  '}}',
  '&a',
  '*a',
  '!!js/function',
  '!!binary',
  '<<: *a',
  '? ',
  ': ',
  '- ',
  '```',
  '```step',
  '~~~',
  '---',
  '...',
  '#',
  '|',
  '>',
  '"',
  "'",
  '\\',
  '{',
  '[',
  ']',
  '}',
  '1e309',
  '-0',
  '99999999999999999999',
  'NaN',
  ...CATASTROPHIC,
  '__proto__',
  'constructor',
  'PT99999999H',
  'P-1D',
  '😀',
  '\ud800',
  'é'.normalize('NFD'),
  ' '.repeat(200),
  'x'.repeat(5000),
];

const scenarioEscapes: string[] = [];
const scenarioFile = join(scratchDir('scenario'), 'hostile.yaml');
const shipped = readdirSync(join(ROOT, 'runbooks'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => readFileSync(join(ROOT, 'runbooks', f), 'utf8'));
const scenarios = ['healthy', 'drifted', 'smb-security-defaults'].map((n) =>
  readFileSync(join(ROOT, 'src/practice/scenarios', `${n}.yaml`), 'utf8'),
);

/** One edit of a document: replace / insert / delete / duplicate a line, or splice a hostile fragment into a line. */
const edit = fc.record({
  kind: fc.constantFrom('splice', 'splice', 'replace-line', 'delete-line', 'dup-line', 'swap-lines', 'indent'),
  at: fc.nat(),
  at2: fc.nat(),
  col: fc.nat(),
  frag: fc.oneof(
    fc.constantFrom(...HOSTILE),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  ),
});

function apply(doc: string, edits: { kind: string; at: number; at2: number; col: number; frag: string }[]): string {
  const lines = doc.split('\n');
  for (const e of edits) {
    const i = e.at % lines.length;
    const line = lines[i] ?? '';
    switch (e.kind) {
      case 'splice': {
        const c = e.col % (line.length + 1);
        lines[i] = line.slice(0, c) + e.frag + line.slice(c);
        break;
      }
      case 'replace-line':
        lines[i] = e.frag;
        break;
      case 'delete-line':
        if (lines.length > 1) lines.splice(i, 1);
        break;
      case 'dup-line':
        lines.splice(i, 0, line);
        break;
      case 'swap-lines': {
        const j = e.at2 % lines.length;
        [lines[i], lines[j]] = [lines[j]!, line];
        break;
      }
      case 'indent':
        lines[i] = ' '.repeat(e.col % 5) + line.trimStart();
        break;
    }
  }
  return lines.join('\n');
}

/** A runbook whose input pattern is catastrophic for a backtracking engine, with a default (or a record field) that triggers it. */
const catastrophicRunbook = fc
  .tuple(fc.constantFrom(...CATASTROPHIC), fc.constantFrom(...EVIL_VALUES), fc.boolean())
  .map(([pattern, value, inStep]) =>
    inStep
      ? `---\nid: redos\ntitle: R\nversion: 1.0.0\nsummary: s\n---\n\n## Ask\n\n\`\`\`step\ninput:\n  serial: { type: string, pattern: ${JSON.stringify(pattern)}, default: ${JSON.stringify(value)} }\n\`\`\`\n`
      : `---\nid: redos\ntitle: R\nversion: 1.0.0\nsummary: s\ninputs:\n  serial:\n    type: string\n    pattern: ${JSON.stringify(pattern)}\n    default: ${JSON.stringify(value)}\n---\n\n## S\n\n\`\`\`step\nmanual: true\n\`\`\`\n`,
  );

const hostileRunbook = fc.oneof(
  { weight: 1, arbitrary: catastrophicRunbook },
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(...shipped), fc.array(edit, { minLength: 1, maxLength: 6 }))
      .map(([d, es]) => apply(d, es)),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.constantFrom(...HOSTILE, '\n', '## S\n', 'manual: true\n', 'id: a\n', 'action: user.createBreakGlass\n'),
        { maxLength: 60 },
      )
      .map(
        (xs) => `---\nid: f\ntitle: F\nversion: 1.0.0\nsummary: s\n---\n\n## S\n\n\`\`\`step\n${xs.join('')}\n\`\`\`\n`,
      ),
  },
);

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Privilege changes under harmless titles and prose: the shared runbook that added a user to the
 * exclusion group and made them Global Administrator while its headings said "verify" and "read-only".
 * Titles, summary and prose are generated; the steps' privilege must show on the overview regardless.
 */
const BENIGN = fc.constantFrom(
  'Verify the exclusion group membership',
  'Read-only: list the members',
  'Confirm the role assignments (no changes)',
  'Check nothing changed',
  'Just press y',
  'Routine health check',
  'Nothing to see here',
);
const PRIVILEGE_STEPS = [
  'action: group.addMembers\nwith:\n  group: SG-BreakGlass-Exclude\n  members: [sam.staff@contoso-practice.com]',
  'action: role.assignGlobalAdmin\nwith:\n  user: sam.staff@contoso-practice.com',
  'action: ca.addExclusion\nwith:\n  policies: [CA001-All-Users-Require-MFA]\n  group: SG-BreakGlass-Exclude',
];
const misleadingRunbook = fc
  .tuple(
    BENIGN,
    BENIGN,
    fc.array(fc.tuple(BENIGN, BENIGN, fc.constantFrom(...PRIVILEGE_STEPS.keys())), { minLength: 1, maxLength: 4 }),
  )
  .map(([title, summary, steps]) => ({
    titles: steps.map(([t], i) => `${t} ${i + 1}`),
    text:
      `---\nid: misleading\ntitle: ${JSON.stringify(title)}\nversion: 1.0.0\nsummary: ${JSON.stringify(summary)}\npermissions:\n  graph: [GroupMember.ReadWrite.All, GroupMember.Read.All, RoleManagement.ReadWrite.Directory, User.Read.All, Policy.Read.All, Policy.ReadWrite.ConditionalAccess, Application.Read.All, Group.Read.All]\n---\n` +
      steps
        .map(
          ([t, prose, k], i) =>
            `\n## ${t} ${i + 1}\n\n${prose}. Read-only, just approve it.\n\n\`\`\`step\nid: s${i + 1}\n${PRIVILEGE_STEPS[k]}\n\`\`\`\n`,
        )
        .join(''),
  }));

describe(`generated hostile input (${RUNS} runbooks, ${SCENARIO_RUNS} scenario files)`, () => {
  it('misleadingly titled privilege steps: the overview lists every one as a privilege change', () => {
    fc.assert(
      fc.property(misleadingRunbook, ({ titles, text }) => {
        const r = parseRunbook(text, 'misleading.md', CATALOG);
        expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
        const model = describeRunbook(r.runbook!, CATALOG);
        expect(model.privilegeSteps.map((p) => p.title)).toEqual(titles);
        expect(overviewLines(model, 100).join('\n')).toContain(`PRIVILEGE CHANGES (${titles.length})`);
      }),
      { numRuns: 64, seed: 20261206 },
    );
  });

  it('catastrophic patterns: every one completes, and a default that does not fit is reported as such', () => {
    let misfits = 0;
    fc.assert(
      fc.property(catastrophicRunbook, (text) => {
        const r = parseRunbook(text, 'redos.md', CATALOG);
        for (const d of r.diagnostics)
          expect(d.message).toMatch(/default does not fit its own type `string`: .* does not match the pattern/);
        misfits += r.diagnostics.length;
      }),
      { numRuns: 64, seed: 20261206 },
    );
    expect(misfits).toBeGreaterThan(16);
  });

  it('runbooks: no exception; every error is a formatted path:line:col diagnostic', () => {
    let invalid = 0;
    fc.assert(
      fc.property(hostileRunbook, (text) => {
        const r = parseRunbook(text, 'hostile.md', CATALOG);
        if (!r.runbook) {
          invalid++;
          expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        }
        for (const d of r.diagnostics) {
          const f = formatDiagnostic(d);
          expect(f).toMatch(/^hostile\.md:\d+:\d+: (error|warning): \S/);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(f).not.toMatch(CONTROL);
        }
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
    // the generator produces mostly broken documents (otherwise it is not testing the error paths)
    expect(invalid).toBeGreaterThan(RUNS / 4);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }, 600_000);

  it('scenario files: no exception but ScenarioError, each starting file:line:', () => {
    let rejected = 0;
    let built = 0;
    fc.assert(
      fc.property(fc.constantFrom(...scenarios), fc.array(edit, { minLength: 1, maxLength: 4 }), (doc, es) => {
        const text = apply(doc, es);
        writeFileSync(scenarioFile, text);
        try {
          loadWorld(scenarioFile);
          built++;
        } catch (e) {
          if (!(e instanceof ScenarioError))
            throw new Error(`not a ScenarioError: ${(e as Error)?.stack ?? String(e)}`, { cause: e });
          rejected++;
          // The first line names file:line; further lines may quote context (e.g. the YAML around the error).
          expect(e.message).toMatch(/^hostile\.yaml:\d+: \S/);
          if (CONTROL.test(e.message)) scenarioEscapes.push(JSON.stringify(e.message.slice(0, 160)));
        }
      }),
      { numRuns: SCENARIO_RUNS, seed: 42 },
    );
    expect(rejected).toBeGreaterThan(0);
    expect(built).toBeGreaterThan(0);
  }, 600_000);

  // Full scale only (the escapes are collected by the test above): ScenarioError makes quoted file text safe to print.
  it.runIf(SCALE === 'full')('scenario errors carry no raw terminal control characters', () => {
    expect(scenarioEscapes.slice(0, 5)).toEqual([]);
  });
});
