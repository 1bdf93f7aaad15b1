/**
 * Microsoft Entra built-in roles by name and template id, for judging what a
 * principal holds against what was declared. Read from the transcription of
 * the Learn page "Microsoft Entra built-in roles"
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference#all-roles),
 * the same file the practice tenant uses (its provenance is recorded beside it).
 * Template ids are the same in every tenant.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = 'entra-built-in-roles.json';

function dataPath(): string {
  // src/config → src/practice/contracts/data; dist/src/config → <package root>/src/practice/contracts/data
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(d, 'src/practice/contracts/data', FILE);
    if (existsSync(join(d, 'package.json')) && existsSync(p)) return p;
    d = dirname(d);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '../practice/contracts/data', FILE);
}

let roles: Record<string, string> | undefined;
function load(): Record<string, string> {
  roles ??= (JSON.parse(readFileSync(dataPath(), 'utf8')) as { roles: Record<string, string> }).roles;
  return roles;
}

/** Template id of a built-in role given by display name (case-insensitive) or by template id. */
export function entraRoleId(nameOrId: string): string | undefined {
  const want = nameOrId.trim().toLowerCase();
  for (const [name, id] of Object.entries(load())) if (name.toLowerCase() === want || id === want) return id;
  return undefined;
}

/** Display name of a built-in role's template id; undefined for a custom role. */
export function entraRoleName(templateId: string): string | undefined {
  const id = templateId.toLowerCase();
  for (const [name, t] of Object.entries(load())) if (t === id) return name;
  return undefined;
}
