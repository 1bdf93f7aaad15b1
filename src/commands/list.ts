/**
 * `breakglass list [--json]`: shipped and user runbooks, with id, version,
 * cadence and whether they validate.
 */
import { durationWords } from '../util/duration-words.js';
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';

const USAGE = 'breakglass list [--json] [--state-dir DIR]';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: { json: { type: 'boolean' }, 'state-dir': { type: 'string' } },
    });
    // --state-dir is a global option: accepted so a wrapper can pass it to every command. `list`
    // reads runbook folders only (BREAKGLASS_RUNBOOKS_DIR), nothing in the state folder.
  } catch (e) {
    process.stderr.write(`breakglass list: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const { listRunbooks, shippedRunbooksDir, userRunbooksDir } = await import('../runbook/library.js');
  const { sanitizeForTerminal } = await import('../runbook/diagnostics.js');
  const entries = await listRunbooks((await import('../steps/catalog.js')).builtInCatalog());
  if (parsed.values.json) {
    const out = entries.map(({ runbook: _rb, ...e }) => ({
      ...e,
      valid: !e.diagnostics.some((d) => d.severity === 'error'),
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return EXIT.OK;
  }
  if (entries.length === 0) {
    process.stdout.write(`No runbooks found in ${shippedRunbooksDir()} or ${userRunbooksDir()}\n`);
    return EXIT.OK;
  }
  const s = sanitizeForTerminal;
  const rows = entries.map((e) => {
    const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
    return [
      s(e.id),
      s(e.version || '-'),
      s(e.cadence ? `every ${durationWords(e.cadence)}` : '-'),
      e.source,
      errors ? `INVALID (${errors} error${errors > 1 ? 's' : ''}; breakglass validate ${s(e.path)})` : s(e.title),
    ];
  });
  const head = ['ID', 'VERSION', 'CADENCE', 'SOURCE', 'TITLE'];
  const widths = head.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  process.stdout.write([line(head), ...rows.map(line)].join('\n') + '\n');
  process.stdout.write(`\nYour runbooks: ${userRunbooksDir()} (set BREAKGLASS_RUNBOOKS_DIR to change)\n`);
  return EXIT.OK;
}
