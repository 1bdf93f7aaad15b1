/**
 * The Microsoft Entra built-in role catalogue (role name → template id), transcribed from the Learn
 * page "Microsoft Entra built-in roles" (data/entra-built-in-roles.json names the source and commit).
 * Template ids are identical in every tenant.
 */
import { readContractJson } from './data.js';

interface RoleCatalogue {
  source: { repository: string; path: string; commit: string; page: string };
  roles: Record<string, string>;
}

let catalogue: RoleCatalogue | undefined;
function load(): RoleCatalogue {
  catalogue ??= readContractJson<RoleCatalogue>('entra-built-in-roles.json');
  return catalogue;
}

/** Every built-in role: display name → template id. */
export function builtInRoles(): Readonly<Record<string, string>> {
  return load().roles;
}

/** The built-in role's display name for a template id (case-insensitive), if it is one. */
export function builtInRoleName(templateId: string): string | undefined {
  const id = templateId.toLowerCase();
  for (const [name, t] of Object.entries(load().roles)) if (t === id) return name;
  return undefined;
}
