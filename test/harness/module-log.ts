/**
 * What a breakglass process loads, for tests that hold start-up to "only what this screen needs":
 * loader hooks that append each resolved module URL to the file named by BG_MODULE_LOG (they run
 * in Node's loader thread, so they are source text), and which source files and packages each
 * output file of the build holds (dist/meta.json, written by scripts/build.mjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MODULE_LOG_HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.BG_MODULE_LOG, r.url + '\\n');
  return r;
}`;

/** Source for `--import data:…` (or a preload): registers MODULE_LOG_HOOKS. */
export const REGISTER_MODULE_LOG = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(MODULE_LOG_HOOKS)}));`;

/** Each output file of the build under `root` (absolute path) → the source paths bundled into it. */
export function bundledInputs(root: string): Map<string, string[]> {
  const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  return new Map(Object.entries(meta.outputs).map(([out, o]) => [join(root, out), Object.keys(o.inputs)]));
}

/**
 * Source for `--import data:…`: the module log (REGISTER_MODULE_LOG), and a line FRAME in it when
 * `marker` is first written to stdout, so a test can tell what loaded before a frame.
 */
export function moduleLogUntilFrame(marker: string): string {
  return `
${REGISTER_MODULE_LOG}
import { appendFileSync } from 'node:fs';
const write = process.stdout.write.bind(process.stdout);
let seen = false;
process.stdout.write = (chunk, ...rest) => {
  if (!seen && String(chunk).includes(${JSON.stringify(marker)})) {
    seen = true;
    appendFileSync(process.env.BG_MODULE_LOG, 'FRAME\\n');
  }
  return write(chunk, ...rest);
};`;
}
