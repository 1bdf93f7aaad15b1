/**
 * Benchmark (not a timed test): signed completion reports per second.
 *   sign   = writeReport(): read and verify the run journal, build the report,
 *            DSSE-sign it with two Ed25519 keys (operator + witness, each
 *            decrypted from its passphrase-protected PEM), write envelope,
 *            Markdown and HTML.
 *   verify = verifyFile() with both public keys pinned and the run's journal
 *            re-checked against the report.
 * Medians of several rounds. Prints a table and writes JSON to bench/results/.
 *
 *   npm run build && node bench/report-sign-verify.js [perRound=20] [rounds=5]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyPair, loadPublicKey } from '../dist/report/keys.js';
import { writeSampleRun } from '../dist/report/sample-run.js';
import { writeReport } from '../dist/report/write.js';
import { verifyFile } from '../dist/report/verify.js';

const here = dirname(fileURLToPath(import.meta.url));
const perRound = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 5);
const PASS = 'bench passphrase for report keys';

const dir = mkdtempSync(join(tmpdir(), 'bg-bench-report-'));
try {
  const op = await createKeyPair({ name: 'Bench Operator', dir: join(dir, 'keys'), passphrase: PASS });
  const wi = await createKeyPair({ name: 'Bench Witness', dir: join(dir, 'keys'), passphrase: PASS });
  const pins = [];
  for (const p of [op.publicPath, wi.publicPath]) {
    const k = await loadPublicKey(p);
    pins.push({ keyid: k.keyid, publicKey: k.publicKey, source: p });
  }
  const { runDir } = await writeSampleRun({ dir: join(dir, 'state') });
  const signers = [
    { role: 'operator', name: 'Bench Operator', keyPath: op.privatePath, passphrase: PASS },
    { role: 'witness', name: 'Bench Witness', keyPath: wi.privatePath, passphrase: PASS },
  ];
  const signRates = [];
  const verifyRates = [];
  let envelopePath = '';
  let journalRecords = 0;
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    for (let i = 0; i < perRound; i++)
      envelopePath = (await writeReport({ runDir, signers, requiredRoles: ['operator', 'witness'] })).envelopePath;
    signRates.push(perRound / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const v = await verifyFile(envelopePath, { pubkeys: pins, runDir });
      if (!v.valid || !v.complete) throw new Error(`a freshly signed report did not verify: ${v.problems.join('; ')}`);
      journalRecords = v.journalChecked ? 1 : 0;
    }
    verifyRates.push(perRound / ((performance.now() - t0) / 1000));
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    node: process.version,
    perRound,
    rounds,
    signers: 2,
    journalChecked: journalRecords === 1,
    signPerSecond: +med(signRates).toFixed(1),
    verifyPerSecond: +med(verifyRates).toFixed(1),
    signRates: signRates.map((x) => +x.toFixed(1)),
    verifyRates: verifyRates.map((x) => +x.toFixed(1)),
  };
  process.stdout.write(
    `signed reports (2 signers, journal re-checked on verify), ${perRound} × ${rounds} rounds\n` +
      `  sign + write  ${result.signPerSecond} reports/s (median)\n  verify        ${result.verifyPerSecond} reports/s (median)\n`,
  );
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results', `report-sign-verify-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    JSON.stringify(result, null, 2) + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
