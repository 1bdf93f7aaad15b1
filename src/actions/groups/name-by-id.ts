/**
 * The name of a directory object known only by its object id, for a preview:
 * a user's display name and UPN, a group's display name. Best effort — the
 * identity making the change may not be allowed to read it (the emergency
 * application holds only RoleManagement.ReadWrite.Directory) — and then the
 * answer says why, so the preview can say so loudly instead of showing a
 * bare GUID as if it were a name.
 *
 * GET /users/{id}:  https://learn.microsoft.com/graph/api/user-get?view=graph-rest-1.0
 * GET /groups/{id}: https://learn.microsoft.com/graph/api/group-get?view=graph-rest-1.0
 */
import type { ActionContext } from '../../core/action.js';
import { seg } from '../odata.js';

export type NameRead = { ok: true; name: string; label: string } | { ok: false; why: string };

export async function nameById(ctx: ActionContext, kind: 'users' | 'groups', id: string): Promise<NameRead> {
  try {
    const select = kind === 'users' ? 'id,displayName,userPrincipalName' : 'id,displayName';
    const r = await ctx.tenant.graph.request<{ displayName?: string; userPrincipalName?: string }>({
      method: 'GET',
      path: `/${kind}/${seg(id)}`,
      query: { $select: select },
    });
    const { displayName, userPrincipalName } = r.body;
    if (kind === 'users' && userPrincipalName)
      return {
        ok: true,
        name: userPrincipalName,
        label: displayName ? `"${displayName}" <${userPrincipalName}>` : userPrincipalName,
      };
    if (displayName) return { ok: true, name: displayName, label: `"${displayName}"` };
    return { ok: false, why: `Graph returned no name for ${kind === 'users' ? 'user' : 'group'} ${id}` };
  } catch (e) {
    const status = (e as { status?: number }).status;
    const what = kind === 'users' ? 'user' : 'group';
    if (status === 404) return { ok: false, why: `no ${what} ${id} exists in this tenant (404)` };
    if (status === 401 || status === 403)
      return { ok: false, why: `the signed-in identity may not read ${what} ${id} (HTTP ${status})` };
    return {
      ok: false,
      why: `${what} ${id} could not be read${status ? ` (HTTP ${status})` : ''}: ${(e as Error).message ?? String(e)}`,
    };
  }
}
