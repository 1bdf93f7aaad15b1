/**
 * `breakglass check --config FILE`: the per-tenant declaration names the
 * tenant and the break-glass set-up; a flag on the command line still wins;
 * a bad file is refused at its line and column. Real CLI, real practice tenant.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/breakglass.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bg-declaration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(file: string, text: string, ...args: string[]) {
  const path = join(dir, file);
  writeFileSync(path, text);
  // BREAKGLASS_CONFIG points at a file that does not exist: the user's own settings stay out of the test.
  const r = spawnSync(process.execPath, [bin, 'check', '--config', path, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BREAKGLASS_CONFIG: join(dir, 'none.json'), NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, path };
}

const HEALTHY = [
  'tenant: practice',
  'accounts:',
  '  - upn: bg-admin-01@contosopractice.onmicrosoft.com',
  '  - bg-admin-02@contosopractice.onmicrosoft.com',
  'group: SG-BreakGlass-Exclude',
  "emergencyApp: { appId: 7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a }   # the scenario's emergency app owns the group",
  'checks: [BG-021]',
].join('\n');

describe('check --config (the per-tenant declaration)', () => {
  it('the declared emergency app owns the exclusion group: BG-021 passes; --emergency-app none overrides the file', () => {
    const ok = check('contoso.yaml', HEALTHY, '--format', 'json');
    expect(ok.stderr).toBe('');
    const report = JSON.parse(ok.stdout) as { tenant: { mode: string }; results: { id: string; verdict: string }[] };
    expect(report.tenant.mode).toBe('practice');
    expect(report.results.map((r) => `${r.id} ${r.verdict}`)).toEqual(['BG-021 pass']);
    expect(ok.code).toBe(0);

    const over = check('contoso.yaml', HEALTHY, '--format', 'json', '--emergency-app', 'none');
    expect((JSON.parse(over.stdout) as typeof report).results.map((r) => `${r.id} ${r.verdict}`)).toEqual([
      'BG-021 warn',
    ]);
  });

  it('a misspelt key is refused at its line and column with exit 64, before any sign-in', () => {
    const r = check('typo.yaml', 'tenant: practice\nacounts: [bg-admin-01@contosopractice.onmicrosoft.com]\n');
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`${r.path}:2:1: unknown key "acounts"`);
    expect(r.stdout).toBe('');
  });

  it('an unreadable file exits 66', () => {
    const r = spawnSync(process.execPath, [bin, 'check', '--all', '--config', join(dir, 'missing.yaml')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(66);
    expect(r.stderr).toMatch(/cannot read config file .*missing\.yaml: ENOENT/);
  });
});
