/**
 * `breakglass check --scenario NAME` with nothing else: the practice scenario
 * declares its own break-glass set-up, so the check runs against it and says
 * where the accounts came from. A scenario without break-glass accounts still
 * gets the usage error (breakglass never guesses). Real CLI, real practice tenant.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/breakglass.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bg-scenario-decl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'check', '--all', '--state-dir', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BREAKGLASS_CONFIG: join(dir, 'none.json'), NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check on a practice scenario needs no flags', () => {
  it('healthy: the declared accounts, group and workspace are checked, and every check passes', () => {
    const r = check('--scenario', 'healthy', '--format', 'json');
    expect(r.stderr).toContain('declared by practice scenario healthy');
    const out = JSON.parse(r.stdout) as {
      config: { accounts: string[]; group?: string; workspace?: string };
      results: { id: string; verdict: string }[];
    };
    expect(out.config.accounts).toEqual([
      'bg-admin-01@contosopractice.onmicrosoft.com',
      'bg-admin-02@contosopractice.onmicrosoft.com',
    ]);
    expect(out.config.group).toBe('SG-BreakGlass-Exclude');
    expect(out.config.workspace).toMatch(/\/workspaces\/law-security$/);
    expect(out.results.filter((x) => x.verdict === 'fail' || x.verdict === 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('drifted: the same declaration, and the drift fails (exit 1)', () => {
    const r = check('--scenario', 'drifted');
    expect(r.stderr).toContain('declared by practice scenario drifted');
    expect(r.stdout).toMatch(/FAIL {3}BG-006/);
    expect(r.code).toBe(1);
  });

  it('a flag still wins over the scenario', () => {
    const r = check(
      '--scenario',
      'healthy',
      '--checks',
      'BG-001',
      '--accounts',
      'bg-admin-01@contosopractice.onmicrosoft.com',
    );
    expect(r.stderr).not.toContain('declared by practice scenario');
    expect(r.stdout).toMatch(/FAIL {3}BG-001/);
  });

  it('a tenant with no break-glass accounts yet: the usage error, no guess', () => {
    const r = check('--scenario', 'conditional-access-new');
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('no break-glass accounts declared');
  });
});
