#!/usr/bin/env node
// Generates examples/reports/: a signed report of a PRACTICE run of the
// quarterly validation, with its Markdown and HTML renderings and the two
// signers' public keys, so a reader can try `breakglass verify` on it.
//
//   npm run build && node scripts/gen-example-report.js [--screenshot]
//
// The run itself is the realistic journal written by src/report/sample-run.ts
// (same hashing as the engine's journal) — to be replaced by a real practice
// run of runbooks/quarterly-validation.md. Keys are created fresh each time
// in a temporary directory with a throwaway passphrase and then DELETED: only
// the public keys are kept, so nobody can sign more "examples" with them.
// --screenshot renders report.html in headless Chromium at A4 width.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const { writeSampleRun } = await import(dist('report/sample-run.js'));
const { createKeyPair } = await import(dist('report/keys.js'));
const { writeReport } = await import(dist('report/write.js'));
const { verifyFile } = await import(dist('report/verify.js'));
const { loadPublicKey } = await import(dist('report/keys.js'));

const out = join(root, 'examples', 'reports');
const work = await mkdtemp(join(tmpdir(), 'bg-example-'));
try {
  const passphrase = `example-only-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const op = await createKeyPair({ name: 'Dana Whitfield', dir: join(work, 'keys'), passphrase });
  const wi = await createKeyPair({ name: 'Sam Okafor', dir: join(work, 'keys'), passphrase });
  const { runDir } = await writeSampleRun({ dir: join(work, 'runs'), start: new Date('2025-06-12T09:00:00Z') });
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'run'), { recursive: true });
  const res = await writeReport({
    runDir,
    outDir: out,
    now: new Date('2025-06-12T09:12:00Z'),
    signers: [
      { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase },
      { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase },
    ],
  });
  // The run directory's evidence files, so `--run-dir examples/reports/run` checks the journal too.
  for (const f of ['journal.jsonl', 'runbook.md']) await copyFile(join(runDir, f), join(out, 'run', f));
  await copyFile(op.publicPath, join(out, 'operator-dana-whitfield.pub.pem'));
  await copyFile(wi.publicPath, join(out, 'witness-sam-okafor.pub.pem'));
  const pins = await Promise.all([op.publicPath, wi.publicPath].map(async (p) => ({ ...(await loadPublicKey(p)), source: p })));
  const v = await verifyFile(res.envelopePath, { pubkeys: pins, runDir: join(out, 'run') });
  if (v.exitCode !== 0) throw new Error(`the example does not verify: ${v.problems.join('; ')}`);
  if (process.argv.includes('--screenshot')) {
    const profile = join(work, 'chromium');
    const shot = join(out, 'report-a4.png');
    const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--hide-scrollbars', '--window-size=794,1123', `--screenshot=${shot}`, pathToFileURL(res.htmlPath).href], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) console.error(`chromium failed (screenshot skipped): ${r.stderr || r.error}`);
  }
  console.log(`Wrote ${(await readdir(out)).join(', ')} in ${out}\nverify: node bin/breakglass.js verify examples/reports/report.dsse.json --pubkey examples/reports/operator-dana-whitfield.pub.pem --pubkey examples/reports/witness-sam-okafor.pub.pem --run-dir examples/reports/run`);
} finally {
  await rm(work, { recursive: true, force: true });
}
