/**
 * `breakglass validate <file|folder…> [--json]`: everything checkable without a
 * tenant, with file:line:col diagnostics. A folder stands for the runbooks
 * (*.md) directly in it, as `validate runbooks/` checks the shipped ones.
 * Exit: 0 all valid (warnings allowed) · 1 a runbook has errors · 66 a file is unreadable · 64 usage.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';

const USAGE = 'breakglass validate <file|folder…> [--json]';

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY && process.env.TERM !== 'dumb';
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
  } catch (e) {
    process.stderr.write(`breakglass validate: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`breakglass validate: give one or more runbook files\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const files = await runbookFiles(parsed.positionals);
  const catalog = (await import('../steps/catalog.js')).builtInCatalog();
  const { loadRunbook } = await import('../runbook/parse.js');
  const { formatDiagnostic } = await import('../runbook/diagnostics.js');
  const { sanitize } = await import('../util/sanitize.js');
  const color = useColor(process.stdout);
  let errors = 0;
  let warnings = 0;
  let badFiles = 0;
  let unreadable = 0;
  const json: unknown[] = [];
  for (const file of files) {
    const r = await loadRunbook(file, catalog);
    const e = r.diagnostics.filter((d) => d.severity === 'error').length;
    const w = r.diagnostics.length - e;
    errors += e;
    warnings += w;
    if (r.unreadable) unreadable++;
    if (e > 0) badFiles++;
    if (parsed.values.json) {
      json.push({
        path: file,
        valid: e === 0,
        ...(r.runbook ? { id: r.runbook.id, version: r.runbook.version, steps: r.runbook.steps.length } : {}),
        diagnostics: r.diagnostics,
      });
      continue;
    }
    for (const d of r.diagnostics) process.stdout.write(formatDiagnostic(d, { color }) + '\n');
    if (e === 0 && r.runbook) {
      const n = countSteps(r.runbook.steps);
      const ok = color ? '\u001b[32mok\u001b[0m' : 'ok';
      process.stdout.write(
        `${sanitize(file)}: ${ok} — ${sanitize(r.runbook.id)} ${sanitize(r.runbook.version)}, ${n} step${n === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}\n`,
      );
    }
  }
  if (parsed.values.json) {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    process.stdout.write(
      badFiles === 0
        ? `${plural(files.length, 'runbook')} valid${warnings ? ` (${plural(warnings, 'warning')})` : ''}\n`
        : `${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${plural(badFiles, 'file')} (${files.length} checked)\n`,
    );
  }
  if (unreadable > 0) return EXIT.NO_INPUT;
  return badFiles > 0 ? EXIT.FAIL : EXIT.OK;
}

/**
 * The paths to validate: a folder becomes the *.md files directly in it (sorted); a folder with none
 * stays as given, so loadRunbook reports it (`is a directory, not a runbook file`, exit 66).
 */
async function runbookFiles(paths: string[]): Promise<string[]> {
  const { readdirSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  return paths.flatMap((p) => {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      return [p]; // not found or unreadable: loadRunbook says which
    }
    if (!isDir) return [p];
    const mds = readdirSync(p, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.md'))
      .map((e) => join(p, e.name))
      .sort();
    return mds.length ? mds : [p];
  });
}

function countSteps(steps: { children: unknown[] }[]): number {
  return steps.reduce((n, s) => n + (s.children.length ? s.children.length : 1), 0);
}
