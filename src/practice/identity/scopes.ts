/**
 * Turns a token request's `scope` parameter into the resource (audience) and
 * the permissions that go into the token — or into Entra's error for that
 * request (AADSTS28000 two resources, AADSTS500011 unknown resource,
 * AADSTS1002012 client credentials without /.default, AADSTS65001 consent
 * missing for a delegated scope).
 */
import { entraError } from './errors.js';
import { AUDIENCE, OIDC_SCOPES, grantedFor, parseScope, type ResourceId } from './resources.js';
import type { PracticeResponse } from '../types.js';

export interface ResolvedScopes {
  resource: ResourceId;
  audience: string;
  /** Permissions for scp (delegated) or roles (app-only), in granted casing. */
  permissions: string[];
  /** The `scope` value of the token response. */
  responseScope: string;
}

interface Ctx {
  tenant: string;
  app: { appId: string; displayName: string };
}

export function resolveScopes(
  scopeParam: string | null,
  granted: string[],
  kind: 'delegated' | 'app',
  ctx: Ctx,
): ResolvedScopes | PracticeResponse {
  const requested = (scopeParam ?? '').split(/\s+/).filter(Boolean);
  const parsed: { raw: string; resource: ResourceId; permission: string }[] = [];
  for (const raw of requested) {
    const p = parseScope(raw);
    if (p === undefined) continue;
    if (p === 'unknown') {
      const resourceUri = raw.replace(/\/[^/]*$/, '');
      return entraError({
        status: 400,
        error: 'invalid_resource',
        code: 500011,
        message: `The resource principal named ${resourceUri} was not found in the tenant named ${ctx.tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      });
    }
    parsed.push({ raw, ...p });
  }
  if (kind === 'app') {
    const only = parsed[0];
    if (parsed.length !== 1 || !only || only.permission !== '.default') {
      return entraError({
        status: 400,
        error: 'invalid_scope',
        code: 1002012,
        message: `The provided value for scope ${requested.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      });
    }
  }
  const resources = [...new Set(parsed.map((p) => p.resource))];
  if (resources.length > 1) {
    return entraError({
      status: 400,
      error: 'invalid_scope',
      code: 28000,
      message: `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${requested.join(' ')} is not valid.`,
    });
  }
  const resource: ResourceId = resources[0] ?? 'graph';
  const available = grantedFor(resource, granted);
  const wantsDefault = parsed.length === 0 || parsed.some((p) => p.permission === '.default');
  let permissions: string[];
  if (wantsDefault) {
    permissions = available;
  } else {
    permissions = [];
    for (const p of parsed) {
      const hit = available.find((a) => a.toLowerCase() === p.permission.toLowerCase());
      if (hit) {
        if (!permissions.includes(hit)) permissions.push(hit);
      }
    }
  }
  const missing = wantsDefault
    ? available.length === 0
    : parsed.some((p) => !available.some((a) => a.toLowerCase() === p.permission.toLowerCase()));
  if (kind === 'delegated' && missing) {
    return entraError({
      status: 400,
      error: 'invalid_grant',
      code: 65001,
      suberror: 'consent_required',
      message: `The user or administrator has not consented to use the application with ID '${ctx.app.appId}' named '${ctx.app.displayName}'. Send an interactive authorization request for this user and resource.`,
    });
  }
  const oidc = requested.filter((s) => OIDC_SCOPES.has(s.toLowerCase()));
  const resourceScopes = parsed.map((p) => p.raw);
  return {
    resource,
    audience: AUDIENCE[resource],
    permissions,
    responseScope: [...resourceScopes, ...oidc].join(' '),
  };
}

export function isErrorResponse(x: ResolvedScopes | PracticeResponse): x is PracticeResponse {
  return (x as PracticeResponse).status !== undefined;
}
