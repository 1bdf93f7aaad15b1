/**
 * The shipped GitHub Actions workflow (examples/pipelines/github-actions.yml)
 * runs end to end against the practice tenant: the `run:` steps of its
 * `check` job are executed with bash exactly as a runner would (matrix and
 * step outputs substituted, GITHUB_OUTPUT a file), for two tenants of the
 * matrix, twice each. The OIDC token comes from the practice server's
 * simulated GitHub issuer (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN) and is
 * exchanged by the real MSAL over TLS at the practice login endpoint, which
 * checks it against the app's federated identity credential.
 *
 * The one step not run is "install breakglass" (it installs from the npm
 * registry): this checkout's bin/breakglass.js is put on PATH instead.
 *
 * Asserted: the SARIF validates against the vendored SARIF 2.1.0 schema;
 * fingerprints are identical across the two runs and distinct between
 * findings and tenants; each tenant is its own category; the job passes for
 * the healthy tenant and fails for the drifted one; a job whose OIDC subject
 * the app does not trust is refused with Entra's AADSTS700213.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv-draft-04';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { PERMISSION_TABLE } from '../src/config/permission-table.js';
import { GRAPH_APP_ROLES } from '../src/practice/world/catalog.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples', 'pipelines');
const SCENARIOS = join(ROOT, 'src', 'practice', 'scenarios');
const REPOSITORY = 'contoso/breakglass-fleet';
/** The app registration the workflow signs in as (vars.BREAKGLASS_CLIENT_ID). */
const FLEET_APP = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';

interface Step {
  name?: string;
  id?: string;
  run?: string;
  uses?: string;
  if?: string;
}
interface Workflow {
  jobs: {
    tenants: { steps: Step[] };
    check: { environment: string; env: Record<string, string>; steps: Step[]; strategy: Record<string, unknown> };
  };
}

const workflow = parse(readFileSync(join(EXAMPLES, 'github-actions.yml'), 'utf8')) as Workflow;
const dir = mkdtempSync(join(tmpdir(), 'bg-gha-'));
const repo = join(dir, 'repo');
const bin = join(dir, 'bin');
const servers = new Map<string, PracticeServer>();
afterAll(async () => {
  for (const s of servers.values()) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The application permissions the permission table documents for the checks' reads: per read, the
 * least privileged read-only set the practice catalogue knows (else the next documented one).
 */
function checkAppRoles(): string[] {
  const roles = PERMISSION_TABLE.filter((r) => r.checks?.length && (r.api === 'graph' || r.api === 'graph-beta'))
    .map((r) => {
      const sets = r.application ? [r.application.least, ...r.application.higher] : [];
      const set = sets.find((x) => x.every((p) => p in GRAPH_APP_ROLES && !/ReadWrite/.test(p)));
      if (!set) throw new Error(`no read-only application permission for ${r.id} in the practice catalogue`);
      return set;
    })
    .flat();
  return [...new Set(roles)].sort();
}

/** A practice tenant standing in for a declared one: same tenant id and domain, plus the fleet app. */
function scenarioFor(declarationFile: string, base: 'healthy' | 'drifted'): object {
  const decl = parse(readFileSync(declarationFile, 'utf8')) as { tenant: string; accounts: { upn: string }[] };
  const s = parse(readFileSync(join(SCENARIOS, `${base}.yaml`), 'utf8'), { merge: true, maxAliasCount: -1 }) as {
    tenant: Record<string, unknown>;
    applications: Record<string, unknown>[];
  };
  s.tenant['id'] = decl.tenant;
  s.tenant['initialDomain'] = decl.accounts[0]!.upn.split('@')[1];
  s.applications.push({
    displayName: 'breakglass fleet checks',
    appId: FLEET_APP,
    servicePrincipal: true,
    appRoles: checkAppRoles(),
    federatedIdentityCredentials: [
      {
        name: 'github-breakglass-nightly',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: `repo:${REPOSITORY}:environment:${workflow.jobs.check.environment}`,
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  });
  return s;
}

/** `${{ … }}` as the runner would expand it for this job; anything else is a test bug. */
function expand(script: string, ctx: Record<string, string>): string {
  return script.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in ctx)) throw new Error(`the test does not know how to expand \${{ ${expr} }}`);
    return ctx[expr]!;
  });
}

interface JobRun {
  stepCodes: Record<string, number>;
  outputs: Record<string, string>;
  stderr: string;
}

/**
 * One `run:` step as the runner starts it: `bash --noprofile --norc -eo pipefail`. Asynchronous, so the
 * practice servers in this process keep answering while the step runs.
 */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stderr }));
  });
}

/** The check job's run steps for one tenant, as a runner executes them (one shell per step). */
async function runCheckJob(
  tenant: string,
  job: { requestUrl: string; requestToken: string },
  server: PracticeServer,
): Promise<JobRun> {
  const work = mkdtempSync(join(dir, `${tenant}-`));
  cpSync(join(repo, 'tenants'), join(work, 'tenants'), { recursive: true });
  const outputs: Record<string, string> = {};
  const stepCodes: Record<string, number> = {};
  let stderr = '';
  const jobEnv = Object.fromEntries(
    Object.entries(workflow.jobs.check.env).map(([k, v]) => [k, expand(v, { 'vars.BREAKGLASS_CLIENT_ID': FLEET_APP })]),
  );
  for (const step of workflow.jobs.check.steps) {
    if (!step.run) continue; // `uses:` steps are GitHub's actions (checkout, upload), not ours to run
    if (step.name === 'install breakglass') continue; // replaced by this checkout's bin on PATH
    const ctx: Record<string, string> = { 'matrix.tenant': tenant };
    for (const [k, v] of Object.entries(outputs)) ctx[`steps.${k}`] = v;
    const ghOutput = join(work, `output-${step.id ?? 'step'}`);
    writeFileSync(ghOutput, '');
    const r = await bash(expand(step.run, ctx), work, {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: work,
      GITHUB_OUTPUT: ghOutput,
      GITHUB_WORKSPACE: work,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: job.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken,
      // The practice tenant standing in for the declared tenant (same tenant id).
      BREAKGLASS_PRACTICE_URL: server.url,
      BREAKGLASS_PRACTICE_CA: server.caPath,
      BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
      BREAKGLASS_CONFIG: join(work, 'no-user-config.json'),
      BREAKGLASS_STATE_DIR: join(work, 'state'),
      NO_COLOR: '1',
      ...jobEnv,
    });
    stderr += r.stderr;
    stepCodes[step.name ?? step.id ?? '?'] = r.status;
    if (step.id)
      for (const line of readFileSync(ghOutput, 'utf8').split('\n')) {
        const m = /^([\w-]+)=(.*)$/.exec(line);
        if (m) outputs[`${step.id}.outputs.${m[1]}`] = m[2]!;
      }
    if (step.id === 'check')
      for (const [k, f] of [
        ['sarif', 'breakglass.sarif'],
        ['summary', 'summary.json'],
        ['junit', 'breakglass.junit.xml'],
      ] as const)
        if (existsSync(join(work, 'out', f))) outputs[k] = readFileSync(join(work, 'out', f), 'utf8');
  }
  return { stepCodes, outputs, stderr };
}

const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (
  o: object,
) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
const validateSarif = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
  JSON.parse(readFileSync(join(ROOT, 'test', 'contracts', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object,
);

interface SarifResult {
  ruleId: string;
  kind: string;
  partialFingerprints: { primaryLocationLineHash: string };
  properties: { tenant: string; subject: string };
}
const sarifOf = (run: JobRun) =>
  (JSON.parse(run.outputs['sarif']!) as { runs: { automationDetails: { id: string }; results: SarifResult[] }[] })
    .runs[0]!;

describe('examples/pipelines/github-actions.yml, run against the practice tenant', () => {
  const tenants: string[] = [];
  const runs = new Map<string, JobRun[]>();

  beforeAll(async () => {
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'breakglass'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'breakglass.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'breakglass'), 0o755);
    cpSync(join(EXAMPLES, 'tenants'), join(repo, 'tenants'), { recursive: true });
    // The `tenants` job's own step builds the matrix.
    const list = workflow.jobs.tenants.steps.find((s) => s.id === 'list')!;
    const out = join(dir, 'tenants-output');
    writeFileSync(out, '');
    const r = await bash(list.run!, repo, { ...process.env, GITHUB_OUTPUT: out });
    expect(r.status, r.stderr).toBe(0);
    tenants.push(...(JSON.parse(/^tenants=(.*)$/m.exec(readFileSync(out, 'utf8'))![1]!) as string[]));
    expect(tenants).toEqual(expect.arrayContaining(['contoso', 'fabrikam']));
    const bases: Record<string, 'healthy' | 'drifted'> = { contoso: 'healthy', fabrikam: 'drifted' };
    for (const t of ['contoso', 'fabrikam'])
      servers.set(
        t,
        await startPracticeServer({ scenario: scenarioFor(join(repo, 'tenants', `${t}.yaml`), bases[t]!) }),
      );
    for (const t of ['contoso', 'fabrikam']) {
      const server = servers.get(t)!;
      const job = () =>
        server.githubActionsJob({ repository: REPOSITORY, environment: workflow.jobs.check.environment });
      runs.set(t, [await runCheckJob(t, job(), server), await runCheckJob(t, job(), server)]);
    }
  }, 240_000);

  it('the workflow is the fleet shape: one job per tenant, no fail-fast, bounded parallelism, the OIDC permission', () => {
    const check = workflow.jobs.check as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(check['strategy']).toMatchObject({ 'fail-fast': false, 'max-parallel': expect.any(Number) });
    expect(check['permissions']).toMatchObject({
      'id-token': 'write',
      'security-events': 'write',
      contents: 'read',
    });
    const upload = (check['steps'] as Step[]).find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect((upload as unknown as { with: { category: string } }).with.category).toBe('breakglass/${{ matrix.tenant }}');
  });

  it('each run signs in with the federated token and writes SARIF that validates against SARIF 2.1.0', () => {
    for (const t of ['contoso', 'fabrikam'])
      for (const run of runs.get(t)!) {
        expect(run.stderr).not.toMatch(/AADSTS|could not|cannot/i);
        const log = JSON.parse(run.outputs['sarif']!) as unknown;
        expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
        const summary = JSON.parse(run.outputs['summary']!) as { tenant: { id: string; mode: string } };
        const declared = (parse(readFileSync(join(repo, 'tenants', `${t}.yaml`), 'utf8')) as { tenant: string }).tenant;
        expect(summary.tenant).toMatchObject({ id: declared, mode: 'practice' });
        expect(run.outputs['junit']).toMatch(/<testsuites?/);
        // every result names the tenant; the run is the tenant's own category
        const sarif = sarifOf(run);
        expect(sarif.results.every((r) => r.properties.tenant === declared)).toBe(true);
        expect(sarif.automationDetails.id.startsWith(`breakglass/${declared}/`)).toBe(true);
      }
  });

  it('healthy tenant: every check passes but the two Microsoft documents only for a signed-in person; drifted: failures', () => {
    // Entra's diagnostic settings (BG-011, and BG-012 which needs them) are documented for a signed-in
    // Security Administrator only; app-only they are refused, and the verdict is error — fail closed,
    // never a pass (docs/pipeline-app.md). So the healthy tenant's job exits 2 and fails.
    for (const run of runs.get('contoso')!) {
      const summary = JSON.parse(run.outputs['summary']!) as {
        results: { id: string; verdict: string; reason: string }[];
      };
      const notPassing = summary.results.filter((r) => r.verdict === 'error' || r.verdict === 'fail');
      expect(notPassing.map((r) => `${r.id} ${r.verdict}`)).toEqual(['BG-011 error', 'BG-012 error']);
      expect(notPassing[0]!.reason).toMatch(/diagnosticSettings failed \(HTTP 403\).*request-id/);
      expect(run.outputs['check.outputs.exit'], run.stderr).toBe('2');
      expect(run.stepCodes['fail the job unless every check passed']).not.toBe(0);
    }
    for (const run of runs.get('fabrikam')!) {
      const summary = JSON.parse(run.outputs['summary']!) as { summary: { fail: number } };
      expect(summary.summary.fail).toBeGreaterThan(5);
      expect(run.outputs['check.outputs.exit']).toBe('2');
      expect(run.stepCodes['fail the job unless every check passed']).not.toBe(0);
    }
  });

  it('fingerprints are the same across the two runs, and differ between findings and tenants', () => {
    const fps = (run: JobRun) => sarifOf(run).results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    const all: string[] = [];
    for (const t of ['contoso', 'fabrikam']) {
      const [first, second] = runs.get(t)!;
      expect(fps(first!)).toEqual(fps(second!));
      expect(new Set(fps(first!)).size).toBe(fps(first!).length);
      all.push(...fps(first!));
    }
    expect(new Set(all).size).toBe(all.length);
    // the drifted tenant's failures are alerts about the objects that drifted, not about the tenant
    const failing = sarifOf(runs.get('fabrikam')![0]!).results.filter((r) => r.kind === 'fail');
    const subjects = failing.map((r) => r.properties.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([expect.stringMatching(/^user\//), expect.stringMatching(/^conditionalAccessPolicy\//)]),
    );
  });

  it('a job whose OIDC subject the app does not trust is refused with AADSTS700213, and the job fails', async () => {
    const server = servers.get('contoso')!;
    const run = await runCheckJob(
      'contoso',
      server.githubActionsJob({ repository: REPOSITORY, environment: 'staging' }),
      server,
    );
    expect(run.stderr).toContain('AADSTS700213');
    expect(run.stderr).toContain(`repo:${REPOSITORY}:environment:staging`);
    expect(run.outputs['check.outputs.exit']).not.toBe('0');
    expect(run.stepCodes['fail the job unless every check passed']).not.toBe(0);
  });
});
