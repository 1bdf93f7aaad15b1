/**
 * The signing keys in the keys folder (where `breakglass keys create` writes them), so a
 * printed command or a sign-off form can name a person's key file instead of asking for its path.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileSafe } from '../report/keys.js';
import { defaultKeyDir } from './keys.js';

/** Private key files in the keys folder, newest name last; empty when there is no folder. */
export async function keyFiles(dir?: string): Promise<string[]> {
  const folder = dir ?? (await defaultKeyDir());
  try {
    return readdirSync(folder)
      .filter((f) => f.endsWith('.key.pem'))
      .sort()
      .map((f) => join(folder, f));
  } catch {
    return [];
  }
}

/** Finds a signer's key file: the one with their keyid, or the only one under their name. */
export async function keyFileFinder(
  dir?: string,
): Promise<(role: string, name: string, keyid: string | undefined) => string | undefined> {
  const files = await keyFiles(dir);
  return (_role, name, keyid) => {
    const base = `${fileSafe(name)}-`;
    const mine = files.filter((f) => {
      const file = basename(f);
      return file.startsWith(base) && (!keyid || file === `${base}${keyid}.key.pem`);
    });
    return mine.length === 1 ? mine[0] : undefined;
  };
}
