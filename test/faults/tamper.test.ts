/**
 * The signed report of a REAL run (a shipped runbook against the practice
 * tenant, signed by two keys made with `breakglass keys create`) rejects
 * every single-byte change: each byte of the envelope is altered in turn
 * (full scale; a spread at smoke scale) and verify must answer invalid.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPublicKey } from '../../src/report/keys.js';
import { verifyEnvelopeBytes, type PinnedKey } from '../../src/report/verify.js';
import {
  ALL_RUNBOOKS,
  cli,
  SCALE,
  startServer,
  type Signer,
  removeScratch,
  scratchDir,
  signingKeys,
} from './harness.js';
import { runInProcess } from './in-process-run.js';

afterAll(removeScratch);

let signers: Signer[];
let pins: PinnedKey[];
let envelope: Buffer;
let runDir: string;

beforeAll(async () => {
  signers = await signingKeys();
  pins = [];
  for (const s of signers) {
    const k = await loadPublicKey(s.pubPath);
    pins.push({ keyid: k.keyid, publicKey: k.publicKey, source: s.pubPath });
  }
  const c = ALL_RUNBOOKS.find((r) => r.id === 'credential-rotation')!;
  const server = await startServer(c.scenario);
  try {
    const r = await runInProcess(c, signers, server, scratchDir('tamper'));
    expect(r.outcome.status).toBe('completed');
    runDir = r.outcome.runDir;
    const env = readdirSync(runDir).find((f) => f.endsWith('.dsse.json'))!;
    envelope = readFileSync(join(runDir, env));
  } finally {
    await server.close();
  }
}, 300_000);

describe('tampered reports of a real run are rejected', () => {
  it('the untouched report verifies, complete, with both signatures (library and CLI)', async () => {
    const v = await verifyEnvelopeBytes(envelope, { pubkeys: pins, runDir });
    expect(v.problems).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.complete).toBe(true);
    const env = readdirSync(runDir).find((f) => f.endsWith('.dsse.json'))!;
    const r = await cli(['verify', join(runDir, env), '--pubkey', signers[0]!.pubPath, '--pubkey', signers[1]!.pubPath])
      .done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('every single-byte change is rejected', async () => {
    const step = SCALE === 'full' ? 1 : Math.max(1, Math.floor(envelope.length / 400));
    let tried = 0;
    const accepted: string[] = [];
    for (let i = 0; i < envelope.length; i += step) {
      for (const delta of SCALE === 'full' ? [1, 0x20] : [1]) {
        const b = Buffer.from(envelope);
        b[i] = (b[i]! + delta) & 0xff;
        tried++;
        const v = await verifyEnvelopeBytes(b, { pubkeys: pins });
        if (v.valid)
          accepted.push(
            `byte ${i} (+${delta}): ${JSON.stringify(envelope.subarray(Math.max(0, i - 10), i + 10).toString('latin1'))}`,
          );
      }
    }
    process.stdout.write(
      `[tamper] ${tried} single-byte changes of a ${envelope.length}-byte report, ${accepted.length} accepted\n`,
    );
    expect(tried).toBeGreaterThan(SCALE === 'full' ? envelope.length : 300);
    expect(accepted).toEqual([]);
  }, 3_600_000);
});
