/** `breakglass validate` and `list` through the built binary: exit codes, output, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const fixtures = join('test', 'fixtures', 'runbooks');
const tmp = mkdtempSync(join(tmpdir(), 'bg-cli-'));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/breakglass.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('run `npm run build` first (npm test does)');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('breakglass validate', () => {
  it('valid runbooks: exit 0 and a summary', () => {
    const r = cli(['validate', join(fixtures, 'valid', 'full.md'), join(fixtures, 'valid', 'crlf-bom.md')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('test/fixtures/runbooks/valid/full.md: ok — fixture-full 1.2.0, 7 steps');
    expect(r.out.trim().split('\n').at(-1)).toBe('2 runbooks valid');
  });

  it('a folder is the runbooks in it: the shipped ones validate with `validate runbooks/`', () => {
    const shipped = readdirSync(join(root, 'runbooks')).filter((f) => f.endsWith('.md'));
    const r = cli(['validate', 'runbooks/']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const f of shipped) expect(r.out).toContain(`${join('runbooks', f)}: ok — `);
    expect(r.out.trim().split('\n').at(-1)).toMatch(new RegExp(`^${shipped.length} runbooks valid`));
    // A folder with no runbook in it is still an unreadable input.
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const none = cli(['validate', empty]);
    expect(none.code).toBe(66);
    expect(none.out).toContain('is a directory, not a runbook file');
  });

  it('broken runbook: exit 1, file:line:col error, hint line, summary', () => {
    const f = join(fixtures, 'broken', 'unknown-key.md');
    const r = cli(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${f}:6:1: error: unknown key \`titel\` in front matter (did you mean \`title\`?)\n  hint: allowed keys: id, title,`,
    );
    expect(r.out.trim().split('\n').at(-1)).toBe('1 error in 1 file (1 checked)');
    expect(r.out + r.err).not.toMatch(/\n\s+at |Error:/);
  });

  it('every broken fixture fails without a stack trace', () => {
    const r = cli([
      'validate',
      ...['tabs', 'alias-bomb', 'proto', 'binary', 'empty', 'escape', 'unclosed-block'].map((n) =>
        join(fixtures, 'broken', `${n}.md`),
      ),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/7 errors in 7 files \(7 checked\)/);
    expect(r.out + r.err).not.toMatch(/\n\s+at /);
    expect(r.out).not.toContain('\u001b'); // the ESC in escape.md never reaches the terminal
  });

  it('missing file: exit 66', () => {
    const r = cli(['validate', join(tmp, 'nope.md')]);
    expect(r.code).toBe(66);
    expect(r.out).toContain('nope.md:1:1: error: file not found');
  });

  it('no file: usage, exit 64', () => {
    const r = cli(['validate']);
    expect(r.code).toBe(64);
    expect(r.err).toContain('Usage: breakglass validate');
  });

  it('--json gives machine-readable diagnostics', () => {
    const r = cli(['validate', '--json', join(fixtures, 'broken', 'duplicate-id.md')]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { valid: boolean; diagnostics: { line: number; col: number; message: string }[] }[];
    expect(j[0]!.valid).toBe(false);
    expect(j[0]!.diagnostics[0]).toMatchObject({ line: 12, col: 1, severity: 'error' });
  });

  it('colour only when asked, and never with NO_COLOR', () => {
    const f = join(fixtures, 'broken', 'empty.md');
    expect(cli(['validate', f], { FORCE_COLOR: '1', NO_COLOR: '' }).out).toContain('\u001b[31merror');
    expect(cli(['validate', f], { FORCE_COLOR: '1', NO_COLOR: '1' }).out).not.toContain('\u001b[');
  });
});

describe('breakglass list', () => {
  it('lists shipped and user runbooks; --json has the fields', () => {
    const userDir = join(tmp, 'user');
    rmSync(userDir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', userDir]);
    copyFileSync(join(root, fixtures, 'valid', 'full.md'), join(userDir, 'mine.md'));
    writeFileSync(join(userDir, 'broken.md'), '---\nid: oops\n');
    const r = cli(['list', '--json'], { BREAKGLASS_RUNBOOKS_DIR: userDir });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { id: string; source: string; valid: boolean; version: string; path: string }[];
    expect(list.filter((e) => e.source === 'shipped').length).toBeGreaterThan(0);
    expect(list.find((e) => e.id === 'fixture-full')).toMatchObject({ source: 'user', valid: true, version: '1.2.0' });
    expect(list.find((e) => e.path.endsWith('broken.md'))).toMatchObject({ source: 'user', valid: false });
    const text = cli(['list'], { BREAKGLASS_RUNBOOKS_DIR: userDir });
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^ID\s+VERSION\s+CADENCE\s+SOURCE\s+TITLE/);
    expect(text.out).toMatch(/fixture-full\s+1\.2\.0\s+every 90 days\s+user\s+A full example runbook/);
    expect(text.out).toMatch(/broken\s+-\s+-\s+user\s+INVALID/);
  });
});
