/**
 * Every item of an ARM list, page by page. ARM list responses are { value: [...], nextLink? }; nextLink is an
 * absolute URL that already carries the api-version
 * (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/resource-api-reference.md#get-resource ,
 * x-ms-pageable in the specs). The session adds the api-version itself, so it is taken off the link.
 */
import type { TenantSession } from '../core/tenant.js';

/** Guards against a service that keeps answering with a next page. */
const MAX_PAGES = 1000;

export async function armListAll<T>(tenant: TenantSession, path: string, apiVersion: string): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let next: string | undefined = path;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const r: { body: { value?: T[]; nextLink?: string | null } } = await tenant.arm.request('GET', next, apiVersion);
    items.push(...(r.body?.value ?? []));
    next = r.body?.nextLink ? armRelative(r.body.nextLink) : undefined;
    if (next && seen.has(next)) throw new Error(`ARM paging loop: the service returned the next page ${next} twice.`);
    if (next) seen.add(next);
  }
  return items;
}

function armRelative(link: string): string {
  const u = new URL(link, 'https://arm.invalid');
  u.searchParams.delete('api-version');
  const s = u.searchParams.toString();
  return u.pathname + (s ? `?${s}` : '');
}
