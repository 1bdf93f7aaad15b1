#!/usr/bin/env node
// Thin launcher: everything lives in the bundle dist/cli.js and its lazy
// chunks (built by `npm install` via the prepare script, scripts/build.mjs).
// Kept tiny so `--help` stays fast.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
// Compiled code kept between runs in a private cache folder (src/util/compile-cache.ts): `check` runs
// from its CommonJS bundle and a V8 code cache; Node 22.1+ also caches the ES modules itself. Any other
// command on Node 20 has no cache to use: it does not load that module (and node:crypto, node:vm with
// it) before its first frame.
const mayCache = typeof module.enableCompileCache === 'function' || argv[0] === 'check';
const main =
  (mayCache &&
    (await import('../dist/compile-cache.js')).startWithCompileCache(
      argv,
      fileURLToPath(new URL('../dist/check.cjs', import.meta.url)),
    )) ||
  (await import('../dist/cli.js')).main;

main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Last-resort guard: never a stack trace for the operator unless asked.
    const debug = process.env.BREAKGLASS_DEBUG === '1';
    process.stderr.write(`breakglass: internal error: ${err && err.message ? err.message : String(err)}\n`);
    if (debug && err && err.stack) process.stderr.write(err.stack + '\n');
    else
      process.stderr.write(
        'Run again with BREAKGLASS_DEBUG=1 for details, and report it. Your run journal is intact; `breakglass resume` continues.\n',
      );
    process.exitCode = 70;
  },
);
