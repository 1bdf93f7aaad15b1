/**
 * The end of a run tells the truth: a report missing a required signature is not a plain pass; the
 * report's first section and the end-screen verdict list every finding (a broken seal), override,
 * retry and missing signature, with the exact command that completes it; a witness's signature time
 * is when they signed; `history --pubkey` counts a witness who signed later.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalBuilder } from '../src/journal/journal.js';
import { listReports } from '../src/report/history.js';
import { createKeyPair, loadPublicKey } from '../src/report/keys.js';
import { addSignature } from '../src/report/sign.js';
import { writeReport } from '../src/report/write.js';
import { formatVerify } from '../src/commands/verify.js';
import { roundWords } from '../src/report/view.js';
import { verifyFile } from '../src/report/verify.js';

const PASS = 'end truth test passphrase';
const RUNBOOK = `---
id: seal-drill
title: Seal drill
version: 1.0.0
signoff: [operator, witness]
---

## Check the seals

\`\`\`step
id: seal
manual: { confirm: "Recorded", finding: "The seal of custodian 1's envelope was broken" }
\`\`\`

## Wait for the alert

\`\`\`step
id: alert
manual: true
\`\`\`

## Exclusions

\`\`\`step
id: excl
manual: true
\`\`\`

## Sign off

\`\`\`step
id: signoff
signoff: [operator, witness]
\`\`\`
`;

let state: string;
let runDir: string;
let op: Awaited<ReturnType<typeof createKeyPair>>;
let wi: Awaited<ReturnType<typeof createKeyPair>>;

/** A run as the engine journals it: a finding, a retried step, an overridden step, two people named at sign-off. */
async function writeRun(): Promise<string> {
  let t = Date.parse('2026-03-02T10:00:00Z');
  const j = new JournalBuilder(() => new Date(t));
  const tick = (ms: number) => (t += ms);
  const at = () => new Date(t).toISOString();
  j.add('run-started', {
    format: 1,
    run: {
      runId: 'r-seal',
      runbookId: 'seal-drill',
      runbookTitle: 'Seal drill',
      runbookVersion: '1.0.0',
      runbookSha256: 'a'.repeat(64),
      tenantLabel: 'contoso.onmicrosoft.com',
      practice: false,
      totalSteps: 4,
    },
    runbookPath: 'runbooks/seal-drill.md',
    toolVersion: '0.1.0',
    inputs: {},
    tenant: { mode: 'live', label: 'contoso.onmicrosoft.com', tenantId: '7d3c1f9a-2b4e-4c61-9a8e-3f5b2d1c0e47' },
  });
  const step = (id: string, attempt: number, result: Record<string, unknown>) => {
    j.add('step-started', { instanceId: id, stepId: id, kind: 'manual', attempt });
    const startedAt = at();
    tick(1000);
    j.add('step-finished', {
      instanceId: id,
      result: { outputs: {}, evidence: [], ...result, startedAt, finishedAt: at() },
    });
  };
  step('seal', 1, { status: 'warn', summary: "Finding: The seal of custodian 1's envelope was broken" });
  step('alert', 1, { status: 'error', summary: 'no alert yet' });
  step('alert', 2, { status: 'pass', summary: 'alert fired' });
  step('excl', 1, {
    status: 'overridden',
    summary: 'policy CA004 does not exclude the group',
    override: { justification: 'CA004 is report-only this week', by: 'Dana', at: at() },
  });
  j.add('step-started', { instanceId: 'signoff', stepId: 'signoff', kind: 'signoff', attempt: 1 });
  j.add('signoff', { instanceId: 'signoff', role: 'operator', name: 'Dana Whitfield', keyFingerprint: op.keyid });
  j.add('signoff', { instanceId: 'signoff', role: 'witness', name: 'Sam Okafor' });
  j.add('step-finished', {
    instanceId: 'signoff',
    result: { status: 'done', summary: 'Signed off', outputs: {}, evidence: [], startedAt: at(), finishedAt: at() },
  });
  tick(500);
  j.add('run-finished', { status: 'completed' });
  const dir = join(state, 'runs', 'r-seal');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'journal.jsonl'), j.text());
  await writeFile(join(dir, 'runbook.md'), RUNBOOK);
  return dir;
}

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'bg-end-truth-'));
  op = await createKeyPair({ name: 'Dana Whitfield', dir: join(state, 'keys'), passphrase: PASS });
  wi = await createKeyPair({ name: 'Sam Okafor', dir: join(state, 'keys'), passphrase: PASS });
  runDir = await writeRun();
});
afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('steps in loops', () => {
  it('are named by their round, not by an id such as accounts[1].global-admin', () => {
    // The engine numbers rounds from 1 (src/engine/run.ts: `${group.id}[${i + 1}]…`): [1] is the first.
    expect(roundWords('accounts[1].global-admin')).toBe('round 1 of accounts');
    expect(roundWords('accounts[2].global-admin')).toBe('round 2 of accounts');
    expect(roundWords('signoff')).toBeUndefined();
  });
});

describe('a run whose witness has not signed', () => {
  let res: Awaited<ReturnType<typeof writeReport>>;
  beforeAll(async () => {
    res = await writeReport({
      runDir,
      signers: [{ role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS }],
      signHint: { keyFile: (_r, name) => (name === 'Sam Okafor' ? wi.privatePath : undefined) },
    });
  });

  it('the end-screen verdict is not a pass, and lists every finding, override, retry and the missing signature', () => {
    const v = res.verdict;
    expect(v.result).toBe('PASSED WITH OVERRIDES · NOT SIGNED BY WITNESS');
    expect(v.complete).toBe(false);
    expect(v.signatures).toBe(1);
    const lines = v.attention.map((a) => `${a.level} ${a.text}`);
    expect(lines).toEqual([
      expect.stringMatching(/^OVERRIDDEN Exclusions — policy CA004 .* overridden by Dana: "CA004 is report-only/),
      expect.stringMatching(/^NOT SIGNED No witness signature — Sam Okafor is named as witness/),
      "FINDING Check the seals — Finding: The seal of custodian 1's envelope was broken",
      'RETRIED Wait for the alert — needed 2 attempts; it ended PASS: alert fired',
    ]);
    expect(v.attention[1]!.todo).toBe(
      `breakglass sign ${res.envelopePath} --key ${wi.privatePath} --role witness --name 'Sam Okafor'`,
    );
  });

  it("the report's first section lists the same items, with the command that completes it", async () => {
    const md = await readFile(res.markdownPath, 'utf8');
    expect(md).toContain('| Result | **PASSED WITH OVERRIDES · NOT SIGNED BY WITNESS** |');
    const section = md.slice(md.indexOf('## Needs attention'), md.indexOf('## Steps'));
    expect(section).toContain('**OVERRIDDEN** Exclusions');
    expect(section).toContain('**NOT SIGNED** No witness signature');
    expect(section).toContain(
      "*To complete it, from the run folder:* `breakglass sign report.dsse.json --key sam-okafor-KEYID.key.pem --role witness --name 'Sam Okafor'`",
    );
    expect(section).toContain("**WARN** Check the seals — Finding: The seal of custodian 1's envelope");
    // Internal step ids stay out of the first section.
    expect(section).not.toMatch(/\(step `/);
    expect(section).toContain('**RETRIED** Wait for the alert');
    const html = await readFile(res.htmlPath, 'utf8');
    expect(html).toContain('<div class="badge r-incomplete">PASSED WITH OVERRIDES · NOT SIGNED BY WITNESS</div>');
    expect(html).not.toContain('class="badge r-passed');
  });

  it('after `sign`, the witness signature carries the time they signed, and history --pubkey stops saying missing', async () => {
    const before = await listReports(state);
    expect(before[0]!.missingRoles).toEqual(expect.arrayContaining(['witness']));
    const signedAfter = new Date();
    await addSignature({
      envelopePath: res.envelopePath,
      keyPath: wi.privatePath,
      passphrase: PASS,
      role: 'witness',
      name: 'Sam Okafor',
    });
    const times = JSON.parse(await readFile(join(runDir, 'report.signed-at.json'), 'utf8')) as Record<string, string>;
    expect(Date.parse(times[wi.keyid]!)).toBeGreaterThanOrEqual(signedAfter.getTime() - 1000);
    // The run ended in March 2026; the witness signed now — the report says so.
    const md = await readFile(res.markdownPath, 'utf8');
    const signedAt = times[wi.keyid]!.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    expect(md).toContain(`witness Sam Okafor: signed ${signedAt}`);
    const pub = await loadPublicKey(wi.publicPath);
    const pinned = [{ keyid: pub.keyid, publicKey: pub.publicKey, source: wi.publicPath }];
    const opPub = await loadPublicKey(op.publicPath);
    pinned.push({ keyid: opPub.keyid, publicKey: opPub.publicKey, source: op.publicPath });
    const after = await listReports(state, {}, pinned);
    expect(after[0]!.missingRoles).toEqual([]);
    expect(after[0]!.signedBy).toEqual(['operator Dana Whitfield', 'witness Sam Okafor']);
    const text = await formatVerify(res.envelopePath, await verifyFile(res.envelopePath, { pubkeys: pinned }));
    expect(text).toMatch(new RegExp(`witness\\s+Sam Okafor .*signed ${signedAt}, named at sign-off 2026-03-02`));
  });
});
