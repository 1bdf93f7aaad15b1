/**
 * `breakglass check` alone, for the CommonJS bundle dist/check.cjs (scripts/build.mjs) that the
 * launcher runs from a V8 code cache (util/compile-cache.ts): Node 20 keeps no compiled code for ES
 * modules, so without it every `check` parses and compiles its 1.5 MB of code again. The same
 * dispatch as the CLI's (commands/dispatch.ts), so help, usage errors and exit codes are the CLI's own.
 */
import { dispatch } from './commands/dispatch.js';

export function main(argv: string[]): Promise<number> {
  return dispatch(argv, { check: () => import('./commands/check.js') });
}
