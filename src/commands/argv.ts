/**
 * A command line checked against the command's option table (./specs.ts)
 * before the command parses it, so every mistake reads the same way: an
 * unknown option gets "did you mean", a value option without its value gets
 * an example — never the wording of Node's argument parser.
 */
import { UsageError } from '../core/errors.js';
import { closest } from '../runbook/suggest.js';
import type { OptionSpec } from './specs.js';

/** Throws UsageError for the first option the table does not know or that lacks its value. */
export function checkArgs(command: string, options: readonly OptionSpec[], args: readonly string[]): void {
  const byName = new Map(options.map((o) => [o.name, o]));
  const byShort = new Map(options.filter((o) => o.short).map((o) => [o.short!, o]));
  const help = `Run \`breakglass ${command} --help\` for its options.`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return;
    if (!a.startsWith('-') || a === '-') continue;
    let spec: OptionSpec | undefined;
    let inline: boolean;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq > 0 ? eq : undefined);
      inline = eq > 0;
      spec = byName.get(name);
      if (!spec) {
        const near = closest(name, byName.keys());
        throw new UsageError(
          `unknown option --${name} for \`breakglass ${command}\`${near ? `. Did you mean --${near}?` : '.'} ${help}`,
        );
      }
    } else {
      spec = byShort.get(a.slice(1, 2));
      inline = a.length > 2;
      if (!spec) throw new UsageError(`unknown option ${a} for \`breakglass ${command}\`. ${help}`);
    }
    if (!spec.value) {
      if (inline && a.startsWith('--'))
        throw new UsageError(`--${spec.name} is a switch and takes no value (give just --${spec.name})`);
      continue;
    }
    if (inline) continue;
    const next = args[i + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2))
      throw new UsageError(`--${spec.name} needs a value, e.g. --${spec.name} ${spec.value}. ${help}`);
    // A value that begins with "-" reads as another option to the parser: it must be attached with "=".
    if (next.startsWith('-') && next.length > 1)
      throw new UsageError(`the value of --${spec.name} begins with "-": give it as --${spec.name}=<value>`);
    i++;
  }
}

export { shellArg } from '../util/shell-arg.js';
