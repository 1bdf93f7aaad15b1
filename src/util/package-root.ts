import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The package root: the nearest folder above this module with breakglass's
 * package.json. Works from src/ (tests), from dist/ and from dist/chunks/
 * (the bundle), so runbooks/, schema/ and the practice scenarios are found
 * however the code is loaded.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'breakglass') return (cached = dir);
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('cannot find the breakglass package root');
}
