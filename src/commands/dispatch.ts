/**
 * The command line's dispatch: help, version, usage errors, then the named
 * command's module, loaded only when it runs. Shared by the CLI (src/cli.ts,
 * every command) and the check-only bundle that Node 20 runs from a code
 * cache (src/cli-check.ts), so both answer a command line the same way.
 */
import { EXIT } from '../core/exit-codes.js';
import { version } from '../util/version.js';
import { COMMANDS, HOME_OPTIONS, commandHelp } from './specs.js';
import { checkArgs } from './argv.js';
import { closest } from '../runbook/suggest.js';
import { UsageError } from '../core/errors.js';

/** A command's module: `run(args)` resolves to the exit code. */
export type CommandModule = { run(args: string[]): Promise<number> };

/** The commands a bundle carries, each loaded at its own import() (a lazy chunk in the ESM build). */
export type CommandModules = Partial<Record<string, () => Promise<CommandModule>>>;

export function helpText(): string {
  const rows = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
    .join('\n');
  return `breakglass ${version()} — guided, drilled and signed procedures for Microsoft Entra emergency-access accounts

Usage:
  breakglass                 home screen: runbooks, due drills, unfinished runs
  breakglass <command> [options]

Commands:
${rows}

Global options:
  --tenant practice|<tenant-id>   which tenant (default: practice, the built-in emulator)
  --state-dir DIR                 where runs, journals and reports live
  --plain                         line-by-line prompts (screen readers, dumb terminals)
  -h, --help                      help for breakglass or a command
  -v, --version                   print the version

Exit codes: 0 ok · 1 failed (validation errors, failing check, invalid report) · 2 check error / report incomplete
            64 usage · 66 no input · 67 no terminal · 70 internal · 75 quit (resumable) · 76 aborted
Help for one command: breakglass <command> --help (every option, with examples)
Docs: docs/runbook-format.md · README.md
`;
}

function unknownCommand(name: string): number {
  const near = closest(name, Object.keys(COMMANDS));
  process.stderr.write(
    `breakglass: unknown command "${name}".${near ? ` Did you mean \`breakglass ${near}\`?` : ''} Run \`breakglass --help\` for the list.\n`,
  );
  return EXIT.USAGE;
}

/** `--state-dir DIR` or `--state-dir=DIR` anywhere on the command line, before any command parses it. */
function stateDirFlag(argv: string[]): string | undefined {
  for (const [i, a] of argv.entries()) {
    if (a === '--state-dir') return argv[i + 1];
    if (a.startsWith('--state-dir=')) return a.slice('--state-dir='.length);
  }
  return undefined;
}

export async function dispatch(argv: string[], modules: CommandModules): Promise<number> {
  // Before anything else: a run killed while a secret was on screen may have left it there.
  const [{ resolveStateDir }, { clearSecretLeftOnScreen }] = await Promise.all([
    import('../state/paths.js'),
    import('../state/secret-marker.js'),
  ]);
  const stateDir = resolveStateDir(stateDirFlag(argv));
  if (!clearSecretLeftOnScreen(stateDir, process.stdout)) clearSecretLeftOnScreen(stateDir, process.stderr);
  const [first, ...rest] = argv;
  if (first === '-v' || first === '--version') {
    process.stdout.write(version() + '\n');
    return EXIT.OK;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = rest[0];
    if (topic && COMMANDS[topic]) process.stdout.write(commandHelp(topic, COMMANDS[topic]));
    else if (topic) return unknownCommand(topic);
    else process.stdout.write(helpText());
    return EXIT.OK;
  }
  const name = first === undefined || first.startsWith('-') ? 'home' : first;
  const args = name === 'home' ? argv : rest;
  const spec = COMMANDS[name];
  if (name !== 'home' && !spec) return unknownCommand(name);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(spec ? commandHelp(name, spec) : helpText());
    return EXIT.OK;
  }
  try {
    checkArgs(name === 'home' ? 'run' : name, spec ? spec.options : HOME_OPTIONS, args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`breakglass${name === 'home' ? '' : ` ${name}`}: ${e.message}\n`);
    return EXIT.USAGE;
  }
  const load = modules[name];
  // The launcher hands a bundle only the command lines it carries (bin/breakglass.js).
  if (!load) throw new Error(`this bundle does not carry the command "${name}"`);
  return (await load()).run(args);
}
