/**
 * Restricted management administrative units, as Microsoft documents them
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management):
 * an administrator not assigned a role at the unit's scope cannot modify the Microsoft Entra properties of
 * a member, update a user's password, or modify a group's owners or members — Global Administrators and
 * Privileged Role Administrators at tenant scope included, and Graph application permissions "won't apply".
 * Adding a member of the unit to some other group is not blocked.
 *
 * Where the page leaves a case open, the practice tenant takes the stricter reading:
 * - a role-assignable group in such a unit "can't have their membership modified": nobody changes it;
 * - "no administrator role that can be assigned at the administrative unit scope can reset the password of
 *   a Global Administrator": no scoped role modifies a user who holds any directory role;
 * - a scoped role counts only when its description covers the operation
 *   (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles):
 *   Groups Administrator or User Administrator for a group; User, Helpdesk, Password, Authentication or
 *   Privileged Authentication Administrator for a user.
 */
import { roleIdByName } from './catalog.js';
import { WorldError } from './errors.js';
import type { Actor, AdministrativeUnitRec } from './state.js';
import type { WorldState } from './world-state.js';

const GROUP_ROLES = ['Groups Administrator', 'User Administrator'];
const USER_ROLES = [
  'User Administrator',
  'Helpdesk Administrator',
  'Password Administrator',
  'Authentication Administrator',
  'Privileged Authentication Administrator',
];

/** The administrative units an object is a direct member of. */
export function unitsOf(w: WorldState, objectId: string): AdministrativeUnitRec[] {
  const id = objectId.toLowerCase();
  return [...w.administrativeUnits.values()].filter((u) => u._members.some((m) => m.toLowerCase() === id));
}

/**
 * Throws the service's 403 when `actor` may not change `target` (a user or group id) because the target is
 * in a restricted management administrative unit.
 */
export function assertMayModify(w: WorldState, actor: Actor, targetId: string, kind: 'user' | 'group'): void {
  if (actor.kind === 'system') return;
  const restricted = unitsOf(w, targetId).filter((u) => u.isMemberManagementRestricted);
  if (restricted.length === 0) return;
  const noun = kind === 'user' ? 'user' : 'group';
  const refuse = (why: string): never => {
    // The message is the one the page shows ("messages similar to the following"); the code is Graph's
    // directory code for an operation the caller may not perform.
    throw new WorldError(
      403,
      'Authorization_RequestDenied',
      `This ${noun} is a member of a restricted management administrative unit. Management rights are limited to administrators scoped on that administrative unit. (${why})`,
    );
  };
  const names = restricted.map((u) => u.displayName).join(', ');
  if (kind === 'group' && w.groups.get(targetId)?.isAssignableToRole)
    refuse(`role-assignable group in ${names}: its membership cannot be modified`);
  if (kind === 'user' && w.activeAssignments().some((a) => a.principalId.toLowerCase() === targetId.toLowerCase()))
    refuse(`the user holds a directory role, and no role assignable at ${names} scope may manage it`);
  const allowed = new Set((kind === 'group' ? GROUP_ROLES : USER_ROLES).map((r) => roleIdByName(r)));
  const scoped = restricted.some((u) =>
    u._scoped.some((s) => s.principalId.toLowerCase() === actor.id.toLowerCase() && allowed.has(s.roleId)),
  );
  if (!scoped) refuse(`${actor.name} holds no role scoped to ${names} that manages ${noun}s`);
}
