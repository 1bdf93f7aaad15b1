/**
 * Command dispatch. Deliberately tiny: every command lives in
 * src/commands/<name>.ts and is loaded only when invoked, so `--help` and
 * `--version` never load Ink, MSAL or any Azure SDK. The command line is
 * checked against the command's option table (src/commands/specs.ts) first.
 */
import { EXIT } from './core/exit-codes.js';
import { version } from './util/version.js';
import { COMMANDS, HOME_OPTIONS, commandHelp } from './commands/specs.js';
import { checkArgs } from './commands/argv.js';
import { closest } from './runbook/suggest.js';
import { UsageError } from './core/errors.js';

export { COMMANDS };

export { version };

/**
 * Each command's module, loaded only when that command runs. One literal
 * import() per command, so the bundler (scripts/build.mjs) makes each a lazy
 * chunk: `--help` loads none of them.
 */
const COMMAND_MODULES = {
  home: () => import('./commands/home.js'),
  list: () => import('./commands/list.js'),
  validate: () => import('./commands/validate.js'),
  run: () => import('./commands/run.js'),
  resume: () => import('./commands/resume.js'),
  check: () => import('./commands/check.js'),
  export: () => import('./commands/export.js'),
  verify: () => import('./commands/verify.js'),
  sign: () => import('./commands/sign.js'),
  keys: () => import('./commands/keys.js'),
  history: () => import('./commands/history.js'),
  practice: () => import('./commands/practice.js'),
} satisfies Record<string, () => Promise<{ run(args: string[]): Promise<number> }>>;

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

export async function main(argv: string[]): Promise<number> {
  // Before anything else: a run killed while a secret was on screen may have left it there.
  const [{ resolveStateDir }, { clearSecretLeftOnScreen }] = await Promise.all([
    import('./state/paths.js'),
    import('./state/secret-marker.js'),
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
  const mod = await COMMAND_MODULES[name as keyof typeof COMMAND_MODULES]();
  return mod.run(args);
}
