import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/breakglass.js', import.meta.url));

describe('breakglass CLI', () => {
  it('--version prints the package version', () => {
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--help lists the commands and the exit codes', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    for (const c of ['validate', 'run', 'resume', 'check', 'verify', 'history', 'practice']) expect(out).toContain(c);
    expect(out).toContain('Exit codes');
  });

  it('an unknown command is a usage error with a hint, not a stack trace', () => {
    const r = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the command line as people expect it', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

  it('run --help lists every option with what it does, and examples', () => {
    const r = cli('run', '--help');
    expect(r.status).toBe(0);
    for (const o of [
      '--scenario NAME',
      '--input NAME=VALUE',
      '--answers FILE',
      '--plain',
      '--state-dir DIR',
      '--tenant',
    ])
      expect(r.stdout).toContain(o);
    expect(r.stdout).toMatch(/Examples:\n {2}breakglass run /);
    // `help run` is the same page.
    expect(cli('help', 'run').stdout).toBe(r.stdout);
  });

  it('every command has a help page with options and an example', () => {
    for (const c of ['list', 'validate', 'run', 'resume', 'check', 'verify', 'sign', 'keys', 'history', 'practice']) {
      const r = cli(c, '--help');
      expect(r.status, c).toBe(0);
      expect(r.stdout, c).toMatch(/Options:\n {2}-/);
      expect(r.stdout, c).toMatch(/Examples:\n {2}breakglass /);
      // Every option and its help are apart, -h/--help included (validate's one short option ran them together).
      expect(r.stdout, c).toMatch(/\n {2}-h, --help {2,}this help\n/);
    }
  });

  it('a misspelt command or option gets "did you mean", not the parser\'s wording', () => {
    const chek = cli('chek');
    expect(chek.status).toBe(64);
    expect(chek.stderr).toContain('Did you mean `breakglass check`?');
    const tenat = cli('run', 'security-defaults-fido2', '--tenat', 'practice');
    expect(tenat.status).toBe(64);
    expect(tenat.stderr).toContain('unknown option --tenat for `breakglass run`. Did you mean --tenant?');
    const fmt = cli('check', '--all', '--fromat', 'json');
    expect(fmt.stderr).toContain('Did you mean --format?');
    expect(fmt.stderr).not.toMatch(/ERR_PARSE_ARGS|Unknown option '/);
    const missing = cli('verify', 'x.dsse.json', '--pubkey');
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain('--pubkey needs a value, e.g. --pubkey FILE');
    // A value that begins with "-" (a key, a file name) gets our wording and the way to give it.
    for (const args of [
      ['verify', 'x.dsse.json', '--pubkey', '-operator.pem'],
      ['practice', 'counters', '--admin-key', '-Ab3'],
    ]) {
      const dash = cli(...args);
      expect(dash.status, args.join(' ')).toBe(64);
      expect(dash.stderr).toContain(`the value of ${args[2]} begins with "-": give it as ${args[2]}=<value>`);
      expect(dash.stderr).not.toMatch(/ambiguous|ERR_PARSE_ARGS/);
    }
  });

  it('--state-dir is accepted by check and list; --tenant Practice in any case is the practice tenant', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-cli-state-'));
    const list = cli('list', '--state-dir', dir);
    expect(list.status, list.stderr).toBe(0);
    for (const t of ['Practice', 'PRACTICE']) {
      const check = cli('check', '--tenant', t, '--state-dir', dir, '--checks', 'BG-001', '--accounts', 'a@b.example');
      expect(check.stderr).not.toMatch(/unknown option/);
      expect(check.stdout).toContain('PRACTICE TENANT — not a live tenant');
    }
    // The practice tenant's keys are kept in the state folder given, not the default one.
    expect(existsSync(join(dir, 'practice'))).toBe(true);
  });

  it('verify of the markdown report says to pass the signed envelope', () => {
    const r = cli('verify', 'runs/x/report.md');
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('breakglass verify runs/x/report.dsse.json');
  });
});
