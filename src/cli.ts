/**
 * Command dispatch. Deliberately tiny and import-free: every command lives in
 * src/commands/<name>.ts and is loaded only when invoked, so `--help` and
 * `--version` never load Ink, MSAL or any Azure SDK.
 */
import { EXIT } from './core/exit-codes.js';
import { version } from './util/version.js';

export const COMMANDS: Record<string, { summary: string; usage: string }> = {
  list: { summary: 'list shipped and your own runbooks', usage: 'breakglass list [--json]' },
  validate: { summary: 'check runbooks without a tenant (file:line:col errors)', usage: 'breakglass validate <file…>' },
  run: {
    summary: 'run a runbook (TUI, or --plain)',
    usage: 'breakglass run <runbook|id> [--tenant practice|<id>] [--plain] [--state-dir DIR]',
  },
  resume: {
    summary: 'list unfinished runs, or continue one',
    usage: 'breakglass resume [run-id] [--plain] [--state-dir DIR]',
  },
  check: {
    summary: 'headless read-only checks for pipelines',
    usage: 'breakglass check [runbook|--all] --accounts a,b --group G [--format text|json|junit|sarif|markdown]',
  },
  verify: {
    summary: 'verify a signed completion report',
    usage: 'breakglass verify <report.json> [--pubkey FILE…] [--run-dir DIR]',
  },
  sign: {
    summary: 'add a signature (e.g. the witness) to a report',
    usage: 'breakglass sign <report.json> --key FILE --role witness --name NAME',
  },
  keys: {
    summary: 'create and show signing keys',
    usage: 'breakglass keys create --name NAME [--out DIR] | keys show FILE',
  },
  history: {
    summary: 'past reports, next due dates, alert-latency trend',
    usage: 'breakglass history [--tenant T] [--runbook ID]',
  },
  practice: {
    summary: 'the practice tenant (serve, approve, signin, register-key)',
    usage: 'breakglass practice serve [--port N] [--scenario NAME]',
  },
};

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
Docs: docs/runbook-format.md · README.md
`;
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-v' || first === '--version') {
    process.stdout.write(version() + '\n');
    return EXIT.OK;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = rest[0];
    if (topic && COMMANDS[topic]) process.stdout.write(`${COMMANDS[topic].usage}\n  ${COMMANDS[topic].summary}\n`);
    else process.stdout.write(helpText());
    return EXIT.OK;
  }
  const name = first === undefined || first.startsWith('-') ? 'home' : first;
  const args = name === 'home' ? argv : rest;
  if (name !== 'home' && !COMMANDS[name]) {
    process.stderr.write(`breakglass: unknown command "${name}". Run \`breakglass --help\` for the list.\n`);
    return EXIT.USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    const c = COMMANDS[name];
    process.stdout.write(c ? `${c.usage}\n  ${c.summary}\n` : helpText());
    return EXIT.OK;
  }
  const mod = await COMMAND_MODULES[name as keyof typeof COMMAND_MODULES]();
  return mod.run(args);
}
