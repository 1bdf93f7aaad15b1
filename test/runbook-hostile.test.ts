/** Hostile runbooks: safe, fast, and reported as diagnostics — never a throw, hang or prototype change. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRunbook, parseRunbook, parseRunbookDraft } from '../src/runbook/parse.js';
import { describeRunbook } from '../src/screens/overview-model.js';
import { overviewLines } from '../src/plain/overview-lines.js';
import { STEP_KINDS } from '../src/core/runbook.js';
import { builtInCatalog } from '../src/steps/catalog.js';

const CATALOG = builtInCatalog();

const FM = '---\nid: h\ntitle: H\nversion: 1.0.0\nsummary: s\n---\n\n';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

describe('hostile input', () => {
  it('__proto__ / constructor keys do not pollute prototypes', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const text = `---\nid: p\ntitle: P\nversion: 1.0.0\nsummary: s\ninputs:\n  ${key}:\n    polluted: yes\n---\n\n## S\n\n\`\`\`step\nmanual: true\nwith:\n  ${key}: { polluted: yes }\n\`\`\`\n`;
      const r = parseRunbook(text, 'p.md', CATALOG);
      expect(r.runbook).toBeUndefined();
      expect(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toContain(
        `7:3: key \`${key}\` is not allowed`,
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    }
  });

  it('JSON-style "__proto__" in a flow map is refused too', () => {
    const r = parseRunbook(
      FM + '## S\n\n```step\nmanual: true\nwith: {"__proto__": {"isAdmin": true}}\n```\n',
      'p.md',
      CATALOG,
    );
    expect(r.diagnostics[0]!.message).toBe('key `__proto__` is not allowed');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('deep nesting that would crash the YAML library is refused', () => {
    for (const deep of ['x: ' + '['.repeat(100_000), '- '.repeat(30_000) + 'x', 'x: ' + '{a: '.repeat(10_000)]) {
      const { value, ms } = timed(() =>
        parseRunbook(FM + '## S\n\n```step\nmanual: true\nwith:\n  ' + deep + '\n```\n', 'd.md', CATALOG),
      );
      expect(value.diagnostics[0]!.message).toMatch(/nested more than 64 levels/);
      expect(ms).toBeLessThan(2000);
    }
  });

  it('markdown that is slow for full parsers is linear here', () => {
    const nasty = '*a'.repeat(200_000) + '\n' + '>'.repeat(100_000) + '\n' + '['.repeat(100_000);
    const { value, ms } = timed(() => parseRunbook(FM + '## S\n\n' + nasty + '\n', 'slow.md', CATALOG));
    expect(value.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ms).toBeLessThan(3000);
  });

  it('many headings are capped', () => {
    const r = parseRunbook(FM + '## step\n'.repeat(600), 'many.md', CATALOG);
    expect(r.diagnostics.map((d) => d.message)).toContain('more than 500 steps');
  });

  it('huge expressions and long lines are bounded', () => {
    const big = '${inputs.' + 'a'.repeat(5000) + '}';
    const { value, ms } = timed(() =>
      parseRunbook(FM + `## S\n\n\`\`\`step\nshow: text\nwith: { lines: ["${big}"] }\n\`\`\`\n`, 'e.md', CATALOG),
    );
    expect(value.diagnostics[0]!.message).toMatch(/longer than 512 characters/);
    expect(ms).toBeLessThan(1000);
  });

  it('diagnostics are capped with a count of the rest', () => {
    const r = parseRunbook(FM + Array.from({ length: 300 }, () => '## same\n').join(''), 'dup.md', CATALOG);
    expect(r.diagnostics.length).toBe(201);
    expect(r.diagnostics[200]!.message).toBe('…and 99 more problems');
  });
});

/** Generated runbooks: plausible structure, then mutated bytes. */
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const yamlValue = fc.oneof(
  word,
  fc.integer().map(String),
  fc.constantFrom(
    'true',
    'null',
    '"${inputs.accounts}"',
    '"${steps.a.verdict}"',
    '[a, b]',
    '{ x: 1 }',
    '&a x',
    '*a',
    '"${',
    '|',
    '>-',
    '- x',
  ),
);
const stepBlock = fc
  .record({
    kind: fc.constantFrom(...STEP_KINDS, 'chek', 'foo'),
    arg: fc.oneof(
      yamlValue,
      fc.constantFrom(
        'BG-007',
        'tap.create',
        'fido2.registered',
        'qr',
        'passphrase',
        '[operator, witness]',
        '{ confirm: ok }',
      ),
    ),
    extra: fc.array(
      fc.tuple(
        fc.constantFrom('id', 'with', 'when', 'identity', 'foreach', 'as', 'timeout', 'x', '__proto__'),
        yamlValue,
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ kind, arg, extra }) =>
    ['```step', `${kind}: ${arg}`, ...extra.map(([k, v]) => `${k}: ${v}`), '```'].join('\n'),
  );
const section = fc
  .record({
    depth: fc.constantFrom('##', '###', '#', '####'),
    title: fc.string({ maxLength: 30 }),
    prose: fc.string({ maxLength: 80 }),
    block: fc.option(stepBlock),
  })
  .map(({ depth, title, prose, block }) => `${depth} ${title}\n\n${prose}\n\n${block ?? ''}\n`);
const frontMatter = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'id',
        'title',
        'version',
        'summary',
        'cadence',
        'readOnly',
        'permissions',
        'inputs',
        'signoff',
        'identities',
        'titel',
        'practice',
      ),
      yamlValue,
    ),
    { maxLength: 8 },
  )
  .map(
    (kv) => `---\nid: gen\ntitle: G\nversion: 1.0.0\nsummary: s\n${kv.map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n`,
  );
const runbookText = fc
  .tuple(frontMatter, fc.array(section, { maxLength: 6 }))
  .map(([fm, secs]) => fm + '\n' + secs.join('\n'));

/** Byte-level mutation: insert, delete or replace a few characters (tabs, CR, NUL, quotes, colons…). */
const mutated = fc
  .tuple(
    runbookText,
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat(3),
        fc.constantFrom(
          '\t',
          '\r\n',
          '\u0000',
          '"',
          ':',
          '`',
          '\n',
          '  ',
          '${',
          '}',
          '-',
          '&x',
          '*x',
          '\ufeff',
          'é',
          '\u001b',
        ),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([text, edits]) => {
    let t = text;
    for (const [at, del, ins] of edits) {
      const i = t.length ? at % t.length : 0;
      t = t.slice(0, i) + ins + t.slice(i + del);
    }
    return t;
  });

function assertWellFormed(text: string): void {
  const r = parseRunbook(text, 'gen.md', CATALOG);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(d.line) && Number.isInteger(d.col)).toBe(true);
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toMatch(/\n\s+at /); // no stack traces
    expect(['error', 'warning']).toContain(d.severity);
  }
  const errors = r.diagnostics.some((d) => d.severity === 'error');
  expect(r.runbook === undefined).toBe(errors);
}

describe('property: never throws, every failure is a positioned diagnostic', () => {
  it('generated runbooks (1,000)', () => {
    fc.assert(fc.property(runbookText, assertWellFormed), { numRuns: 1000 });
  });
  it('mutated runbooks (1,000)', () => {
    fc.assert(fc.property(mutated, assertWellFormed), { numRuns: 1000 });
  });
  it('arbitrary unicode text (500)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => assertWellFormed(FM + s)),
      { numRuns: 500 },
    );
  });
});

describe('misleadingly titled privilege steps', () => {
  // A runbook from a stranger may call a privilege change "Verify" or "Read-only": the overview
  // lists it as a privilege change whatever its title, prose or front-matter summary says.
  const privileged = CATALOG.actions().filter((a) => a.risk === 'privilege');
  it.each(privileged.map((a) => [a.id]))('%s is listed as a privilege change under a harmless title', (id) => {
    const text = `---\nid: harmless\ntitle: Verify the exclusion group membership\nversion: 1.0.0\nsummary: Read-only. Nothing changes.\nreadOnly: false\n---\n\n## Just look at the list (read-only)\n\nNothing changes here.\n\n\`\`\`step\naction: ${id}\n\`\`\`\n`;
    // It does not validate (no arguments, undeclared permissions); the overview is still honest about it.
    const { runbook } = parseRunbookDraft(text, 'harmless.md');
    const lines = overviewLines(describeRunbook(runbook, CATALOG), 120).join('\n');
    expect(lines).toContain('PRIVILEGE CHANGES (1)');
    expect(lines).toMatch(/1\. Just look at the list \(read-only\)\s+✎ changes tenant \(PRIVILEGE/);
  });

  it('the shared runbook that adds a user to the exclusion group and assigns Global Administrator is shown as two privilege changes', async () => {
    const { runbook } = await loadRunbook('test/fixtures/runbooks/hostile/verify-exclusion-membership.md', CATALOG);
    const lines = overviewLines(describeRunbook(runbook!, CATALOG), 120).join('\n');
    expect(lines).toContain('PRIVILEGE CHANGES (2)');
    expect(lines).toContain('Global Administrator (active, permanent, tenant-wide)');
  });
});

describe('a secret shown under a title that does not say it is one', () => {
  const SECRET_STEPS = '## Make the passphrase\n\n```step\nid: pp\nsecret: passphrase\nname: pp\nwords: 6\n```\n\n';
  it('is refused at the line of the step, naming the title', () => {
    const text = `${FM}${SECRET_STEPS}## Verify the exclusion group membership\n\n\`\`\`step\nid: look\nshow: secret\nwith:\n  secret: pp\n\`\`\`\n`;
    const r = parseRunbook(text, 'h.md', CATALOG);
    expect(r.runbook).toBeUndefined();
    const d = r.diagnostics.find((x) => /does not say it is one/.test(x.message))!;
    expect(`${d.line}: ${d.message}`).toBe(
      '21: step `look` shows a secret under the title "Verify the exclusion group membership", which does not say it is one',
    );
  });
  it('a `with: title` that hides it is refused too; a title that says what it is passes', () => {
    const hidden = `${FM}${SECRET_STEPS}## Show the passphrase\n\n\`\`\`step\nid: look\nshow: secret\nwith:\n  secret: pp\n  title: Group membership report\n\`\`\`\n`;
    expect(parseRunbook(hidden, 'h.md', CATALOG).diagnostics.map((d) => d.message)).toContain(
      'step `look` shows a secret under the title "Group membership report", which does not say it is one',
    );
    const honest = `${FM}${SECRET_STEPS}## Show the passphrase to custodian 1\n\n\`\`\`step\nid: look\nshow: secret\nwith:\n  secret: pp\n\`\`\`\n`;
    expect(parseRunbook(honest, 'h.md', CATALOG).diagnostics.filter((d) => /does not say/.test(d.message))).toEqual([]);
  });
});
