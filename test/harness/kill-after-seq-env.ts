import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PRELOAD = pathToFileURL(join(import.meta.dirname, 'kill-after-seq.mjs')).href;

/** Environment for a child process that SIGKILLs itself right after journal record `seq` is durable. */
export function killAfterSeqEnv(seq: number): Record<string, string> {
  const inherited = process.env['NODE_OPTIONS'] ? `${process.env['NODE_OPTIONS']} ` : '';
  return { BREAKGLASS_TEST_KILL_AFTER_SEQ: String(seq), NODE_OPTIONS: `${inherited}--import=${PRELOAD}` };
}
