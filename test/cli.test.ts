import { execFileSync, spawnSync } from 'node:child_process';
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
