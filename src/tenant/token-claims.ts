/**
 * Reads who is signed in and what was granted from an access token. Decode
 * only — the token is verified by the service that receives it; we use the
 * claims to report identity and to check permissions before a run starts.
 */
import type { SignedInIdentity } from '../core/tenant.js';

export interface AccessTokenClaims {
  tid?: string;
  oid?: string;
  upn?: string;
  preferred_username?: string;
  unique_name?: string;
  appid?: string;
  azp?: string;
  idtyp?: string;
  scp?: string;
  roles?: string[];
  /** Template ids of the caller's Microsoft Entra roles (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims). */
  wids?: string[];
  aud?: string;
  exp?: number;
}

export function decodeAccessToken(token: string): AccessTokenClaims {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as AccessTokenClaims;
  } catch {
    return {};
  }
}

export function identityFromClaims(c: AccessTokenClaims): SignedInIdentity {
  const scopes = (c.scp ?? '').split(' ').filter(Boolean);
  const roles = Array.isArray(c.roles) ? c.roles.filter((r): r is string => typeof r === 'string') : [];
  const kind: 'user' | 'app' =
    c.idtyp === 'app' || (scopes.length === 0 && !c.upn && !c.preferred_username) ? 'app' : 'user';
  const upn = c.upn ?? c.preferred_username ?? c.unique_name;
  const appId = c.appid ?? c.azp;
  return {
    tenantId: c.tid ?? '',
    oid: c.oid ?? '',
    ...(upn ? { upn } : {}),
    ...(appId ? { appId } : {}),
    kind,
    granted: kind === 'app' ? roles : scopes,
    ...(Array.isArray(c.wids) && c.wids.length
      ? { directoryRoleIds: c.wids.filter((r): r is string => typeof r === 'string') }
      : {}),
  };
}
