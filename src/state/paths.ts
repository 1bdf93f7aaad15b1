/**
 * Where breakglass keeps runs, journals and reports:
 * --state-dir DIR, else $BREAKGLASS_STATE_DIR, else the platform data dir
 * (env-paths: ~/.local/share/breakglass, ~/Library/Application Support/breakglass,
 * %LOCALAPPDATA%\breakglass\Data).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';

export function resolveStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  const fromEnv = env['BREAKGLASS_STATE_DIR'];
  if (fromEnv) return resolve(fromEnv);
  return envPaths('breakglass', { suffix: '' }).data;
}

/** Where the practice tenant keeps its key material between starts (and `practice serve` its server.json). */
export function practiceKeyStore(stateDir: string): string {
  return join(stateDir, 'practice');
}

/** The runbook library's front-matter index (runbook/front-matter-index.ts): a cache, rebuilt when missing. */
export function runbookIndexFile(stateDir: string): string {
  return join(stateDir, 'runbook-index.json');
}

export function runsDir(stateDir: string): string {
  return join(stateDir, 'runs');
}

/** Creates the directory tree owner-only: runs name tenants and accounts. */
export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
