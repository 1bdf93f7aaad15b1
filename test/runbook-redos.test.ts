/**
 * A hostile runbook in the user's folder cannot hang or break anything else:
 * patterns run on RE2 (linear time), and a runbook that makes loading throw
 * is reported as that file's problem while every other runbook still loads.
 * These tests are bounded by what they print, not by a clock: on a
 * backtracking engine `(a+)+$` against 40 "a"s and a "!" does not finish.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadForRun } from '../src/commands/run.js';
import { listRunbooks } from '../src/runbook/library.js';
import { checkInputValue } from '../src/runbook/input-values.js';
import { compilePattern } from '../src/runbook/pattern.js';
import { coerceInput } from '../src/steps/input-values.js';
import { builtInCatalog } from '../src/steps/catalog.js';
import type { InputSpec } from '../src/core/runbook.js';

const root = join(import.meta.dirname, '..');
const CATALOG = builtInCatalog();
const EVIL = 'a'.repeat(40) + '!';
const userDir = mkdtempSync(join(tmpdir(), 'bg-redos-'));
afterAll(() => rmSync(userDir, { recursive: true, force: true }));

const hostile = `---
id: catastrophic
title: Catastrophic pattern
version: 1.0.0
summary: a pattern that backtracks forever on a JavaScript engine
inputs:
  serial:
    type: string
    pattern: "(a+)+$"
    default: "${EVIL}"
---

## Look

\`\`\`step
manual: true
\`\`\`
`;
writeFileSync(join(userDir, 'catastrophic.md'), hostile);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/breakglass.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', BREAKGLASS_RUNBOOKS_DIR: userDir },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

describe('catastrophic patterns (RE2: linear time)', () => {
  it('compilePattern matches the whole value and refuses what RE2 cannot do in linear time', () => {
    const re = compilePattern('(a+)+$');
    expect(typeof re).toBe('object');
    expect((re as Exclude<typeof re, string>).test(EVIL)).toBe(false);
    expect((re as Exclude<typeof re, string>).test('aaaa')).toBe(true);
    expect(compilePattern('(a)\\1')).toMatch(/^invalid pattern \(RE2 syntax\): invalid escape sequence/);
    expect(compilePattern('(?=a)a')).toMatch(/^invalid pattern \(RE2 syntax\)/);
  });

  it('the validator judges a default with the hostile pattern, and says it does not fit', () => {
    expect(checkInputValue({ type: 'string', pattern: '(a+)+$' }, EVIL)).toBe(
      `"${EVIL}" does not match the pattern (a+)+$`,
    );
  });

  it('at run time a typed value is judged by the same anchored pattern as at validation', () => {
    const spec: InputSpec = { name: 'serial', type: 'string', pattern: '(a+)+$' } as InputSpec;
    expect(coerceInput(spec, EVIL)).toEqual({
      ok: false,
      error: `serial: "${EVIL}" is not in the expected form`,
    });
    // Whole value, as validate judges it: before, the run-time check was unanchored and accepted this.
    expect(coerceInput({ name: 'n', type: 'string', pattern: '[0-9]{3}' } as InputSpec, 'x123y')).toMatchObject({
      ok: false,
    });
    expect(coerceInput({ name: 'n', type: 'string', pattern: '[0-9]{3}' } as InputSpec, '123')).toEqual({
      ok: true,
      value: '123',
    });
  });

  it('`validate` of the hostile runbook completes and shows the error', () => {
    const r = cli(['validate', join(userDir, 'catastrophic.md')]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.out).toContain('catastrophic.md:10:14: error: input `serial`: default does not fit its own type `string`');
  });

  it('`list` completes: the hostile runbook is INVALID, the shipped ones are listed', () => {
    const r = cli(['list']);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^catastrophic\s.*INVALID \(1 error; breakglass validate /m);
    expect(r.out).toMatch(/^emergency-sign-in\s/m);
  });
});

describe('one runbook cannot take the library down', () => {
  const saved = process.env.BREAKGLASS_RUNBOOKS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.BREAKGLASS_RUNBOOKS_DIR;
    else process.env.BREAKGLASS_RUNBOOKS_DIR = saved;
  });

  it('`run emergency-sign-in` (resolved by id through the whole library) loads beside the hostile runbook', async () => {
    process.env.BREAKGLASS_RUNBOOKS_DIR = userDir;
    const rb = await loadForRun('emergency-sign-in', CATALOG);
    expect(rb.id).toBe('emergency-sign-in');
  });

  it('a runbook that makes loading throw becomes its own diagnostic; the others (home screen, list) still load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-bomb-'));
    try {
      process.env.BREAKGLASS_RUNBOOKS_DIR = dir;
      writeFileSync(
        join(dir, 'bomb.md'),
        '---\nid: bomb\ntitle: Bomb\nversion: 1.0.0\nsummary: s\n---\n\n## Boom\n\n```step\naction: test.bomb\n```\n',
      );
      // An action whose permission list throws when read: loading a runbook that names it throws outside any step's own error handling.
      const permissions = Object.defineProperty({}, 'graph', {
        get: () => {
          throw new Error('boom from a hostile entry');
        },
        enumerable: true,
      });
      const bomb = {
        id: 'test.bomb',
        title: 'bomb',
        permissions,
        destructive: false,
        outputs: [],
        args: CATALOG.action('tap.create')!.args,
      } as never;
      const entries = await listRunbooks(CATALOG.with({ actions: [bomb] }));
      const b = entries.find((e) => e.id === 'bomb')!;
      expect(b.runbook).toBeUndefined();
      expect(b.diagnostics[0]!.message).toBe('this runbook could not be loaded: boom from a hostile entry');
      expect(entries.find((e) => e.id === 'emergency-sign-in')?.runbook).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
