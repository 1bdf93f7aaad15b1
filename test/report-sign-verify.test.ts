import { generateKeyPairSync } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pae, serializeEnvelope, signPae } from '../src/report/dsse.js';
import { JournalBuilder } from '../src/journal/journal.js';
import { createKeyPair, keyIdOf, loadPublicKey } from '../src/report/keys.js';
import { writeSampleRun } from '../src/report/sample-run.js';
import { addSignature, readEnvelope } from '../src/report/sign.js';
import { verifyEnvelopeBytes, verifyFile, type PinnedKey } from '../src/report/verify.js';
import { writeReport } from '../src/report/write.js';

const PASS_OP = 'operator passphrase for tests';
const PASS_WI = 'witness passphrase for tests';
let dir: string;
let op: Awaited<ReturnType<typeof createKeyPair>>;
let wi: Awaited<ReturnType<typeof createKeyPair>>;
let pins: PinnedKey[];

async function pin(path: string): Promise<PinnedKey> {
  const k = await loadPublicKey(path);
  return { keyid: k.keyid, publicKey: k.publicKey, source: path };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-report-'));
  op = await createKeyPair({ name: 'Dana Whitfield', dir: join(dir, 'keys'), passphrase: PASS_OP });
  wi = await createKeyPair({ name: 'Sam Okafor', dir: join(dir, 'keys'), passphrase: PASS_WI });
  pins = [await pin(op.publicPath), await pin(wi.publicPath)];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keys', () => {
  it('private key file is sealed with scrypt, mode 0600, and the keyid is 16 hex of the SPKI sha256', async () => {
    const pem = await readFile(op.privatePath, 'utf8');
    // scrypt + AES-256-GCM (test/signing-key-kdf.test.ts), not Node's PBKDF2 PKCS#8.
    expect(pem).toContain('-----BEGIN BREAKGLASS ENCRYPTED PRIVATE KEY-----');
    expect((await stat(op.privatePath)).mode & 0o777).toBe(0o600);
    expect(op.keyid).toMatch(/^[0-9a-f]{16}$/);
    expect((await loadPublicKey(op.publicPath)).keyid).toBe(op.keyid);
  });
  it('refuses a short passphrase and a wrong one, with a clear message', async () => {
    await expect(createKeyPair({ name: 'x', dir: join(dir, 'k2'), passphrase: 'short' })).rejects.toThrow(
      /at least 12 characters/,
    );
    // A wrong passphrase at the end of a run must not cost the run its report: written unsigned for that signer, with a warning.
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-wrong') });
    const res = await writeReport({
      runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: 'wrong passphrase!!' },
      ],
    });
    expect(res.warnings.join()).toMatch(/operator Dana Whitfield: wrong passphrase .*breakglass sign/);
    expect(res.signedBy).toEqual([]);
    expect(res.missingRoles).toEqual(['operator', 'witness']);
    await addSignature({
      envelopePath: res.envelopePath,
      keyPath: op.privatePath,
      passphrase: PASS_OP,
      role: 'operator',
      name: 'Dana Whitfield',
    });
    expect((await verifyFile(res.envelopePath, { pubkeys: [await pin(op.publicPath)] })).missingRoles).toEqual([
      'witness',
    ]);
  });
});

describe('sign and verify', () => {
  it('operator + witness signing at the run: valid and complete (exit 0)', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-a') });
    const res = await writeReport({
      runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS_WI },
      ],
    });
    expect(res.missingRoles).toEqual([]);
    expect(res.signedBy).toEqual(['operator: Dana Whitfield', 'witness: Sam Okafor']);
    const v = await verifyFile(res.envelopePath, { pubkeys: pins, runDir });
    expect(v.problems).toEqual([]);
    expect(v.exitCode).toBe(0);
    expect(v.practice).toBe(true);
    expect(v.journalChecked).toBe(true);
    expect(v.signatures.map((s) => [s.role, s.status])).toEqual([
      ['operator', 'valid'],
      ['witness', 'valid'],
    ]);
    // PRACTICE cannot pass as live.
    const live = await verifyFile(res.envelopePath, { pubkeys: pins, requireLive: true });
    expect(live.exitCode).toBe(1);
    expect(live.problems.join()).toContain('PRACTICE — not evidence of a live drill');
  });

  it('two required, one signature: INCOMPLETE (exit 2); the witness signs later: complete', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-b') });
    const res = await writeReport({
      runDir,
      signers: [{ role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP }],
    });
    expect(res.missingRoles).toEqual(['witness']);
    const v1 = await verifyFile(res.envelopePath, { pubkeys: pins, runDir });
    expect(v1.valid).toBe(true);
    expect(v1.exitCode).toBe(2);
    expect(v1.missingRoles).toEqual(['witness']);

    await expect(
      addSignature({
        envelopePath: res.envelopePath,
        keyPath: wi.privatePath,
        passphrase: PASS_WI,
        role: 'witness',
        name: 'Sam O.',
      }),
    ).rejects.toThrow(/no witness named "Sam O\."/);
    await expect(
      addSignature({
        envelopePath: res.envelopePath,
        keyPath: wi.privatePath,
        passphrase: PASS_WI,
        role: 'operator',
        name: 'Dana Whitfield',
      }),
    ).rejects.toThrow(/binds operator Dana Whitfield to key/);
    const added = await addSignature({
      envelopePath: res.envelopePath,
      keyPath: wi.privatePath,
      passphrase: PASS_WI,
      role: 'witness',
      name: 'Sam Okafor',
    });
    expect(added.openSlot).toBe(true);
    const v2 = await verifyFile(res.envelopePath, { pubkeys: pins, runDir });
    expect(v2.exitCode).toBe(0);
    expect(v2.slots.map((s) => [s.role, s.name, s.signed, s.by])).toEqual([
      ['operator', 'Dana Whitfield', true, op.keyid],
      ['witness', 'Sam Okafor', true, wi.keyid],
    ]);
    // Without the witness's public key, the witness signature cannot be checked: unknown, and the report stays incomplete.
    const v3 = await verifyFile(res.envelopePath, { pubkeys: [pins[0]!], runDir });
    expect(v3.exitCode).toBe(2);
    expect(v3.signatures.find((s) => s.keyid === wi.keyid)?.status).toBe('unknown-key');
    // The renderings were refreshed with the new signature.
    // The witness's signature carries the time they signed (kept beside the envelope), not the run's end.
    expect(await readFile(res.markdownPath, 'utf8')).toMatch(
      new RegExp(`witness Sam Okafor: signed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, key \`${wi.keyid}\``),
    );
  });

  it('a signature by an unknown key is reported as such, and one by a key not among --pubkey as unverified', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-c') });
    const res = await writeReport({
      runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS_WI },
      ],
    });
    const { envelope, payload } = await readEnvelope(res.envelopePath);
    const stranger = generateKeyPairSync('ed25519');
    const kid = keyIdOf(stranger.publicKey);
    envelope.signatures.push(signPae(envelope.payloadType, payload, stranger.privateKey, kid));
    const v = await verifyEnvelopeBytes(Buffer.from(serializeEnvelope(envelope)), { pubkeys: pins });
    expect(v.exitCode).toBe(0); // the required signatures are all there
    const s = v.signatures.find((x) => x.keyid === kid)!;
    expect(s.status).toBe('unknown-key');
    expect(s.message).toMatch(/unknown key/);
    // Pin only the operator: the witness signature checks against the embedded key but is not trusted.
    const v2 = await verifyEnvelopeBytes(Buffer.from(serializeEnvelope(envelope)), { pubkeys: [pins[0]!] });
    expect(v2.signatures.find((x) => x.keyid === wi.keyid)?.status).toBe('untrusted');
    // A required role signed for only by an untrusted key is "not trusted" (exit 1), not "not yet signed" (exit 2).
    expect(v2.exitCode).toBe(1);
    expect(v2.untrusted).toBe(true);
    expect(v2.missingRoles).toEqual(['witness']);
  });

  it('flipping ANY single byte of a small signed report makes verify fail', async () => {
    // A small run: started, one passing check with evidence, a signed-off operator, finished.
    const runDir = join(dir, 'runs-d');
    await mkdir(runDir, { recursive: true });
    let t = Date.parse('2025-06-12T09:00:00Z');
    const j = new JournalBuilder(() => new Date((t += 1000)));
    j.add('run-started', {
      format: 1,
      run: {
        runId: 'r1',
        runbookId: 'mini',
        runbookTitle: 'Mini',
        runbookVersion: '1.0.0',
        runbookSha256: 'a'.repeat(64),
        tenantLabel: 'PRACTICE',
        practice: true,
        totalSteps: 1,
      },
      runbookPath: 'mini.md',
      toolVersion: '0.1.0',
      inputs: { accounts: ['bg1@x.onmicrosoft.com'] },
      tenant: { mode: 'practice', label: 'PRACTICE' },
    });
    j.add('step-started', { instanceId: 'c', stepId: 'c', kind: 'check', attempt: 1 });
    j.add('step-finished', {
      instanceId: 'c',
      result: {
        status: 'pass',
        summary: 'ok',
        outputs: { alertLatencyMs: 1200 },
        evidence: [
          {
            service: 'graph',
            method: 'GET',
            path: '/v1.0/users',
            status: 200,
            durationMs: 12,
            retries: 0,
            requestId: 'r-1',
            at: '2025-06-12T09:00:02Z',
          },
        ],
        startedAt: '',
        finishedAt: '',
      },
    });
    j.add('signoff', { instanceId: 'c', role: 'operator', name: 'Dana Whitfield' });
    j.add('run-finished', { status: 'completed' });
    await writeFile(join(runDir, 'journal.jsonl'), j.text());
    await writeFile(join(runDir, 'runbook.md'), '---\nid: mini\nsignoff: [operator]\n---\n\n## C\n');
    const res = await writeReport({
      runDir,
      signers: [{ role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP }],
    });
    const bytes = await readFile(res.envelopePath);
    expect((await verifyEnvelopeBytes(bytes, { pubkeys: [pins[0]!] })).exitCode).toBe(0);
    // Without a trusted key nothing counts; --allow-unpinned counts the report's own keys and says so.
    expect((await verifyEnvelopeBytes(bytes, {})).exitCode).toBe(1);
    expect(await verifyEnvelopeBytes(bytes, { allowUnpinned: true })).toMatchObject({
      exitCode: 0,
      unpinned: true,
      pinned: false,
    });
    const passed: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      // Every position with the lowest bit flipped; every 4th also with a case/space flip and a high-bit flip.
      for (const mask of i % 4 === 0 ? [0x01, 0x20, 0x80] : [0x01]) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ mask;
        const v = await verifyEnvelopeBytes(copy, { pubkeys: [pins[0]!] });
        if (v.exitCode !== 1) passed.push(i);
      }
    }
    expect(passed).toEqual([]);
    expect(bytes.length).toBeGreaterThan(1000);
  }, 180_000);

  it('the run directory is checked: an altered journal or runbook copy is invalid, an appended record only a warning', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-e') });
    const res = await writeReport({
      runDir,
      signers: [{ role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP }],
      requiredRoles: ['operator'],
    });
    const jPath = join(runDir, 'journal.jsonl');
    const original = await readFile(jPath, 'utf8');
    await appendFile(jPath, '{"seq":999}\n');
    const appended = await verifyFile(res.envelopePath, { runDir, pubkeys: [pins[0]!] });
    expect(appended.exitCode).toBe(0);
    expect(appended.warnings.join()).toMatch(/damage after the signed part|appended/);
    await writeFile(jPath, original.replace('"status":"warn"', '"status":"pass"'));
    const altered = await verifyFile(res.envelopePath, { runDir });
    expect(altered.exitCode).toBe(1);
    expect(altered.problems.join()).toMatch(/hash mismatch|journal/);
    await writeFile(jPath, original);
    await appendFile(join(runDir, 'runbook.md'), '\n## Sneaky extra step\n');
    const rb = await verifyFile(res.envelopePath, { runDir });
    expect(rb.exitCode).toBe(1);
    expect(rb.problems.join()).toContain('runbook.md does not match');
  });

  it('a report nobody signed is never complete, even when the runbook requires no roles', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-unsigned'), aborted: true });
    const res = await writeReport({ runDir, signers: [], requiredRoles: [] });
    const v = await verifyFile(res.envelopePath, { runDir });
    expect(v.valid).toBe(true);
    expect(v.exitCode).toBe(2);
    expect(v.statement?.predicate.result).toBe('aborted');
  });

  it('PAE is the DSSE v1 encoding', () => {
    expect(pae('application/vnd.in-toto+json', Buffer.from('{}')).toString()).toBe(
      'DSSEv1 28 application/vnd.in-toto+json 2 {}',
    );
  });
});

describe('secrets never reach a file', () => {
  it('TAP, passphrase, key passphrases and private keys appear in no output', async () => {
    const tap = 'TAP-Xq7!mZ2#rP9vK4wL';
    const passphrase = 'correct-horse-battery-staple-42-orbit';
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-f'), secrets: { tap, passphrase } });
    const res = await writeReport({
      runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS_WI },
      ],
    });
    const privBodies = [op.privatePath, wi.privatePath].map(async (p) => (await readFile(p, 'utf8')).split('\n')[1]!);
    const needles = [tap, passphrase, PASS_OP, PASS_WI, ...(await Promise.all(privBodies))];
    const { payload } = await readEnvelope(res.envelopePath);
    const files = await readdir(runDir);
    expect(files.sort()).toEqual([
      'journal.jsonl',
      'report.dsse.json',
      'report.html',
      'report.md',
      'report.signed-at.json',
      'runbook.md',
    ]);
    const haystacks = [...(await Promise.all(files.map((f) => readFile(join(runDir, f))))), payload];
    for (const hay of haystacks) {
      for (const n of needles) {
        expect(hay.includes(Buffer.from(n))).toBe(false);
        expect(hay.includes(Buffer.from(Buffer.from(n).toString('base64').slice(0, 16)))).toBe(false);
      }
    }
    // …but their fingerprints are there, so an envelope can be matched to the record.
    expect(payload.toString()).toMatch(/passphrase:scrypt:[0-9a-f]{12}/);
    expect(payload.toString()).toMatch(/tap:scrypt:[0-9a-f]{12}/);
  });
});

describe('trust anchors', () => {
  it('a forged LIVE report re-signed with two fresh keys under the original names fails --require-live --require-passed', async () => {
    const { addTrustAnchor, loadTrustAnchors } = await import('../src/report/trust.js');
    const state = join(dir, 'state-forged');
    await addTrustAnchor(state, { pem: op.publicKeyPem, role: 'operator', name: 'Dana Whitfield' });
    await addTrustAnchor(state, { pem: wi.publicKeyPem, role: 'witness', name: 'Sam Okafor' });
    const anchors = await loadTrustAnchors(state);
    // The genuine report verifies against the anchors alone.
    const real = await writeSampleRun({ dir: join(dir, 'runs-real'), mode: 'live' });
    const realRes = await writeReport({
      runDir: real.runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS_WI },
      ],
    });
    expect(await verifyFile(realRes.envelopePath, { anchors, requireLive: true, requirePassed: true })).toMatchObject({
      exitCode: 0,
      pinned: true,
    });
    // The forger's report: same names, fresh keys (embedded in the payload, as breakglass would write them).
    const fo = await createKeyPair({ name: 'Dana Whitfield', dir: join(dir, 'forger'), passphrase: PASS_OP });
    const fw = await createKeyPair({ name: 'Sam Okafor', dir: join(dir, 'forger'), passphrase: PASS_WI });
    const forged = await writeSampleRun({ dir: join(dir, 'runs-forged'), mode: 'live' });
    const forgedRes = await writeReport({
      runDir: forged.runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: fo.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: fw.privatePath, passphrase: PASS_WI },
      ],
    });
    const v = await verifyFile(forgedRes.envelopePath, { anchors, requireLive: true, requirePassed: true });
    expect(v.exitCode).toBe(1);
    expect(v.untrusted).toBe(true);
    expect(v.signatures.map((s) => s.status)).toEqual(['untrusted', 'untrusted']);
    expect(v.problems.join('\n')).toMatch(
      /^NOT TRUSTED: operator Dana Whitfield \(key [0-9a-f]{16}\), witness Sam Okafor/m,
    );
    // No trust anchors at all (a fresh machine): still not 0.
    expect((await verifyFile(forgedRes.envelopePath, { requireLive: true, requirePassed: true })).exitCode).toBe(1);
  });

  it('a key trusted for one role does not fill another role', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-role') });
    const res = await writeReport({
      runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS_WI },
      ],
    });
    const anchors = [
      {
        keyid: op.keyid,
        role: 'operator',
        name: 'Dana Whitfield',
        key: (await loadPublicKey(op.publicPath)).publicKey,
      },
      { keyid: wi.keyid, role: 'operator', name: 'Sam Okafor', key: (await loadPublicKey(wi.publicPath)).publicKey },
    ];
    const v = await verifyFile(res.envelopePath, { anchors });
    expect(v.exitCode).toBe(1);
    expect(v.signatures.find((s) => s.keyid === wi.keyid)?.message).toBe(
      'the key is trusted for operator Sam Okafor, not for witness: it does not count here',
    );
  });

  it('--require-passed refuses passed-with-overrides unless --allow-overrides', async () => {
    const { runDir } = await writeSampleRun({ dir: join(dir, 'runs-ovr'), mode: 'live' });
    const res = await writeReport({
      runDir,
      signers: [
        { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase: PASS_OP },
        { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase: PASS_WI },
      ],
    });
    // Re-sign a payload whose result says passed-with-overrides (the keys are ours: the signatures check).
    const { envelope, statement } = await readEnvelope(res.envelopePath);
    statement.predicate.result = 'passed-with-overrides';
    const payload = Buffer.from(JSON.stringify(statement));
    const { loadPrivateKey } = await import('../src/report/keys.js');
    const ko = await loadPrivateKey(op.privatePath, PASS_OP);
    const kw = await loadPrivateKey(wi.privatePath, PASS_WI);
    const env2 = {
      ...envelope,
      payload: payload.toString('base64'),
      signatures: [
        signPae(envelope.payloadType, payload, ko.privateKey, ko.keyid),
        signPae(envelope.payloadType, payload, kw.privateKey, kw.keyid),
      ],
    };
    const bytes = Buffer.from(serializeEnvelope(env2));
    const refused = await verifyEnvelopeBytes(bytes, { pubkeys: pins, requirePassed: true });
    expect(refused.exitCode).toBe(1);
    expect(refused.problems).toEqual([
      expect.stringMatching(
        /^the run passed only because failed steps were overridden \(--require-passed; add --allow-overrides/,
      ),
    ]);
    expect(
      (await verifyEnvelopeBytes(bytes, { pubkeys: pins, requirePassed: true, allowOverrides: true })).exitCode,
    ).toBe(0);
  });

  it('a payload nested 100 000 levels deep is INVALID, not a crash (text and --json)', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const stmt = `{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"x","predicate":{"inputs":${deep}}}`;
    const env = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from(stmt).toString('base64'),
      signatures: [],
    };
    const file = join(dir, 'deep.dsse.json');
    await writeFile(file, serializeEnvelope(env));
    const v = await verifyEnvelopeBytes(await readFile(file));
    expect(v).toMatchObject({
      exitCode: 1,
      problems: ['the payload nests deeper than 128 levels (not a breakglass report)'],
    });
    const { spawnSync } = await import('node:child_process');
    const root = join(import.meta.dirname, '..');
    for (const args of [['--json'], []]) {
      const r = spawnSync(process.execPath, ['bin/breakglass.js', 'verify', file, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, BREAKGLASS_STATE_DIR: dir },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).not.toMatch(/RangeError|Maximum call stack/);
      expect(r.stdout).toContain('nests deeper than 128 levels');
    }
    const outer = join(dir, 'deep-outer.dsse.json');
    await writeFile(outer, '['.repeat(100_000) + ']'.repeat(100_000));
    expect((await verifyFile(outer)).problems).toEqual([
      'the report file nests deeper than 128 levels (not a breakglass report)',
    ]);
  });
});
