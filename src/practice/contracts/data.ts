/**
 * Where the vendored contract files live: beside the sources (src/practice/contracts/data). The
 * compiled files in dist/ find them from the package root, which ships src/practice/contracts/data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function contractDataPath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, 'data', name);
  if (existsSync(beside)) return beside;
  // dist/practice/contracts → <package root>/src/practice/contracts/data
  let d = here;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(d, 'package.json'))) return join(d, 'src/practice/contracts/data', name);
    d = dirname(d);
  }
  return beside;
}

export function readContractJson<T>(name: string): T {
  return JSON.parse(readFileSync(contractDataPath(name), 'utf8')) as T;
}
