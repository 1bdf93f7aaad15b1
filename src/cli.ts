/**
 * Command dispatch. Deliberately tiny: every command lives in
 * src/commands/<name>.ts and is loaded only when invoked, so `--help` and
 * `--version` never load Ink, MSAL or any Azure SDK. The command line is
 * checked against the command's option table (src/commands/specs.ts) first
 * (src/commands/dispatch.ts).
 */
import { version } from './util/version.js';
import { COMMANDS } from './commands/specs.js';
import { dispatch, helpText } from './commands/dispatch.js';

export { COMMANDS, helpText, version };

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

export function main(argv: string[]): Promise<number> {
  return dispatch(argv, COMMAND_MODULES);
}
