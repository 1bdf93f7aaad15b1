/**
 * Small helpers every action and query uses to talk to Graph safely:
 * OData string literals are escaped (a display name with a quote must never
 * change the meaning of a $filter), path segments are URL-encoded.
 */
import type { TenantSession } from '../core/tenant.js';
import { odataRef, type GraphBody } from '../core/graph-types.js';

/** Quote a value as an OData string literal: O'Brien → 'O''Brien'. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The body of POST /groups/{id}/members/$ref or /owners/$ref: a reference to a directory object
 * (https://learn.microsoft.com/graph/api/group-post-members, https://learn.microsoft.com/graph/api/group-post-owners),
 * under the tenant's own cloud's Graph root: a national cloud's Graph (graph.microsoft.us,
 * dod-graph.microsoft.us, microsoftgraph.chinacloudapi.cn — https://learn.microsoft.com/graph/deployments)
 * does not resolve the global service's URLs.
 */
export function directoryObjectRef(tenant: Pick<TenantSession, 'graph'>, id: string): GraphBody {
  return odataRef(`${tenant.graph.root.replace(/\/+$/, '')}/v1.0/directoryObjects/${id}`);
}

/** Encode one path segment (an id or a UPN). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  accountEnabled?: boolean;
  onPremisesImmutableId?: string | null;
  onPremisesSyncEnabled?: boolean | null;
}

/** Reads a user by UPN or id; undefined when Graph says 404. Other failures throw (fail closed). */
export async function findUser(tenant: TenantSession, upnOrId: string): Promise<GraphUser | undefined> {
  try {
    const r = await tenant.graph.request<GraphUser>({
      method: 'GET',
      path: `/users/${seg(upnOrId)}`,
      query: { $select: 'id,userPrincipalName,displayName,accountEnabled,onPremisesImmutableId,onPremisesSyncEnabled' },
    });
    return r.body;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Resolves a user or throws a clear error when the user does not exist. */
export async function requireUser(tenant: TenantSession, upnOrId: string): Promise<GraphUser> {
  const u = await findUser(tenant, upnOrId);
  if (!u)
    throw new Error(
      `No user "${upnOrId}" in this tenant. Check the UPN (break-glass accounts live on the initial *.onmicrosoft.com domain).`,
    );
  return u;
}

export function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'status' in e && (e as { status: number }).status === 404;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  groupTypes?: string[];
  isAssignableToRole?: boolean | null;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  membershipRule?: string | null;
}

/** Finds a group by object id (GUID) or exact display name. Several groups with one name is an error: never guess. */
export async function findGroup(tenant: TenantSession, idOrName: string): Promise<GraphGroup | undefined> {
  const select = 'id,displayName,groupTypes,isAssignableToRole,securityEnabled,mailEnabled,membershipRule';
  if (GUID.test(idOrName)) {
    try {
      return (
        await tenant.graph.request<GraphGroup>({
          method: 'GET',
          path: `/groups/${seg(idOrName)}`,
          query: { $select: select },
        })
      ).body;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
  const found: GraphGroup[] = [];
  for await (const g of tenant.graph.list<GraphGroup>({
    path: '/groups',
    query: { $filter: `displayName eq ${odataString(idOrName)}`, $select: select },
  })) {
    found.push(g);
  }
  if (found.length > 1)
    throw new Error(`${found.length} groups are named "${idOrName}". Give the group's object id instead.`);
  return found[0];
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Global Administrator role template id (the same in every tenant). */
export const GLOBAL_ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';
