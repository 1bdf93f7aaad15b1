/**
 * Resources (audiences) the practice tenant issues tokens for, and how a
 * requested scope maps onto one. Scopes keep Microsoft's resource
 * identifiers (https://graph.microsoft.com/…) even though every service is
 * served from 127.0.0.1: resource ids are names, not endpoints.
 */
export type ResourceId = 'graph' | 'logs' | 'arm';

export const AUDIENCE: Record<ResourceId, string> = {
  graph: 'https://graph.microsoft.com',
  logs: 'https://api.loganalytics.io',
  arm: 'https://management.azure.com/',
};

/** Well-known first-party app ids, used where Entra puts them in errors. */
export const RESOURCE_APP_ID: Record<ResourceId, string> = {
  graph: '00000003-0000-0000-c000-000000000000',
  logs: 'ca7f3f0b-7d91-482c-8e09-c5d840d0eac5',
  arm: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
};

/** Permissions that belong to Log Analytics / ARM when written without a resource prefix. */
const LOGS_PERMS = new Set(['data.read']);
const ARM_PERMS = new Set(['user_impersonation']);

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function resourceOfUri(uri: string): ResourceId | undefined {
  const u = uri.replace(/\/+$/, '').toLowerCase();
  if (u === 'https://graph.microsoft.com' || u === '00000003-0000-0000-c000-000000000000') return 'graph';
  if (u === 'https://api.loganalytics.io' || u === 'https://api.loganalytics.azure.com') return 'logs';
  if (u === 'https://management.azure.com' || u === 'https://management.core.windows.net') return 'arm';
  return undefined;
}

export interface ParsedScope {
  resource: ResourceId;
  /** Permission name, or '.default'. */
  permission: string;
}

/** Parses one scope token. Returns undefined for OIDC scopes, 'unknown' for a resource we do not serve. */
export function parseScope(scope: string): ParsedScope | undefined | 'unknown' {
  if (OIDC_SCOPES.has(scope.toLowerCase())) return undefined;
  const m = /^(https?:\/\/[^/]+\/?|[0-9a-f-]{36}\/)(.*)$/i.exec(scope);
  if (m) {
    const uri = (m[1] ?? '').replace(/\/$/, '');
    const resource = resourceOfUri(uri);
    if (!resource) return 'unknown';
    // "https://management.azure.com//.default" (double slash) is accepted by Entra.
    const permission = (m[2] ?? '').replace(/^\/+/, '');
    return { resource, permission };
  }
  // A bare permission name is a Graph scope (as in Entra).
  return { resource: 'graph', permission: scope };
}

/** Which resource a granted permission (as the scenario writes it) belongs to, and its bare name. */
export function grantedFor(resource: ResourceId, granted: string[]): string[] {
  const out: string[] = [];
  for (const g of granted) {
    const p = parseScope(g);
    if (!p || p === 'unknown') continue;
    let r = p.resource;
    const low = p.permission.toLowerCase();
    if (r === 'graph' && !/^https?:/i.test(g)) {
      if (LOGS_PERMS.has(low)) r = 'logs';
      else if (ARM_PERMS.has(low)) r = 'arm';
    }
    if (r === resource && !out.includes(p.permission)) out.push(p.permission);
  }
  return out;
}
