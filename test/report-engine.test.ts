/**
 * The report written from a run of the REAL engine (startRun + the scripted
 * operator, as the run command does): secrets generated in memory during the
 * run appear in no file of the run directory — journal, runbook copy,
 * report envelope (and its decoded payload), Markdown, HTML.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRun } from '../src/engine/run.js';
import { ScriptedOperator } from '../src/engine/scripted-operator.js';
import { createKeyPair } from '../src/report/keys.js';
import { readEnvelope } from '../src/report/sign.js';
import { verifyFile } from '../src/report/verify.js';
import { writeReport } from '../src/report/write.js';
import { fakeTenant, runbook, step, testCatalog } from './harness/engine-kit.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'bg-report-engine-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('report from a real engine run', () => {
  it('contains fingerprints of the secrets shown during the run, never the secrets, and verifies', async () => {
    const keys = tmp();
    const opPass = 'engine operator passphrase';
    const wiPass = 'engine witness passphrase';
    const op = await createKeyPair({ name: 'Ann', dir: keys, passphrase: opPass });
    await createKeyPair({ name: 'Bo', dir: keys, passphrase: wiPass });
    const rb = runbook([
      step('pp', 'secret', { secret: 'passphrase', name: 'pp', split: 'halves', custodians: ['Ann', 'Bo'] }),
      step('sh', 'secret', { secret: 'shamir', name: 'sh', split: { threshold: 2, shares: 3 } }),
      step('pw', 'secret', { secret: 'password', name: 'pw' }),
      step('sign', 'signoff', { signoff: ['operator', 'witness'] }),
    ]);
    const shown: string[] = [];
    const fingerprints: string[] = [];
    const operator = new ScriptedOperator(
      {
        answers: {
          sign: {
            signoff: {
              signers: [
                { role: 'operator', name: 'Ann', keyPath: op.privatePath, passphrase: opPass },
                { role: 'witness', name: 'Bo' }, // signs later with `breakglass sign`
              ],
            },
          },
        },
      },
      {
        onSecret: (_id, s) => {
          shown.push(...s.lines);
          fingerprints.push(s.fingerprint);
        },
      },
    );
    let written: Awaited<ReturnType<typeof writeReport>> | undefined;
    const outcome = await startRun({
      catalog: testCatalog(),
      runbook: rb,
      operator,
      tenantFactory: async () => fakeTenant(),
      tenant: { mode: 'practice', label: 'PRACTICE · engine' },
      stateDir: tmp(),
      toolVersion: '0.0.0-test',
      operatorName: 'Ann',
      onFinished: async (run) => {
        written = await writeReport({
          runDir: run.runDir,
          requiredRoles: ['operator', 'witness'],
          signers: run.signers
            .filter((s) => s.keyPath)
            .map((s) => ({ role: s.role, name: s.name, keyPath: s.keyPath!, passphrase: s.passphrase ?? '' })),
        });
        return written.envelopePath;
      },
    });
    expect(outcome.status).toBe('completed');
    expect(written).toBeDefined();
    expect(written!.signedBy).toEqual(['operator: Ann']);
    expect(written!.missingRoles).toEqual(['witness']);
    expect(shown.length).toBeGreaterThanOrEqual(6);

    const { payload, statement } = await readEnvelope(written!.envelopePath);
    const files = readdirSync(outcome.runDir);
    expect(files).toEqual(
      expect.arrayContaining(['journal.jsonl', 'runbook.md', 'report.dsse.json', 'report.md', 'report.html']),
    );
    const haystacks = [...files.map((f) => readFileSync(join(outcome.runDir, f))), payload];
    const needles = [...shown.filter((s) => s.length >= 10), opPass, wiPass];
    for (const hay of haystacks) {
      for (const n of needles) {
        expect(hay.includes(Buffer.from(n))).toBe(false);
        const compact = n.replace(/[-\s]/g, '');
        if (compact.length >= 8) expect(hay.includes(Buffer.from(compact.slice(0, 8)))).toBe(false);
      }
    }
    const text = payload.toString();
    for (const fp of fingerprints) expect(text).toContain(fp);
    expect(statement.predicate.secrets.shown.length).toBe(fingerprints.length);
    // The witness was named at the run without a key: an open slot, INCOMPLETE until signed.
    expect(statement.predicate.signoff.signers.map((s) => [s.role, s.name, !!s.keyid])).toEqual([
      ['operator', 'Ann', true],
      ['witness', 'Bo', false],
    ]);
    const { loadPublicKey } = await import('../src/report/keys.js');
    const pk = await loadPublicKey(op.publicPath);
    const v = await verifyFile(written!.envelopePath, {
      runDir: outcome.runDir,
      pubkeys: [{ keyid: pk.keyid, publicKey: pk.publicKey, source: op.publicPath }],
    });
    expect(v.problems).toEqual([]);
    expect(v.exitCode).toBe(2);
  });

  it('a practice run at --time-scale says in every rendering that its times are simulated', async () => {
    const keys = tmp();
    const op = await createKeyPair({ name: 'Ann', dir: keys, passphrase: 'scaled run passphrase' });
    const rb = runbook([step('only', 'manual')]);
    let written: Awaited<ReturnType<typeof writeReport>> | undefined;
    const outcome = await startRun({
      catalog: testCatalog(),
      runbook: rb,
      operator: new ScriptedOperator({}),
      tenantFactory: async () => fakeTenant(),
      tenant: { mode: 'practice', label: 'PRACTICE · engine · time ×200', scenario: 'healthy', timeScale: 200 },
      stateDir: tmp(),
      toolVersion: '0.0.0-test',
      onFinished: async (run) => {
        written = await writeReport({
          runDir: run.runDir,
          signers: [{ role: 'operator', name: 'Ann', keyPath: op.privatePath, passphrase: 'scaled run passphrase' }],
        });
        return written.envelopePath;
      },
    });
    expect(outcome.status).toBe('completed');
    const { statement } = await readEnvelope(written!.envelopePath);
    expect(statement.predicate.tenant).toMatchObject({ mode: 'practice', timeScale: 200 });
    for (const f of ['report.md', 'report.html']) {
      expect(readFileSync(join(outcome.runDir, f), 'utf8')).toContain(
        'Practice time ran 200× faster than real time: the times and durations below are simulated.',
      );
    }
  });
});
