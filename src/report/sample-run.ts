/**
 * A realistic practice run of the quarterly validation, written as a run
 * directory (journal.jsonl + runbook.md) with the documented journal hashing.
 * Used by scripts/gen-example-report.js (the example in examples/reports/)
 * and by the report tests, until the engine's own practice runs replace it.
 * Secrets pass through it the way they pass through the engine: held in
 * memory, shown, and journaled only as fingerprints.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JournalBuilder } from '../journal/journal.js';
import { fingerprint } from '../steps/fingerprint.js';

export interface SampleRunOptions {
  dir: string;
  start?: Date;
  /** Secrets "shown" during the run. Only their fingerprints may reach any file. */
  secrets?: { tap?: string; passphrase?: string };
  operator?: string;
  witness?: string;
  /** Abort after the CA checks (an aborted run still gets a report). */
  aborted?: boolean;
  /** Alert latency measured by the drill, ms. */
  alertLatencyMs?: number;
  /** Tenant label override (tests put hostile strings here). */
  tenantLabel?: string;
  policyName?: string;
  mode?: 'practice' | 'live';
}

export const SAMPLE_RUNBOOK = `---
id: quarterly-validation
title: Quarterly break-glass validation
version: 1.2.0
summary: Prove each emergency-access account still works, still bypasses Conditional Access, and still pages someone when used.
cadence: P90D
audience: [drill]
permissions:
  graph: [User.Read.All, Policy.Read.All, RoleManagement.Read.Directory, UserAuthenticationMethod.Read.All, UserAuthenticationMethod.ReadWrite.All]
  logs: [Data.Read]
inputs:
  accounts: { type: upn-list, label: Break-glass accounts }
  exclusionGroup: { type: guid, label: Exclusion group object id }
  workspaceId: { type: guid, label: Log Analytics workspace id }
signoff: [operator, witness]
practice: { scenario: healthy }
---

## Both accounts exist, are cloud-only and on the initial domain

\`\`\`step
id: accounts
check: BG-002
\`\`\`

## Both accounts hold Global Administrator permanently

\`\`\`step
id: global-admin
check: BG-003
\`\`\`

## Only phishing-resistant methods are registered

\`\`\`step
id: methods
check: BG-004
\`\`\`

## No Temporary Access Pass is left behind

\`\`\`step
id: no-tap
check: BG-010
\`\`\`

## Every policy that could lock you out excludes the group

\`\`\`step
id: ca-exclusions
check: BG-007
\`\`\`

## Sign in with the first account

A custodian opens the envelope, signs in with the FIDO2 key at an admin portal,
and opens a blade only a Global Administrator can open.

\`\`\`step
id: test-sign-in
wait: sign-in
\`\`\`

## The alert fired and paged the on-call

\`\`\`step
id: alert-fired
query: breakglass-alert-latency
\`\`\`

## Rotate the passphrase half the custodians hold

\`\`\`step
id: rotate-passphrase
secret: passphrase
\`\`\`

## Operator and witness sign off

\`\`\`step
id: signoff
signoff: [operator, witness]
\`\`\`
`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function writeSampleRun(opts: SampleRunOptions): Promise<{ runDir: string; runId: string }> {
  let t = (opts.start ?? new Date('2025-06-12T09:00:00Z')).getTime();
  const tick = (ms: number) => {
    t += ms;
  };
  const j = new JournalBuilder(() => new Date(t));
  const operator = opts.operator ?? 'Dana Whitfield';
  const witness = opts.witness ?? 'Sam Okafor';
  const runId = `${new Date(t).toISOString().slice(0, 10)}-quarterly-validation-${sha256(String(t)).slice(0, 6)}`;
  const mode = opts.mode ?? 'practice';
  const tenantId = '7d3c1f9a-2b4e-4c61-9a8e-3f5b2d1c0e47';
  const accounts = ['bg-admin-01@contoso.onmicrosoft.com', 'bg-admin-02@contoso.onmicrosoft.com'];
  const at = () => new Date(t).toISOString();
  const req = (method: string, path: string, status: number, rid: string, durationMs: number, body?: string) => ({
    service: path.startsWith('/v1/workspaces') ? 'logs' : 'graph',
    method,
    path,
    status,
    durationMs,
    retries: 0,
    requestId: rid,
    at: at(),
    ...(body ? { requestBodyDigest: sha256(body) } : {}),
  });
  const check = (
    id: string,
    title: string,
    verdict: string,
    reason: string,
    objects: { type: string; id?: string; name: string }[],
    remediation: string,
    evidence: unknown[],
    findings: unknown[] = [],
  ) => ({
    id,
    title,
    severity: 'critical',
    verdict,
    reason,
    objects,
    findings,
    remediation,
    source: 'https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access',
    evidence,
  });
  const step = async (
    instanceId: string,
    kind: string,
    ms: number,
    result: Record<string, unknown>,
    between?: () => void,
  ) => {
    j.add('step-started', { instanceId, stepId: instanceId, kind, attempt: 1 });
    const startedAt = at();
    between?.();
    tick(ms);
    j.add('step-finished', {
      instanceId,
      result: { outputs: {}, evidence: [], ...result, startedAt, finishedAt: at() },
    });
    tick(1500);
  };

  j.add('run-started', {
    format: 1,
    run: {
      runId,
      runbookId: 'quarterly-validation',
      runbookTitle: 'Quarterly break-glass validation',
      runbookVersion: '1.2.0',
      runbookSha256: sha256(SAMPLE_RUNBOOK),
      tenantLabel: opts.tenantLabel ?? 'PRACTICE · Contoso (healthy)',
      practice: mode === 'practice',
      totalSteps: 9,
    },
    runbookPath: 'runbooks/quarterly-validation.md',
    toolVersion: '0.1.0',
    inputs: {
      accounts,
      exclusionGroup: '5e0b8c2d-91a4-4f3e-b7d6-0c2a9e8f1b35',
      workspaceId: '2f6d9e1a-8c3b-4a57-9e0d-6b1c4f2a8d93',
    },
    tenant: {
      mode,
      label: opts.tenantLabel ?? 'PRACTICE · Contoso (healthy)',
      tenantId,
      initialDomain: 'contoso.onmicrosoft.com',
      ...(mode === 'practice' ? { scenario: 'healthy' } : {}),
    },
    operator,
  });
  tick(4000);
  j.add('signed-in', {
    identity: 'default',
    tenantId,
    oid: '0a4f2c6e-13b5-4d79-8e21-5c7a9b3d1f60',
    upn: 'dana.whitfield@contoso.onmicrosoft.com',
    kind: 'user',
    granted: ['Policy.Read.All', 'User.Read.All'],
  });
  tick(2000);

  await step('accounts', 'check', 2100, {
    status: 'pass',
    summary: 'Both accounts are enabled, cloud-only and on contoso.onmicrosoft.com',
    checks: [
      check(
        'BG-002',
        'Accounts are cloud-only on the initial domain',
        'pass',
        '2 of 2 accounts cloud-only on the initial domain',
        accounts.map((u, i) => ({ type: 'user', id: `u-${i + 1}`, name: u })),
        'Create the accounts on the *.onmicrosoft.com domain; never sync them from on-premises.',
        [
          req(
            'GET',
            "/v1.0/users?$filter=userPrincipalName in ('bg-admin-01@contoso.onmicrosoft.com','bg-admin-02@contoso.onmicrosoft.com')&$select=id,accountEnabled,onPremisesImmutableId",
            200,
            'b1e4a7c2-0d3f-4e61-9a8b-2c5d7e9f1a30',
            182,
          ),
        ],
      ),
    ],
  });
  await step('global-admin', 'check', 1800, {
    status: 'pass',
    summary: 'Permanent active Global Administrator on both accounts',
    checks: [
      check(
        'BG-003',
        'Permanent active Global Administrator',
        'pass',
        'both accounts hold an active assignment with no end date',
        accounts.map((u) => ({ type: 'user', name: u })),
        'Assign Global Administrator as permanent active (not eligible) to each account.',
        [
          req(
            'GET',
            "/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'",
            200,
            'c7a2d9e4-5b1f-4c83-8d06-1e3a5f7b9c24',
            240,
          ),
        ],
      ),
    ],
  });
  await step('methods', 'check', 2600, {
    status: 'pass',
    summary: 'Each account has a FIDO2 key and nothing weaker',
    checks: [
      check(
        'BG-004',
        'Phishing-resistant method registered',
        'pass',
        'bg-admin-01: 1 FIDO2 key; bg-admin-02: 1 FIDO2 key',
        accounts.map((u) => ({ type: 'user', name: u })),
        'Register a FIDO2 security key for each account: issue a Temporary Access Pass, then add the key at https://aka.ms/mysecurityinfo.',
        accounts.map((u, i) =>
          req(
            'GET',
            `/v1.0/users/${u}/authentication/methods`,
            200,
            `d${i}3f8a1b-6c2e-4d95-a7b0-4e9c1d3f5a6${i}`,
            150 + i * 20,
          ),
        ),
      ),
    ],
  });
  await step('no-tap', 'check', 1200, {
    status: 'warn',
    summary: 'A Temporary Access Pass is still present on bg-admin-02',
    checks: [
      check(
        'BG-010',
        'No Temporary Access Pass left behind',
        'warn',
        'bg-admin-02 still has a TAP from the last key registration (expires in 5 h)',
        [{ type: 'user', name: accounts[1]! }],
        'Delete the TAP now: Entra admin center → Users → bg-admin-02 → Authentication methods → Temporary Access Pass → Delete.',
        [
          req(
            'GET',
            `/v1.0/users/${accounts[1]}/authentication/temporaryAccessPassMethods`,
            200,
            'e5b9c3d7-2a4f-4e18-9c60-7d2b4f6a8e13',
            133,
          ),
        ],
        [
          {
            object: { type: 'user', name: accounts[1]! },
            verdict: 'warn',
            reason: 'TAP created 2025-06-11, usable once, expires in 5 h',
          },
        ],
      ),
    ],
    notes: 'Left over from re-registering the replacement key last week; deleting after the drill.',
  });
  const policyName = opts.policyName ?? 'CA004 · Require MFA for all users';
  await step('ca-exclusions', 'check', 3400, {
    status: 'pass',
    summary: '7 of 7 policies that could fail closed exclude SG-BreakGlass-Exclude',
    checks: [
      check(
        'BG-007',
        'Every blocking CA policy excludes the group',
        'pass',
        '7 enabled or report-only policies checked; all exclude the group',
        [
          policyName,
          'CA001 · Block legacy authentication (correctly NOT excluded)',
          'CA006 · Require compliant device for admins',
        ].map((n, i) => ({ type: 'conditionalAccessPolicy', id: `p-${i}`, name: n })),
        "Add the exclusion group to the policy's excluded groups (Entra admin center → Conditional Access → policy → Users → Exclude).",
        [req('GET', '/v1.0/identity/conditionalAccess/policies', 200, 'f2c6e0a4-8b3d-4f71-a5e9-1b7d3c5e9f02', 311)],
      ),
    ],
  });
  if (opts.aborted) {
    j.add('notice', { level: 'error', message: 'Operator aborted: the custodian holding envelope 2 is unreachable.' });
    tick(800);
    j.add('run-finished', { status: 'aborted', reason: 'custodian for envelope 2 unreachable; drill rescheduled' });
  } else {
    const signInAt = new Date(t + 95_000).toISOString();
    const ingestion = 154_000;
    const latency = opts.alertLatencyMs ?? 214_000;
    await step('test-sign-in', 'wait', 140_000, {
      status: 'done',
      summary: 'bg-admin-01 signed in with FIDO2; Global Administrator confirmed',
      outputs: { signInAt, upn: accounts[0] },
      notes: 'Custodian opened envelope 1 (seal intact, serial E-0113) in front of the witness.',
    });
    const alertAt = new Date(Date.parse(signInAt) + latency).toISOString();
    await step('alert-fired', 'query', 120_000, {
      status: 'pass',
      summary: `Sign-in ingested after ${Math.round(ingestion / 1000)} s; alert fired after ${Math.round(latency / 1000)} s and reached the pager`,
      outputs: { signInAt, alertAt, ingestionLatencyMs: ingestion, alertLatencyMs: latency },
      evidence: [
        req(
          'POST',
          '/v1/workspaces/2f6d9e1a-8c3b-4a57-9e0d-6b1c4f2a8d93/query',
          200,
          'a8d4f2b6-3c7e-4a19-8f05-9e1c3a5d7b28',
          930,
          'SigninLogs | where UserPrincipalName in~ (...)',
        ),
      ],
    });
    // The secret step: a new passphrase is generated, shown once, and only its fingerprint is journaled.
    const passphrase = opts.secrets?.passphrase ?? 'staple-orbit-velvet-canyon-7';
    j.add('step-started', { instanceId: 'rotate-passphrase', stepId: 'rotate-passphrase', kind: 'secret', attempt: 1 });
    const st = at();
    tick(20_000);
    j.add('secret-shown', {
      instanceId: 'rotate-passphrase',
      fingerprint: fingerprint('passphrase', passphrase),
      label: 'New passphrase for bg-admin-01 (half A)',
      envelope: 'E-0127',
    });
    j.add('answer', { instanceId: 'rotate-passphrase', prompt: 'Envelope serial for the new half', value: 'E-0127' });
    j.add('intent', {
      instanceId: 'rotate-passphrase',
      actionId: 'users.reset-password',
      key: `reset:${accounts[0]}`,
      args: { user: accounts[0], password: fingerprint('passphrase', passphrase) },
    });
    tick(1200);
    j.add('outcome', {
      instanceId: 'rotate-passphrase',
      actionId: 'users.reset-password',
      key: `reset:${accounts[0]}`,
      status: 'applied',
      requestId: '9b3e7c1a-5d2f-4b86-a0c4-2e8f6a1c3d57',
    });
    if (opts.secrets?.tap) {
      // A TAP issued for a key re-registration that the crash lost: voided, never stored.
      j.add('secret-voided', {
        instanceId: 'rotate-passphrase',
        fingerprint: fingerprint('tap', opts.secrets.tap),
        reason: 'the run was interrupted while the TAP was on screen; delete it and issue a new one',
      });
    }
    tick(3000);
    j.add('step-finished', {
      instanceId: 'rotate-passphrase',
      result: {
        status: 'done',
        summary: 'Passphrase rotated; new half sealed in envelope E-0127',
        outputs: { envelope: 'E-0127' },
        evidence: [
          req(
            'PATCH',
            `/v1.0/users/${accounts[0]}`,
            204,
            '9b3e7c1a-5d2f-4b86-a0c4-2e8f6a1c3d57',
            402,
            '{"passwordProfile":{"password":"[redacted]"}}',
          ),
        ],
        startedAt: st,
        finishedAt: at(),
      },
    });
    tick(30_000);
    j.add('step-started', { instanceId: 'signoff', stepId: 'signoff', kind: 'signoff', attempt: 1 });
    const so = at();
    tick(45_000);
    j.add('signoff', { instanceId: 'signoff', role: 'operator', name: operator });
    tick(5000);
    j.add('signoff', { instanceId: 'signoff', role: 'witness', name: witness });
    j.add('step-finished', {
      instanceId: 'signoff',
      result: {
        status: 'done',
        summary: `Signed off by ${operator} (operator) and ${witness} (witness)`,
        outputs: {},
        evidence: [],
        startedAt: so,
        finishedAt: at(),
      },
    });
    tick(500);
    j.add('run-finished', { status: 'completed' });
  }
  const runDir = join(opts.dir, runId);
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'journal.jsonl'), j.text());
  await writeFile(join(runDir, 'runbook.md'), SAMPLE_RUNBOOK);
  return { runDir, runId };
}
