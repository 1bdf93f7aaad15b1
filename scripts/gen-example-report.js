#!/usr/bin/env node
// Generates examples/reports/: a signed report of a PRACTICE run of the
// quarterly validation, with its Markdown and HTML renderings and the two
// signers' public keys, so a reader can try `breakglass verify` on it.
//
//   npm run build && node scripts/gen-example-report.js [--screenshot]
//
// The run is a REAL practice run of runbooks/quarterly-validation.md through
// the CLI (`breakglass run … --scenario healthy --time-scale 200 --answers …`):
// the same engine, checks, Graph / Logs / ARM clients and report writer a user
// gets, against the practice tenant. Keys are created fresh each time
// in a temporary directory with a throwaway passphrase and then DELETED: only
// the public keys are kept, so nobody can sign more "examples" with them.
// --screenshot renders report.html in headless Chromium at A4 width.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const { createKeyPair } = await import(dist('report/keys.js'));
const { verifyFile } = await import(dist('report/verify.js'));
const { loadPublicKey } = await import(dist('report/keys.js'));

const out = join(root, 'examples', 'reports');
const work = await mkdtemp(join(tmpdir(), 'bg-example-'));
try {
  const passphrase = `example-only-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const op = await createKeyPair({ name: 'Dana Whitfield', dir: join(work, 'keys'), passphrase });
  const wi = await createKeyPair({ name: 'Sam Okafor', dir: join(work, 'keys'), passphrase });
  const answers = join(work, 'answers.json');
  await writeFile(
    answers,
    JSON.stringify({
      answers: {
        custody: {
          form: {
            keysAccountedFor: true,
            custodians: 'Dana Whitfield — share 1; Sam Okafor — share 2; Lee Park — share 3',
            custodiansConfirmed: true,
          },
        },
        'sign-off': {
          signoff: {
            signers: [
              { role: 'operator', name: 'Dana Whitfield', keyPath: op.privatePath, passphrase },
              { role: 'witness', name: 'Sam Okafor', keyPath: wi.privatePath, passphrase },
            ],
          },
        },
      },
    }),
    { mode: 0o600 },
  );
  const state = join(work, 'state');
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'bin', 'breakglass.js'),
      'run',
      'quarterly-validation',
      '--scenario',
      'healthy',
      '--time-scale',
      '200',
      '--answers',
      answers,
      '--state-dir',
      state,
      '--operator',
      'Dana Whitfield',
      '--input',
      'accounts=bg-admin-01@contosopractice.onmicrosoft.com,bg-admin-02@contosopractice.onmicrosoft.com',
      '--input',
      'group=SG-BreakGlass-Exclude',
      '--input',
      'workspaceResourceId=/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security',
      '--input',
      'workspaceId=c0ffee00-1234-4abc-9def-0123456789ab',
      // The healthy tenant's exclusion group is owned by its emergency app (service-principal-layered).
      '--input',
      'emergencyApp=7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
    ],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (run.status !== 0) throw new Error(`the practice run failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const runsDir = join(state, 'runs');
  const runDir = join(runsDir, (await readdir(runsDir))[0]);
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'run'), { recursive: true });
  for (const f of ['report.dsse.json', 'report.md', 'report.html']) await copyFile(join(runDir, f), join(out, f));
  const res = { envelopePath: join(out, 'report.dsse.json'), htmlPath: join(out, 'report.html') };
  // The run directory's evidence files, so `--run-dir examples/reports/run` checks the journal too.
  for (const f of ['journal.jsonl', 'runbook.md']) await copyFile(join(runDir, f), join(out, 'run', f));
  await copyFile(op.publicPath, join(out, 'operator-dana-whitfield.pub.pem'));
  await copyFile(wi.publicPath, join(out, 'witness-sam-okafor.pub.pem'));
  const pins = await Promise.all(
    [op.publicPath, wi.publicPath].map(async (p) => ({ ...(await loadPublicKey(p)), source: p })),
  );
  const v = await verifyFile(res.envelopePath, { pubkeys: pins, runDir: join(out, 'run') });
  if (v.exitCode !== 0) throw new Error(`the example does not verify: ${v.problems.join('; ')}`);
  if (process.argv.includes('--screenshot')) {
    const profile = join(work, 'chromium');
    const shot = join(out, 'report-a4.png');
    const r = spawnSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--hide-scrollbars',
        '--window-size=794,1123',
        `--screenshot=${shot}`,
        pathToFileURL(res.htmlPath).href,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (r.status !== 0) console.error(`chromium failed (screenshot skipped): ${r.stderr || r.error}`);
  }
  console.log(
    `Wrote ${(await readdir(out)).join(', ')} in ${out}\nverify: node bin/breakglass.js verify examples/reports/report.dsse.json --pubkey examples/reports/operator-dana-whitfield.pub.pem --pubkey examples/reports/witness-sam-okafor.pub.pem --run-dir examples/reports/run`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
