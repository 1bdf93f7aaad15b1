/**
 * Runs a shipped runbook headless, in-process, against a practice tenant the
 * test can inspect afterwards: the real engine, the real step kinds, the real
 * MSAL / Graph / Logs / ARM clients over TLS to the practice server, a
 * scripted operator, and the real report writer. Collects every secret shown
 * so the test can prove none was written anywhere.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRunbook } from '../../src/runbook/parse.js';
import { startRun, type RunOutcome } from '../../src/engine/run.js';
import { ScriptedOperator, type AnswersFile } from '../../src/engine/scripted-operator.js';
import type { Clock } from '../../src/util/clock.js';
import { startPracticeServer, type PracticeServer } from '../../src/practice/server.js';
import { connectTenant } from '../../src/tenant/connect.js';
import { scopesFor } from '../../src/tenant/permissions.js';
import { cloudProfile } from '../../src/config/clouds.js';
import { DEFAULT_PUBLIC_CLIENT_ID } from '../../src/config/tenant-config.js';
import { createKeyPair } from '../../src/report/keys.js';
import { writeReport } from '../../src/report/write.js';
import { verifyFile, type VerifyResult } from '../../src/report/verify.js';
import type { Runbook } from '../../src/core/runbook.js';
import type { TenantSession } from '../../src/core/tenant.js';
import type { PracticeHooks } from '../../src/core/step.js';
import { builtInCatalog } from '../../src/steps/catalog.js';

const CATALOG = builtInCatalog();

export const RUNBOOKS = fileURLToPath(new URL('../../runbooks/', import.meta.url));
export const PASSPHRASE = 'practice-only signing passphrase';

export async function loadShipped(file: string): Promise<Runbook> {
  const { runbook, diagnostics } = await loadRunbook(join(RUNBOOKS, file), CATALOG);
  if (!runbook)
    throw new Error(
      `${file} does not validate: ${diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('; ')}`,
    );
  return runbook;
}

export async function signers(dir: string, roles: string[]) {
  const out = [];
  for (const role of roles) {
    const name = role === 'operator' ? 'Olivia Operator' : 'Wes Witness';
    const k = await createKeyPair({ name, dir, passphrase: PASSPHRASE });
    out.push({ role, name, keyPath: k.privatePath, passphrase: PASSPHRASE, publicKeyPath: k.publicPath });
  }
  return out;
}

/** A clock whose waits are 50× shorter, so polling steps do not slow the suite; time still moves forward. */
export const fastClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(resolve, Math.max(5, ms / 50));
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

/**
 * The engine's clock in practice mode: the world's simulated time (so T0, sign-in rows and
 * alerts share one timeline) with waits shortened by the time scale.
 */
export function practiceClock(server: PracticeServer, timeScale: number): Clock {
  const sim = (server.world as unknown as { clock: { now(): Date } }).clock;
  return {
    now: () => sim.now(),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(resolve, Math.max(5, ms / timeScale));
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
  };
}

export interface PracticeRun {
  outcome: RunOutcome;
  operator: ScriptedOperator;
  transcript: string[];
  secrets: string[];
  runDir: string;
  reportPath?: string;
  verify?: VerifyResult;
}

export async function startServer(scenario: string, timeScale = 1): Promise<PracticeServer> {
  return startPracticeServer({ scenario, autoApproveDeviceCodeAfterMs: 0, timeScale });
}

const scenarioOf = (server: PracticeServer): string =>
  (server.world as unknown as { scenarioName: string }).scenarioName;

/** The run's view of a practice tenant: one device-code session (approved at once) and the simulated operator's hooks. */
export function practiceConnection(
  server: PracticeServer,
  runbook: Runbook,
): { tenantFactory: () => Promise<TenantSession>; practiceHooks: PracticeHooks; close(): Promise<void> } {
  let session: TenantSession | undefined;
  const tenantFactory = async () =>
    (session ??= connectTenant({
      mode: 'practice',
      cloud: 'practice',
      tenantId: server.tenantId,
      clientId: DEFAULT_PUBLIC_CLIENT_ID,
      endpoints: server.endpoints,
      caPem: server.caPem,
      flow: 'device-code',
      scopes: scopesFor(runbook, 'delegated', cloudProfile('practice').resources),
      label: `PRACTICE · ${scenarioOf(server)}`,
      callbacks: { onDeviceCode: (i) => void server.approveDeviceCode(i.userCode) },
    }));
  const world = server.world as unknown as { registerFido2(a: object): unknown; simulateSignIn(a: object): unknown };
  const practiceHooks: PracticeHooks = {
    async registerFido2(upn, tap, model) {
      world.registerFido2({ upn, tap, ...(model ? { model } : {}) });
    },
    async signIn(upn, method, fail) {
      world.simulateSignIn({ upn, method, fail: fail === true });
    },
  };
  return {
    tenantFactory,
    practiceHooks,
    close: async () => (session as { close?: () => Promise<void> } | undefined)?.close?.(),
  };
}

export async function runOnPractice(opts: {
  server: PracticeServer;
  runbook: Runbook;
  answers: AnswersFile;
  inputs?: Record<string, unknown>;
  stateDir?: string;
  signers?: { role: string; name: string; keyPath: string; passphrase: string; publicKeyPath: string }[];
  clock?: Clock;
  /** Called with each transcript line as it is written: a test can act when a prompt appears (a person's browser sign-in). */
  onLog?: (line: string) => void;
  /** Called just before the simulated key registration: a test can read the tenant mid-enrolment. */
  beforeRegisterFido2?: (upn: string) => void;
}): Promise<PracticeRun> {
  const { server, runbook } = opts;
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'bg-e2e-'));
  const transcript: string[] = [];
  const secrets: string[] = [];
  const operator = new ScriptedOperator(opts.answers, {
    log: (l) => {
      transcript.push(l);
      opts.onLog?.(l);
    },
    // The secret is the first line of a display (a TAP, a passphrase, a share); the rest is guidance.
    onSecret: (_id, s) => secrets.push(s.lines[0]!.trim()),
  });
  const conn = practiceConnection(server, runbook);
  const { tenantFactory, close } = conn;
  const practiceHooks: PracticeHooks = {
    ...conn.practiceHooks,
    async registerFido2(upn, tap, model) {
      opts.beforeRegisterFido2?.(upn);
      await conn.practiceHooks.registerFido2(upn, tap, model);
    },
  };
  let reportPath: string | undefined;
  const outcome = await startRun({
    catalog: CATALOG,
    runbook,
    inputs: opts.inputs ?? {},
    operator,
    tenantFactory,
    tenant: { mode: 'practice', label: `PRACTICE · ${scenarioOf(server)}`, scenario: scenarioOf(server) },
    stateDir,
    toolVersion: 'test',
    clock: opts.clock ?? fastClock,
    practiceHooks,
    onFinished: async (run) => {
      const r = await writeReport({
        runDir: run.runDir,
        signers: run.signers.map((s) => ({
          role: s.role,
          name: s.name,
          keyPath: s.keyPath ?? '',
          passphrase: s.passphrase ?? '',
        })),
        requiredRoles: runbook.signoff,
      });
      reportPath = r.envelopePath;
      return r.envelopePath;
    },
  });
  await close();
  const result: PracticeRun = { outcome, operator, transcript, secrets, runDir: outcome.runDir };
  if (reportPath) {
    result.reportPath = reportPath;
    const pubkeys = (opts.signers ?? []).map((s) => ({ path: s.publicKeyPath }));
    result.verify = await verifyFile(reportPath, {
      runDir: outcome.runDir,
      ...(pubkeys.length ? { pubkeys: await pinned(pubkeys) } : {}),
    });
  }
  return result;
}

async function pinned(keys: { path: string }[]) {
  const { loadPublicKey } = await import('../../src/report/keys.js');
  const out = [];
  for (const k of keys) {
    const p = await loadPublicKey(k.path);
    out.push({ keyid: p.keyid, publicKey: p.publicKey, source: k.path });
  }
  return out as never;
}

/** Every file under a directory, as bytes (journal, runbook copy, reports). */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}

/** Asserts no secret (nor a 12-character slice of one) occurs in any file under dir or in the transcript. */
export function leaks(secrets: string[], dir: string, transcript: string[]): string[] {
  const found: string[] = [];
  const hay = [
    ...filesUnder(dir).map((f) => ({ where: f.path, text: f.bytes.toString('latin1') })),
    { where: 'transcript', text: transcript.join('\n') },
  ];
  for (const s of secrets) {
    const probes = [s, ...(s.length > 16 ? [s.slice(0, 12), s.slice(-12)] : [])];
    for (const h of hay) if (probes.some((p) => h.text.includes(p))) found.push(`${h.where} contains a secret`);
  }
  return found;
}

export function mutationCount(server: PracticeServer): number {
  return Object.values(server.counters().mutationsByRoute).reduce((a, b) => a + b, 0);
}

/**
 * The answers of a responder who takes emergency-sign-in's security-key door: the incident, both
 * envelopes with their seals intact, the FIDO2 way in (so the passphrase branch is skipped), the
 * recovery, the alert, the rotation date and the sign-off by `keys`.
 */
export function emergencyByKeyAnswers(keys: Awaited<ReturnType<typeof signers>>) {
  return {
    answers: {
      incident: {
        form: { reference: 'INC-4711', failureMode: 'Conditional Access policy', description: 'CA locked us out.' },
      },
      envelopes: {
        form: {
          custodian1: 'Carol',
          envelope1: 'KEY-BAG-0001',
          seal1Intact: true,
          custodian2: 'Dave',
          envelope2: 'PIN-ENV-0002',
          seal2Intact: true,
        },
      },
      'way-in': { form: { method: 'FIDO2 key' } },
      recovery: { form: { actions: 'Disabled the faulty CA policy at 10:02', resolvedAt: '10:05' } },
      alert: { form: { alertReference: 'ALR-99', pagedAt: '10:01' } },
      rotation: { form: { rotationDue: '2026-12-07' } },
      'sign-off': { signoff: { signers: keys } },
    },
  };
}
