/**
 * The shipped Azure Pipelines definition (examples/pipelines/azure-pipelines.yml)
 * runs end to end against the practice tenant: its own script steps are
 * executed with bash as an agent would, and the tasks it names are checked
 * against what they would publish.
 *
 * How an agent runs the steps, as Learn documents it:
 * - `bash:` (Bash@3) and AzureCLI@2's inline script run as a script file with
 *   bash, without errexit
 *   (https://learn.microsoft.com/azure/devops/pipelines/tasks/reference/bash-v3,
 *   https://learn.microsoft.com/azure/devops/pipelines/tasks/reference/azure-cli-v2);
 * - `$(name)` macros are replaced before the step runs; an undefined one is left
 *   as written (https://learn.microsoft.com/azure/devops/pipelines/process/variables#macro-syntax-variables);
 *   variables reach the script as environment variables, upper-cased with `.` → `_`;
 * - `##vso[task.setvariable variable=…;isOutput=true]` lines on stdout set a
 *   (step output) variable for later steps and jobs
 *   (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands#setvariable-initialize-or-modify-the-value-of-a-variable);
 *   the matrix `$[ dependencies.tenants.outputs['list.matrix'] ]` is that output
 *   (https://learn.microsoft.com/azure/devops/pipelines/process/phases#multi-job-configuration);
 * - AzureCLI@2 with a workload identity federation connection exposes
 *   AZURESUBSCRIPTION_SERVICE_CONNECTION_ID
 *   (https://learn.microsoft.com/azure/devops/release-notes/2024/sprint-240-update), and with
 *   addSpnToEnvironment the app's client id as `servicePrincipalId` and `tenantId`
 *   (azure-cli-v2 page above); every step
 *   has SYSTEM_OIDCREQUESTURI (System.OidcRequestUri,
 *   https://learn.microsoft.com/azure/devops/pipelines/build/variables).
 * The OIDC token comes from the practice server's simulated Azure DevOps token
 * service; the real MSAL exchanges it over TLS at the practice login endpoint.
 * Contoso's connection uses the Microsoft Entra issuer, Fabrikam's the Azure
 * DevOps issuer (the two forms of troubleshoot-workload-identity).
 *
 * Not run: checkout, NodeTool@0, "install breakglass" (from the npm registry:
 * this checkout's bin/breakglass.js is on PATH instead), AzureCLI@2's own
 * `az login`, and the publishing tasks themselves — for those the test asserts
 * that their inputs name the files the check step produced.
 *
 * Asserted: SARIF validates against the vendored SARIF 2.1.0 schema, fingerprints
 * are identical across two runs and distinct across tenants; JUnit is at the path
 * PublishTestResults@2 reads, one testcase per check with the failures the summary
 * counts; the last step fails the job exactly when a check did not pass.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv-draft-04';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { serviceConnectionFederation, type AzurePipelinesJob } from '../src/practice/identity/azure-devops-issuer.js';
import { PERMISSION_TABLE } from '../src/config/permission-table.js';
import { GRAPH_APP_ROLES } from '../src/practice/world/catalog.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples', 'pipelines');
const SCENARIOS = join(ROOT, 'src', 'practice', 'scenarios');
/** The app registration behind the service connection (servicePrincipalId in the step). */
const FLEET_APP = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const ORGANIZATION = { organization: 'contoso-msp', organizationId: '0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f' };
const PROJECT = 'breakglass-fleet';

interface Step {
  bash?: string;
  task?: string;
  checkout?: string;
  name?: string;
  displayName?: string;
  condition?: string;
  env?: Record<string, string>;
  inputs?: Record<string, string | boolean>;
}
interface Job {
  job: string;
  dependsOn?: string;
  strategy?: { maxParallel?: number; matrix?: string };
  steps: Step[];
}
const pipeline = parse(readFileSync(join(EXAMPLES, 'azure-pipelines.yml'), 'utf8')) as { jobs: Job[] };
const jobNamed = (n: string) => pipeline.jobs.find((j) => j.job === n)!;
const cliStep = () => jobNamed('check').steps.find((s) => s.task === 'AzureCLI@2')!;

const dir = mkdtempSync(join(tmpdir(), 'bg-ado-'));
const repo = join(dir, 'repo');
const bin = join(dir, 'bin');
const servers = new Map<string, PracticeServer>();
afterAll(async () => {
  for (const s of servers.values()) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The application permissions the permission table documents for the checks' reads (read-only sets only). */
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

/** The service connection each tenant's job uses: its own connection, Contoso's on the Entra issuer. */
function connectionFor(tenant: string, tenantId: string): AzurePipelinesJob {
  const entra = tenant === 'contoso';
  return {
    ...ORGANIZATION,
    project: PROJECT,
    serviceConnection: {
      id: entra ? '6e5d4c3b-2a19-4807-96a5-b4c3d2e1f0a9' : '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      name: cliStep().inputs!['azureSubscription'] as string,
    },
    issuer: entra ? { kind: 'entra', tenantId } : { kind: 'azure-devops' },
  };
}

/** A practice tenant standing in for a declared one, with the fleet app trusting the job's connection. */
function scenarioFor(tenant: string, base: 'healthy' | 'drifted'): object {
  const decl = parse(readFileSync(join(repo, 'tenants', `${tenant}.yaml`), 'utf8')) as {
    tenant: string;
    accounts: { upn: string }[];
  };
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
    // Issuer and subject as the service connection page shows them.
    federatedIdentityCredentials: [
      {
        name: `azure-devops-${tenant}`,
        ...serviceConnectionFederation(connectionFor(tenant, decl.tenant)),
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
  });
  return s;
}

/** `$(name)` macro expansion: known variables are replaced, unknown ones left as written. */
function macro(script: string, vars: Record<string, string>): string {
  return script.replace(/\$\(([A-Za-z_][\w.]*)\)/g, (m, name: string) => vars[name] ?? m);
}

/** Variables as a step's environment: upper-case, `.` → `_`. */
function asEnv(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k.toUpperCase().replace(/\./g, '_'), v]));
}

/** One script step as the agent runs it: the (expanded) script written to a file, run with bash. */
function bash(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const file = join(cwd, `.step-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(file, { force: true });
      resolve({ status: code ?? -1, stdout, stderr });
    });
  });
}

/** `##vso[task.setvariable variable=NAME(;isOutput=true)?]VALUE` lines of a step's output. */
function setVariables(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of stdout.matchAll(/^##vso\[task\.setvariable variable=([\w.]+)(?:;[^\]]*)?\](.*)$/gm))
    out[m[1]!] = m[2]!;
  return out;
}

interface JobRun {
  work: string;
  stepCodes: Record<string, number>;
  variables: Record<string, string>;
  stderr: string;
  /** Files in the check step's out/ right after it ran, by name. */
  out: Record<string, string>;
}

/** The check job for one matrix entry, step by step, as the agent runs it. */
async function runCheckJob(matrixVars: Record<string, string>, conn: AzurePipelinesJob, server: PracticeServer) {
  const work = mkdtempSync(join(dir, `${matrixVars['tenant']}-`));
  cpSync(join(repo, 'tenants'), join(work, 'tenants'), { recursive: true });
  const job = server.azurePipelinesJob(conn);
  const variables: Record<string, string> = {
    ...matrixVars,
    'System.AccessToken': job.accessToken,
    'System.OidcRequestUri': job.oidcRequestUri,
    'System.DefaultWorkingDirectory': work,
  };
  const stepCodes: Record<string, number> = {};
  const out: Record<string, string> = {};
  let stderr = '';
  let failed = false;
  for (const step of jobNamed('check').steps) {
    const title = step.displayName ?? step.task ?? 'checkout';
    const runs = !failed || /succeededOrFailed\(\)|always\(\)/.test(step.condition ?? '');
    if (!runs) continue;
    let script: string | undefined;
    let taskEnv: Record<string, string> = {};
    if (step.bash !== undefined) script = step.bash;
    else if (step.task === 'AzureCLI@2') {
      expect(step.inputs).toMatchObject({
        scriptType: 'bash',
        scriptLocation: 'inlineScript',
        addSpnToEnvironment: true,
      });
      script = step.inputs!['inlineScript'] as string;
      taskEnv = {
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: job.serviceConnectionId,
        servicePrincipalId: FLEET_APP,
        tenantId: server.tenantId,
      };
    }
    if (script === undefined || step.displayName === 'install breakglass') continue;
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, macro(v, variables)]));
    const r = await bash(macro(script, variables), work, {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: work,
      TF_BUILD: 'True',
      ...asEnv(variables),
      ...taskEnv,
      ...stepEnv,
      // The practice tenant standing in for the declared tenant (same tenant id).
      BREAKGLASS_PRACTICE_URL: server.url,
      BREAKGLASS_PRACTICE_CA: server.caPath,
      BREAKGLASS_PRACTICE_ADMIN_KEY: server.adminKey,
      BREAKGLASS_CONFIG: join(work, 'no-user-config.json'),
      BREAKGLASS_STATE_DIR: join(work, 'state'),
      NO_COLOR: '1',
    });
    stderr += r.stderr;
    stepCodes[title] = r.status;
    Object.assign(variables, setVariables(r.stdout));
    if (r.status !== 0) failed = true;
    if (step.task === 'AzureCLI@2' && existsSync(join(work, 'out')))
      for (const f of readdirSync(join(work, 'out'))) out[f] = readFileSync(join(work, 'out', f), 'utf8');
  }
  return { work, stepCodes, variables, stderr, out } satisfies JobRun;
}

const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (
  o: object,
) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
const validateSarif = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
  JSON.parse(readFileSync(join(ROOT, 'test', 'contracts', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object,
);

interface SarifResult {
  kind: string;
  partialFingerprints: { primaryLocationLineHash: string };
  properties: { tenant: string };
}
const sarifOf = (run: JobRun) =>
  (
    JSON.parse(run.out['breakglass.sarif']!) as {
      runs: { automationDetails: { id: string }; results: SarifResult[] }[];
    }
  ).runs[0]!;
const summaryOf = (run: JobRun) =>
  JSON.parse(run.out['summary.json']!) as {
    tenant: { id: string; mode: string };
    summary: { fail: number; error: number };
    results: { id: string; verdict: string }[];
  };
const declaredTenant = (t: string) =>
  (parse(readFileSync(join(repo, 'tenants', `${t}.yaml`), 'utf8')) as { tenant: string }).tenant;

describe('examples/pipelines/azure-pipelines.yml, run against the practice tenant', () => {
  let matrix: Record<string, Record<string, string>> = {};
  const runs = new Map<string, JobRun[]>();

  beforeAll(async () => {
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'breakglass'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'breakglass.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'breakglass'), 0o755);
    cpSync(join(EXAMPLES, 'tenants'), join(repo, 'tenants'), { recursive: true });
    // The `tenants` job's own step writes the matrix as a step output variable.
    const list = jobNamed('tenants').steps.find((s) => s.name === 'list')!;
    const r = await bash(list.bash!, repo, { ...process.env });
    expect(r.status, r.stderr).toBe(0);
    const outputs = setVariables(r.stdout);
    expect(jobNamed('check').strategy!.matrix).toBe("$[ dependencies.tenants.outputs['list.matrix'] ]");
    matrix = JSON.parse(outputs['matrix']!) as Record<string, Record<string, string>>;
    const bases: Record<string, 'healthy' | 'drifted'> = { contoso: 'healthy', fabrikam: 'drifted' };
    for (const t of ['contoso', 'fabrikam'])
      servers.set(t, await startPracticeServer({ scenario: scenarioFor(t, bases[t]!) }));
    // Contoso twice (fingerprints across nights), Fabrikam once.
    for (const [t, n] of [
      ['contoso', 2],
      ['fabrikam', 1],
    ] as const) {
      const server = servers.get(t)!;
      const list: JobRun[] = [];
      for (let i = 0; i < n; i++) list.push(await runCheckJob(matrix[t]!, connectionFor(t, declaredTenant(t)), server));
      runs.set(t, list);
    }
  }, 180_000);

  it('the matrix comes from the declaration files: one independent job per tenant, bounded parallelism', () => {
    expect(matrix).toEqual({ contoso: { tenant: 'contoso' }, fabrikam: { tenant: 'fabrikam' } });
    const check = jobNamed('check');
    expect(check.dependsOn).toBe('tenants');
    expect(check.strategy!.maxParallel).toBeGreaterThan(0);
  });

  it('each job signs in through the service connection (both issuer forms) and writes SARIF 2.1.0', () => {
    for (const t of ['contoso', 'fabrikam'])
      for (const run of runs.get(t)!) {
        expect(run.stderr).not.toMatch(/AADSTS|could not|cannot/i);
        const log = JSON.parse(run.out['breakglass.sarif']!) as unknown;
        expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
        expect(summaryOf(run).tenant).toMatchObject({ id: declaredTenant(t), mode: 'practice' });
        const sarif = sarifOf(run);
        expect(sarif.results.every((r) => r.properties.tenant === declaredTenant(t))).toBe(true);
        expect(sarif.automationDetails.id.startsWith(`breakglass/${declaredTenant(t)}/`)).toBe(true);
      }
  });

  it('JUnit is where PublishTestResults@2 reads it: one testcase per check, failures as the summary counts', () => {
    const publish = jobNamed('check').steps.find((s) => s.task === 'PublishTestResults@2')!;
    expect(publish.condition).toBe('succeededOrFailed()');
    expect(publish.inputs).toMatchObject({ testResultsFormat: 'JUnit', failTaskOnMissingResultsFile: true });
    const artifacts = jobNamed('check').steps.find((s) => s.task === 'PublishBuildArtifacts@1')!;
    for (const t of ['contoso', 'fabrikam'])
      for (const run of runs.get(t)!) {
        // testResultsFiles is relative to System.DefaultWorkingDirectory (the job's checkout).
        const junitPath = join(run.work, publish.inputs!['testResultsFiles'] as string);
        expect(existsSync(junitPath), junitPath).toBe(true);
        const xml = readFileSync(junitPath, 'utf8');
        expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<testsuites/);
        const summary = summaryOf(run);
        expect((xml.match(/<testcase /g) ?? []).length).toBe(summary.results.length);
        expect((xml.match(/<failure /g) ?? []).length).toBe(summary.summary.fail);
        expect((xml.match(/<error /g) ?? []).length).toBe(summary.summary.error);
        // The artifact folder holds the SARIF and the dashboard summary.
        expect(Object.keys(run.out)).toEqual(
          expect.arrayContaining(['breakglass.sarif', 'summary.json', 'breakglass.junit.xml']),
        );
        expect(artifacts.inputs!['PathtoPublish']).toBe('out');
      }
  });

  it('the job passes for the healthy tenant and fails for the drifted one (exit code carried in bgExit)', () => {
    for (const run of runs.get('contoso')!) {
      const notPassing = summaryOf(run).results.filter((r) => r.verdict === 'error' || r.verdict === 'fail');
      expect(notPassing).toEqual([]);
      expect(run.variables['bgExit'], run.stderr).toBe('0');
      expect(run.stepCodes['breakglass check']).toBe(0);
      expect(run.stepCodes['fail the job unless every check passed']).toBe(0);
    }
    const [drifted] = runs.get('fabrikam')!;
    expect(summaryOf(drifted!).summary.fail).toBeGreaterThan(5);
    expect(drifted!.variables['bgExit']).toBe('1');
    // The check step itself succeeds (results still published); the last step fails the job.
    expect(drifted!.stepCodes['breakglass check']).toBe(0);
    expect(drifted!.stepCodes['fail the job unless every check passed']).not.toBe(0);
  });

  it('fingerprints are the same across the two runs and differ between tenants', () => {
    const fps = (run: JobRun) => sarifOf(run).results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    const [first, second] = runs.get('contoso')!;
    expect(fps(first!)).toEqual(fps(second!));
    expect(new Set(fps(first!)).size).toBe(fps(first!).length);
    const all = [...fps(first!), ...fps(runs.get('fabrikam')![0]!)];
    expect(new Set(all).size).toBe(all.length);
  });
});
