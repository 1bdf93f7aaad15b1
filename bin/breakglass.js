#!/usr/bin/env node
// Thin launcher: everything lives in the bundle dist/cli.js and its lazy
// chunks (built by `npm install` via the prepare script, scripts/build.mjs).
// Kept tiny so `--help` stays fast.
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs (in the OS temp folder); Node 20 has no such cache.
module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');

main(process.argv.slice(2)).then(
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
