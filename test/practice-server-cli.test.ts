/**
 * `breakglass practice serve` as a user runs it: spawn the built CLI, read the
 * URL + CA path it prints (--json), do a real HTTPS GET trusting only that CA
 * (node https, and curl --cacert when curl exists), drive it with the client
 * sub-commands, and stop it with SIGTERM. Needs `npm run build` first (as
 * `npm test` does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:https';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'breakglass.js');
let child: ChildProcess;
let info: { url: string; caPath: string; adminKey: string; stateFile: string; endpoints: { logs: string } };
let stateDir: string;
let startupMs = 0;

/** The environment without any BREAKGLASS_PRACTICE_* of the caller's: each test says which it sets. */
function envWith(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BREAKGLASS_PRACTICE_')));
  return { ...env, ...vars };
}

function cli(
  args: string[],
  opts: { stateDir?: string; env?: Record<string, string> } = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'practice', ...args, '--state-dir', opts.stateDir ?? stateDir], {
    encoding: 'utf8',
    timeout: 30_000,
    env: envWith(opts.env),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'cli.js')))
    throw new Error('dist/ is not built: run `npm run build` before this test');
  stateDir = mkdtempSync(join(tmpdir(), 'bg-practice-cli-'));
  const t0 = performance.now();
  child = spawn(process.execPath, [bin, 'practice', 'serve', '--port', '0', '--json', '--state-dir', stateDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  info = await new Promise((resolveInfo, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveInfo(JSON.parse(out.slice(0, nl)));
    });
    child.on('exit', (code) => reject(new Error(`practice serve exited with ${code}: ${err}`)));
  });
  startupMs = performance.now() - t0;
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('breakglass practice serve', () => {
  it('prints URL, CA path, endpoints and admin key; writes a 0600 state file', () => {
    process.stdout.write(`practice serve: ready ${startupMs.toFixed(0)} ms after spawn (process start included)\n`);
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.endpoints.logs).toBe(`${info.url}/v1`);
    expect(existsSync(info.caPath)).toBe(true);
    // 256 bits in hex: never begins with "-", so `--admin-key KEY` always parses (a base64url key did not, 1 in 64).
    expect(info.adminKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(info.stateFile).mode & 0o777).toBe(0o600);
  });

  it('answers a real HTTPS GET trusting only its CA; an untrusting client is refused', async () => {
    const ca = readFileSync(info.caPath, 'utf8');
    const get = (opts: { ca?: string }) =>
      new Promise<number>((res, rej) => {
        const r = request(`${info.url}/`, opts, (resp) => {
          resp.resume();
          resp.on('end', () => res(resp.statusCode ?? 0));
        });
        r.on('error', rej);
        r.end();
      });
    expect(await get({ ca })).toBe(200);
    await expect(get({})).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('curl --cacert works (when curl is installed)', () => {
    const has = spawnSync('curl', ['--version'], { encoding: 'utf8' });
    if (has.error) return; // no curl on this machine
    const r = spawnSync('curl', ['-sS', '--cacert', info.caPath, `${info.url}/`], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).practice).toBe(true);
  });

  it('client sub-commands find the server through the state file', () => {
    const bad = cli(['approve', 'NOTACODE1']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("No pending device code 'NOTACODE1'");
    const c = cli(['counters']);
    expect(c.status).toBe(0);
    expect(JSON.parse(c.stdout).totalRequests).toBeGreaterThan(0);
    const f = cli(['faults', '{"rate429":0.1}']);
    expect(f.status).toBe(0);
    expect(cli(['faults', '{"rate429":7}']).status).toBe(1);
    expect(cli(['signin']).status).toBe(64);
    expect(cli(['nonsense']).status).toBe(64);
  });

  it('client sub-commands take the server from BREAKGLASS_PRACTICE_*, as run and check do: flag > env > state file', () => {
    const env = {
      BREAKGLASS_PRACTICE_URL: info.url,
      BREAKGLASS_PRACTICE_CA: info.caPath,
      BREAKGLASS_PRACTICE_ADMIN_KEY: info.adminKey,
    };
    // A state folder with no `practice serve` in it: the environment alone names the server.
    const elsewhere = mkdtempSync(join(tmpdir(), 'bg-practice-env-'));
    try {
      const c = cli(['counters'], { stateDir: elsewhere, env });
      expect(c.stderr).toBe('');
      expect(c.status).toBe(0);
      expect(JSON.parse(c.stdout).totalRequests).toBeGreaterThan(0);
      expect(cli(['status'], { stateDir: elsewhere, env }).stdout).toContain(`at ${info.url}`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    // The environment comes before the state file: its (wrong) key is the one sent, and refused…
    const wrongKey = { ...env, BREAKGLASS_PRACTICE_ADMIN_KEY: 'not-the-admin-key-of-this-practice-tenant' };
    const refused = cli(['counters'], { env: wrongKey });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/admin key/i);
    // …and a flag comes before the environment.
    expect(cli(['counters', '--admin-key', info.adminKey], { env: wrongKey }).status).toBe(0);
    // A URL from the environment is never paired with the state file's key for another server.
    const other = cli(['counters'], { env: { BREAKGLASS_PRACTICE_URL: 'https://127.0.0.1:9' } });
    expect(other.status).toBe(64);
    expect(other.stderr).toContain('--admin-key (or BREAKGLASS_PRACTICE_ADMIN_KEY)');
    // --help says so.
    const help = spawnSync(process.execPath, [bin, 'practice', '--help'], { encoding: 'utf8' }).stdout;
    for (const v of ['URL', 'ADMIN_KEY', 'CA']) expect(help).toContain(`$BREAKGLASS_PRACTICE_${v}`);
  });

  it('stops on SIGTERM and removes its state file', async () => {
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(info.stateFile)).toBe(false);
    const r = cli(['counters']);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('No running practice tenant');
  });
});
