/**
 * Headless `breakglass check` with app-only certificate credentials, end to
 * end: the CLI runs in its own process (as a pipeline or scheduler runs it)
 * against the practice tenant, signs in with the client-credentials grant and
 * a certificate assertion (x5t#S256 of the registered certificate;
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials),
 * and reads only.
 *
 * The app registration is the one docs/pipeline-app.md tells a reader to
 * make: exactly the Microsoft Graph application permissions its table lists
 * (parsed from the page, so a permission missing there fails here), none of
 * them a write permission, and the public certificate uploaded as a
 * keyCredential. Asserted: every check passes on the healthy tenant (exit 0),
 * the tenant holds no applied change afterwards, the private key appears in
 * no output, and a certificate the app does not hold is refused with Entra's
 * AADSTS700027 and exit 2 (a check could not run).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { makeAppCertificate, type TestCert } from './tenant-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DECLARATION = join(ROOT, 'examples', 'pipelines', 'tenants', 'contoso.yaml');
const APP = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';

/** The Microsoft Graph application permissions docs/pipeline-app.md's table tells the reader to grant. */
function documentedAppPermissions(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'pipeline-app.md'), 'utf8');
  const start = doc.indexOf('| Microsoft Graph application permission');
  expect(start, 'the permission table in docs/pipeline-app.md').toBeGreaterThan(0);
  const rows = doc.slice(start).split('\n').slice(2);
  const perms: string[] = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    perms.push(
      ...row
        .split('|')[1]!
        .split(/,|\+/)
        .map((p) => p.trim())
        .filter(Boolean),
    );
  }
  return perms;
}

const dir = mkdtempSync(join(tmpdir(), 'bg-cert-check-'));
let server: PracticeServer;
let cert: TestCert;
let other: TestCert;
afterAll(async () => {
  await server?.close();
  for (const d of [dir, cert?.dir, other?.dir]) if (d) rmSync(d, { recursive: true, force: true });
});

function scenario(certPem: string, appRoles: string[]): object {
  const decl = parse(readFileSync(DECLARATION, 'utf8')) as { tenant: string; accounts: { upn: string }[] };
  const s = parse(readFileSync(join(ROOT, 'src', 'practice', 'scenarios', 'healthy.yaml'), 'utf8'), {
    merge: true,
    maxAliasCount: -1,
  }) as { tenant: Record<string, unknown>; applications: Record<string, unknown>[] };
  s.tenant['id'] = decl.tenant;
  s.tenant['initialDomain'] = decl.accounts[0]!.upn.split('@')[1];
  s.applications.push({
    displayName: 'breakglass headless checks',
    appId: APP,
    servicePrincipal: true,
    appRoles,
    certificates: [{ displayName: 'breakglass-checks', pem: certPem }],
  });
  return s;
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  out: string;
}

/** `breakglass check` in its own process, as a scheduler starts it. */
function check(pemPath: string, name: string): Promise<Run> {
  const out = join(dir, name);
  mkdirSync(out);
  const args = [
    join(ROOT, 'bin', 'breakglass.js'),
    'check',
    '--all',
    '--config',
    DECLARATION,
    '--flow',
    'client-certificate',
    '--certificate',
    pemPath,
    '--client-id',
    APP,
    '--format',
    'json',
    '--output',
    join(out, 'summary.json'),
    '--also',
    `sarif=${join(out, 'breakglass.sarif')}`,
    '--also',
    `junit=${join(out, 'breakglass.junit.xml')}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: out,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: out,
        BREAKGLASS_PRACTICE_URL: server.url,
        BREAKGLASS_PRACTICE_CA: server.caPath,
        BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
        BREAKGLASS_CONFIG: join(out, 'no-user-config.json'),
        BREAKGLASS_STATE_DIR: join(out, 'state'),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr, out }));
  });
}

/** Every file under a folder, with its text. */
function filesUnder(root: string): [string, string][] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map((f) => join(root, String(f)))
    .filter((p) => statSync(p).isFile())
    .map((p) => [p, readFileSync(p, 'latin1')]);
}

describe('breakglass check, app-only with a certificate, in its own process', () => {
  const permissions = documentedAppPermissions();
  let run: Run;

  beforeAll(async () => {
    [cert, other] = await Promise.all([makeAppCertificate(), makeAppCertificate()]);
    server = await startPracticeServer({ scenario: scenario(cert.certPem, permissions) });
    run = await check(cert.pemPath, 'registered');
  }, 120_000);

  it('the documented permissions are application permissions and read-only', () => {
    expect(permissions.length).toBeGreaterThan(10);
    expect(permissions.filter((p) => !/\.Read\./.test(p) || /Write/.test(p))).toEqual([]);
    expect(permissions).toEqual(expect.arrayContaining(['User.Read.All', 'Policy.Read.All']));
  });

  it('every check passes on the healthy tenant with exactly those permissions (exit 0)', () => {
    expect(run.stderr).not.toMatch(/AADSTS|could not|cannot/i);
    const summary = JSON.parse(readFileSync(join(run.out, 'summary.json'), 'utf8')) as {
      tenant: { id: string; mode: string };
      results: { id: string; verdict: string; reason: string }[];
      exitCode: number;
    };
    const declared = (parse(readFileSync(DECLARATION, 'utf8')) as { tenant: string }).tenant;
    expect(summary.tenant).toMatchObject({ id: declared, mode: 'practice' });
    const notPassing = summary.results.filter((r) => r.verdict === 'error' || r.verdict === 'fail');
    expect(notPassing.map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).toEqual([]);
    expect(summary.results.length).toBeGreaterThan(15);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(run.out, 'breakglass.sarif'))).toBe(true);
    expect(existsSync(join(run.out, 'breakglass.junit.xml'))).toBe(true);
  });

  it('signed in app-only at the token endpoint (the client-credentials grant), no user', () => {
    const tokens = server
      .counters()
      .requests.filter((r) => r.host === 'login' && r.method === 'POST' && /token/.test(r.route) && r.status === 200);
    expect(tokens.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(0);
    expect(server.counters().requests.filter((r) => /devicecode|authorize/.test(r.route))).toEqual([]);
  });

  it('read-only: the tenant holds no applied change', () => {
    expect(server.counters().mutationsByRoute).toEqual({});
  });

  it('the private key is written nowhere: not in the outputs, the state folder, or the console', () => {
    const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(
      readFileSync(cert.pemPath, 'utf8'),
    )![0];
    const keyBody = keyPem.split('\n')[1]!; // a line of the key's base64
    expect(keyBody.length).toBeGreaterThan(40);
    for (const [path, text] of filesUnder(run.out)) expect(text.includes(keyBody), path).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(keyBody);
  });

  it('a certificate the app does not hold: AADSTS700027, exit 2 (a check could not run)', async () => {
    const r = await check(other.pemPath, 'unregistered');
    expect(r.stderr + readFileIfAny(join(r.out, 'summary.json'))).toContain('AADSTS700027');
    expect(r.status).toBe(2);
  });
});

function readFileIfAny(p: string): string {
  return existsSync(p) ? readFileSync(p, 'utf8') : '';
}
