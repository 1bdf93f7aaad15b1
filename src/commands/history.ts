/**
 * `breakglass history [--tenant T] [--runbook ID] [--pubkey FILE…] [--json] [--html FILE] [--state-dir DIR]`:
 * past reports, whether they check out, when each runbook is next due, and
 * the alert-latency trend across drills.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';

const USAGE =
  'breakglass history [--tenant T] [--runbook ID] [--pubkey FILE…] [--json] [--html FILE] [--state-dir DIR]';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        tenant: { type: 'string' },
        runbook: { type: 'string' },
        json: { type: 'boolean' },
        html: { type: 'string' },
        pubkey: { type: 'string', multiple: true },
        'state-dir': { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`breakglass history: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const { resolveStateDir } = await import('../state/paths.js');
  const { listReports, dueDates, latencyTrend } = await import('../report/history.js');
  const stateDir = resolveStateDir(parsed.values['state-dir']);
  const filter = {
    ...(parsed.values.tenant ? { tenant: parsed.values.tenant } : {}),
    ...(parsed.values.runbook ? { runbook: parsed.values.runbook } : {}),
  };
  // Keys given here count like `breakglass verify --pubkey`: a witness who signed later with a key
  // not (yet) added with `breakglass keys trust` is counted, and the report stops showing them missing.
  const { KeyError, loadPublicKey } = await import('../report/keys.js');
  const pubkeys = [];
  for (const p of parsed.values.pubkey ?? []) {
    try {
      const k = await loadPublicKey(p);
      pubkeys.push({ keyid: k.keyid, publicKey: k.publicKey, source: p });
    } catch (e) {
      if (!(e instanceof KeyError)) throw e;
      process.stderr.write(`breakglass history: --pubkey ${e.message}\n`);
      return EXIT.NO_INPUT;
    }
  }
  const entries = await listReports(stateDir, filter, pubkeys);
  const due = dueDates(entries);
  const runbookIds = [...new Set(entries.map((e) => e.runbookId))];
  const trends = runbookIds
    .map((id) => ({ runbookId: id, points: latencyTrend(entries, id) }))
    .filter((t) => t.points.some((p) => p.ms !== null));

  if (parsed.values.html) {
    const { writeFile } = await import('node:fs/promises');
    const { renderHistoryHtml } = await import('../report/render-history.js');
    await writeFile(parsed.values.html, renderHistoryHtml(entries, due, trends, new Date()));
  }
  if (parsed.values.json) {
    process.stdout.write(JSON.stringify({ stateDir, reports: entries, due, alertLatency: trends }, null, 2) + '\n');
    return EXIT.OK;
  }
  const { formatHistory } = await import('../report/render-history.js');
  const ascii = process.env.TERM === 'dumb' || process.env.LANG === 'C';
  process.stdout.write(formatHistory(stateDir, entries, due, trends, new Date(), ascii));
  if (parsed.values.html) process.stdout.write(`\nWrote ${parsed.values.html}\n`);
  return EXIT.OK;
}
