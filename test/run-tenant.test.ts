/**
 * `breakglass run` resolves its tenant once, at the command edge, with the
 * precedence the docs promise for every command: --tenant > BREAKGLASS_TENANT
 * > config file > the practice tenant. The fixture runbook needs no tenant,
 * so a run against a live tenant id completes offline and the journal shows
 * which tenant the run was for.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const fixture = join(root, 'test/fixtures/engine/offline-drill.md');
const answers = join(root, 'test/fixtures/engine/offline-drill.answers.yaml');

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli.js'))) throw new Error('run `npm run build` first (npm test does)');
});

/** Runs the fixture; returns the tenant its journal records, or the exit status and stderr when it did not run. */
function runFor(
  env: Record<string, string>,
  args: string[] = [],
): { status: number | null; stderr: string; tenant?: { mode: string; label: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'bg-tenant-'));
  // No config file unless the test names one.
  const base = { BREAKGLASS_CONFIG: join(dir, 'no-config.json'), BREAKGLASS_TENANT: '' };
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'bin/breakglass.js'),
      'run',
      fixture,
      '--answers',
      answers,
      '--input',
      'owner=Ann',
      '--state-dir',
      dir,
      ...args,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, ...base, ...env },
      input: '',
      timeout: 60_000,
    },
  );
  const runs = existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')) : [];
  if (runs.length !== 1) return { status: r.status, stderr: r.stderr };
  const first = JSON.parse(readFileSync(join(dir, 'runs', runs[0]!, 'journal.jsonl'), 'utf8').split('\n')[0]!) as {
    data: { tenant: { mode: string; label: string } };
  };
  return { status: r.status, stderr: r.stderr, tenant: first.data.tenant };
}

function configFile(content: object): string {
  const p = join(mkdtempSync(join(tmpdir(), 'bg-config-')), 'config.json');
  writeFileSync(p, JSON.stringify(content));
  return p;
}

describe('breakglass run: which tenant (flag > env > config file > practice)', () => {
  it('without flag, env or config file, runs against the practice tenant', () => {
    const r = runFor({});
    expect(r.status, r.stderr).toBe(0);
    expect(r.tenant).toMatchObject({ mode: 'practice' });
  });

  it('honours BREAKGLASS_TENANT', () => {
    const r = runFor({ BREAKGLASS_TENANT: 'contoso.onmicrosoft.com' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.tenant).toMatchObject({ mode: 'live', label: 'contoso.onmicrosoft.com' });
  });

  it('honours the config file, and BREAKGLASS_TENANT wins over it', () => {
    const file = configFile({ tenant: 'fabrikam.onmicrosoft.com' });
    expect(runFor({ BREAKGLASS_CONFIG: file }).tenant).toMatchObject({
      mode: 'live',
      label: 'fabrikam.onmicrosoft.com',
    });
    expect(runFor({ BREAKGLASS_CONFIG: file, BREAKGLASS_TENANT: 'contoso.onmicrosoft.com' }).tenant).toMatchObject({
      mode: 'live',
      label: 'contoso.onmicrosoft.com',
    });
  });

  it('--tenant wins over BREAKGLASS_TENANT and the config file', () => {
    const file = configFile({ tenant: 'fabrikam.onmicrosoft.com' });
    const r = runFor({ BREAKGLASS_CONFIG: file, BREAKGLASS_TENANT: 'contoso.onmicrosoft.com' }, [
      '--tenant',
      'practice',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.tenant).toMatchObject({ mode: 'practice' });
  });

  it('refuses an unusable tenant from the environment before anything runs, naming where it came from', () => {
    const r = runFor({ BREAKGLASS_TENANT: 'common' });
    expect(r.status).toBe(64);
    expect(r.tenant).toBeUndefined();
    expect(r.stderr).toMatch(/"common" is not a single tenant \(from BREAKGLASS_TENANT\)/);
  });
});
